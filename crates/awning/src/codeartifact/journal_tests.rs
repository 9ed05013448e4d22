use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;
use crate::codeartifact::tools::{Choices, Format, Machine, Os, Scope, Target, Tool, plan};

const X: &str = "https://x-111122223333.d.codeartifact.us-west-2.amazonaws.com/npm/x/";
const Y: &str = "https://y-111122223333.d.codeartifact.us-west-2.amazonaws.com/npm/y/";
const USER_NPMRC: &str =
    "# mine\nregistry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=npm_mine\n";

/// One `~/.npmrc`, the journal of Awning's changes to it, and each connection's token.
struct Npmrc {
    journal: Journal,
    lines: Document,
    tokens: BTreeMap<&'static str, Secret>,
    keychain: Vec<ToKeep>,
}

impl Npmrc {
    fn new(text: &str) -> Self {
        Self {
            journal: Journal::default(),
            lines: Document::parse(Format::Ini, text).unwrap(),
            tokens: BTreeMap::new(),
            keychain: Vec::new(),
        }
    }

    fn path() -> PathBuf {
        PathBuf::from("/home/ada/.npmrc")
    }

    /// Configures `tool` for `endpoint` as `connection`, with `token`.
    fn configure(&mut self, connection: &'static str, tool: Tool, endpoint: &str, token: &str) {
        let machine = Machine::with("/home/ada", Os::Linux, &[]);
        let target = Target {
            endpoint: endpoint.to_owned(),
            repository: crate::codeartifact::Repository {
                domain: "x".to_owned(),
                owner: None,
                repository: "x".to_owned(),
                region: "us-west-2".to_owned(),
            },
            profile: "dev".to_owned(),
        };
        let plan = plan(tool, &target, &machine, &Scope::User, &Choices::default()).unwrap();
        let secret = Secret::new(token);
        let writer = Writer {
            connection,
            token: &secret,
            token_item: "codeartifact:x:111122223333:us-west-2:dev",
        };
        let kept = self.journal.apply(
            &Self::path(),
            &mut self.lines,
            &plan.edits[0].changes,
            writer,
        );
        self.keychain.extend(kept);
        self.tokens.insert(connection, secret);
    }

    /// Takes back `connection`; the keychain texts it released.
    fn undo(&mut self, connection: &str) -> Vec<Kept> {
        self.tokens.remove(connection);
        let tokens = &self.tokens;
        let keychain = &self.keychain;
        self.journal.take_back(
            &Self::path(),
            &mut self.lines,
            connection,
            &|other| tokens.get(other).cloned(),
            &|kept| {
                keychain
                    .iter()
                    .find(|keep| &keep.kept == kept)
                    .map(|keep| keep.secret.clone())
            },
        )
    }

    fn text(&self) -> String {
        self.lines.to_string()
    }

    fn get(&self, key: &str) -> Option<String> {
        let Document::Lines(lines) = &self.lines else {
            panic!("an .npmrc is lines");
        };
        lines.get(None, key)
    }
}

#[test]
fn two_tools_writing_the_same_lines_each_take_back_only_their_claim() {
    let mut npmrc = Npmrc::new(USER_NPMRC);
    npmrc.configure("npm-x", Tool::Npm, X, "TOKEN-X");
    let configured = npmrc.text();
    npmrc.configure("pnpm-x", Tool::Pnpm, X, "TOKEN-X");
    assert_eq!(npmrc.text(), configured, "pnpm wants what npm wrote");

    npmrc.undo("npm-x");
    assert_eq!(npmrc.text(), configured, "pnpm still needs the lines");
    npmrc.undo("pnpm-x");
    assert_eq!(npmrc.text(), USER_NPMRC);
    assert!(!npmrc.journal.touches(&Npmrc::path()));
}

#[test]
fn the_last_writer_wins_and_its_undo_gives_the_line_back_to_the_one_before() {
    let mut npmrc = Npmrc::new(USER_NPMRC);
    npmrc.configure("npm-x", Tool::Npm, X, "TOKEN-X");
    let with_x = npmrc.text();
    npmrc.configure("pnpm-y", Tool::Pnpm, Y, "TOKEN-Y");
    assert_eq!(npmrc.get("registry").as_deref(), Some(Y));

    npmrc.undo("pnpm-y");
    assert_eq!(npmrc.text(), with_x);
    npmrc.undo("npm-x");
    assert_eq!(npmrc.text(), USER_NPMRC);
}

#[test]
fn an_old_token_awning_writes_over_goes_to_the_keychain_and_comes_back_on_undo() {
    let key = "//x-111122223333.d.codeartifact.us-west-2.amazonaws.com/npm/x/:_authToken";
    let before = format!("{USER_NPMRC}{key}=OLD-TOKEN\n");
    let mut npmrc = Npmrc::new(&before);
    npmrc.configure("npm-x", Tool::Npm, X, "TOKEN-X");
    assert_eq!(npmrc.get(key).as_deref(), Some("TOKEN-X"));
    assert_eq!(npmrc.keychain.len(), 1);
    assert_eq!(
        npmrc.keychain[0].secret.expose(),
        format!("{key}=OLD-TOKEN")
    );
    let remembered = serde_json::to_string(&npmrc.journal).unwrap();
    assert!(
        !remembered.contains("OLD-TOKEN") && !remembered.contains("TOKEN-X"),
        "{remembered}"
    );

    let released = npmrc.undo("npm-x");
    assert_eq!(npmrc.text(), before);
    assert_eq!(released, [npmrc.keychain[0].kept.clone()]);
}

#[test]
fn a_new_token_rewrites_only_the_token_lines() {
    let mut npmrc = Npmrc::new(USER_NPMRC);
    npmrc.configure("npm-x", Tool::Npm, X, "FIRST");
    let with_first = npmrc.text();
    npmrc.configure("npm-x", Tool::Npm, X, "SECOND");
    assert_eq!(npmrc.text(), with_first.replace("FIRST", "SECOND"));
    npmrc.undo("npm-x");
    assert_eq!(npmrc.text(), USER_NPMRC);
}

#[test]
fn the_journal_reads_back_as_written() {
    let mut npmrc = Npmrc::new("");
    npmrc.configure("npm-x", Tool::Yarn, X, "TOKEN-X");
    npmrc.journal.note_created(&Npmrc::path());
    let text = serde_json::to_string(&npmrc.journal).unwrap();
    assert_eq!(
        serde_json::from_str::<Journal>(&text).unwrap(),
        npmrc.journal
    );
}
