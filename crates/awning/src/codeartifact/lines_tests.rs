use proptest::prelude::*;

use super::*;

const NPMRC: &str = "; my settings\nregistry = https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=npm_abc\n\n# end\n";

#[test]
fn setting_a_new_key_adds_one_line_after_the_last_entry() {
    let mut lines = Lines::parse(NPMRC).unwrap();
    let undo = lines
        .set(None, "@acme:registry", "@acme:registry=https://acme/npm/p/")
        .unwrap();
    assert_eq!(
        lines.to_string(),
        "; my settings\nregistry = https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=npm_abc\n@acme:registry=https://acme/npm/p/\n\n# end\n"
    );
    lines.undo(None, "@acme:registry", &undo);
    assert_eq!(lines.to_string(), NPMRC);
}

#[test]
fn setting_a_key_that_exists_replaces_its_line_and_remembers_the_old_one() {
    let mut lines = Lines::parse(NPMRC).unwrap();
    assert_eq!(
        lines.get(None, "registry").as_deref(),
        Some("https://registry.npmjs.org/")
    );
    let undo = lines
        .set(None, "registry", "registry=https://acme/npm/p/")
        .unwrap();
    assert_eq!(
        undo,
        Undo::Replaced {
            original: "registry = https://registry.npmjs.org/".to_owned()
        }
    );
    assert_eq!(
        lines.get(None, "registry").as_deref(),
        Some("https://acme/npm/p/")
    );
    lines.undo(None, "registry", &undo);
    assert_eq!(lines.to_string(), NPMRC);
}

#[test]
fn an_entry_that_already_reads_so_is_no_change() {
    let mut lines = Lines::parse("a=1\n").unwrap();
    assert_eq!(lines.set(None, "a", "a=1"), None);
}

#[test]
fn a_file_without_a_final_newline_gets_it_back_without_one() {
    let text = "registry=https://registry.npmjs.org/";
    let mut lines = Lines::parse(text).unwrap();
    let undo = lines.set(None, "k", "k=v").unwrap();
    assert_eq!(
        lines.to_string(),
        "registry=https://registry.npmjs.org/\nk=v\n"
    );
    lines.undo(None, "k", &undo);
    assert_eq!(lines.to_string(), text);

    let mut lines = Lines::parse(text).unwrap();
    let undo = lines
        .set(None, "registry", "registry=https://acme/")
        .unwrap();
    lines.undo(None, "registry", &undo);
    assert_eq!(lines.to_string(), text);
}

#[test]
fn windows_line_endings_are_kept() {
    let text = "[global]\r\ntimeout = 60\r\n";
    let mut lines = Lines::parse(text).unwrap();
    let undo = lines
        .set(Some("global"), "index-url", "index-url = https://x/simple/")
        .unwrap();
    assert_eq!(
        lines.to_string(),
        "[global]\r\ntimeout = 60\r\nindex-url = https://x/simple/\r\n"
    );
    lines.undo(Some("global"), "index-url", &undo);
    assert_eq!(lines.to_string(), text);
}

#[test]
fn keys_are_found_only_in_their_section() {
    let text =
        "[install]\nindex-url = https://a/\n[global]\ntimeout = 60\n\n[list]\nformat = columns\n";
    let mut lines = Lines::parse(text).unwrap();
    assert_eq!(lines.get(Some("global"), "index-url"), None);
    let undo = lines
        .set(Some("global"), "index-url", "index-url = https://x/")
        .unwrap();
    assert_eq!(
        lines.to_string(),
        "[install]\nindex-url = https://a/\n[global]\ntimeout = 60\nindex-url = https://x/\n\n[list]\nformat = columns\n"
    );
    lines.undo(Some("global"), "index-url", &undo);
    assert_eq!(lines.to_string(), text);
}

#[test]
fn an_appended_section_goes_away_with_its_last_key() {
    let text = "[distutils]\nindex-servers =\n    pypi\n";
    let mut lines = Lines::parse(text).unwrap();
    assert!(!lines.has_section("codeartifact"));
    let added = lines.add_section("codeartifact");
    let undo = lines
        .set(Some("codeartifact"), "username", "username = aws")
        .unwrap();
    assert_eq!(
        lines.to_string(),
        "[distutils]\nindex-servers =\n    pypi\n\n[codeartifact]\nusername = aws\n"
    );
    lines.undo(Some("codeartifact"), "username", &undo);
    lines.remove_section("codeartifact", added);
    assert_eq!(lines.to_string(), text);
}

#[test]
fn continuation_lines_belong_to_their_entry() {
    let text = "[distutils]\nindex-servers =\n\tpypi\n\ttestpypi\n[pypi]\nusername = me\n";
    let mut lines = Lines::parse(text).unwrap();
    assert_eq!(
        lines.get(Some("distutils"), "index-servers").as_deref(),
        Some("\n\tpypi\n\ttestpypi")
    );
    let undo = lines
        .set(
            Some("distutils"),
            "index-servers",
            "index-servers =\n\tpypi\n\ttestpypi\n\tcodeartifact",
        )
        .unwrap();
    assert_eq!(
        lines.to_string(),
        "[distutils]\nindex-servers =\n\tpypi\n\ttestpypi\n\tcodeartifact\n[pypi]\nusername = me\n"
    );
    lines.undo(Some("distutils"), "index-servers", &undo);
    assert_eq!(lines.to_string(), text);
}

#[test]
fn an_item_joins_a_list_as_a_continuation_line_and_leaves_it_alone() {
    let text = "[distutils]\nindex-servers =\n\tpypi\n\n[pypi]\nusername = me\n";
    let mut lines = Lines::parse(text).unwrap();
    let undo = lines
        .add_item(
            Some("distutils"),
            "index-servers",
            "codeartifact",
            "codeartifact",
        )
        .unwrap();
    assert_eq!(undo, ItemUndo::Added);
    assert_eq!(
        lines.to_string(),
        "[distutils]\nindex-servers =\n\tpypi\n\tcodeartifact\n\n[pypi]\nusername = me\n"
    );
    assert_eq!(
        lines.add_item(
            Some("distutils"),
            "index-servers",
            "codeartifact",
            "codeartifact"
        ),
        None
    );
    lines.remove_item(Some("distutils"), "index-servers", "codeartifact", &undo);
    assert_eq!(lines.to_string(), text);
}

#[test]
fn an_item_with_a_new_token_replaces_the_line_its_marker_is_on() {
    let text = "[global]\nextra-index-url = https://pypi.example/simple/\n    https://aws:old@acme/pypi/p/simple/";
    let mut lines = Lines::parse(text).unwrap();
    let undo = lines
        .add_item(
            Some("global"),
            "extra-index-url",
            "https://aws:new@acme/pypi/p/simple/",
            "@acme/pypi/p/simple/",
        )
        .unwrap();
    assert_eq!(
        lines.get(Some("global"), "extra-index-url").as_deref(),
        Some("https://pypi.example/simple/\n    https://aws:new@acme/pypi/p/simple/")
    );
    lines.remove_item(
        Some("global"),
        "extra-index-url",
        "@acme/pypi/p/simple/",
        &undo,
    );
    assert_eq!(lines.to_string(), text);
}

#[test]
fn an_item_of_a_missing_list_creates_the_entry() {
    let text = "[global]\ntimeout = 60";
    let mut lines = Lines::parse(text).unwrap();
    let undo = lines
        .add_item(
            Some("global"),
            "extra-index-url",
            "https://x/",
            "https://x/",
        )
        .unwrap();
    assert_eq!(
        lines.to_string(),
        "[global]\ntimeout = 60\nextra-index-url = https://x/\n"
    );
    lines.remove_item(Some("global"), "extra-index-url", "https://x/", &undo);
    assert_eq!(lines.to_string(), text);
}

#[test]
fn a_netrc_entry_is_found_by_its_machine_and_given_back() {
    let text = "machine github.com login ada password gh_secret\nmachine old.example\n  login aws\n  password OLD\n";
    let mut netrc = Lines::parse_netrc(text).unwrap();
    let undo = netrc
        .set(
            None,
            "machine old.example",
            "machine old.example login aws password NEW",
        )
        .unwrap();
    assert_eq!(
        netrc.to_string(),
        "machine github.com login ada password gh_secret\nmachine old.example login aws password NEW\n"
    );
    let added = netrc
        .set(
            None,
            "machine acme.example",
            "machine acme.example login aws password T",
        )
        .unwrap();
    assert!(
        netrc
            .to_string()
            .ends_with("machine acme.example login aws password T\n")
    );
    netrc.undo(None, "machine acme.example", &added);
    netrc.undo(None, "machine old.example", &undo);
    assert_eq!(netrc.to_string(), text);
}

#[test]
fn a_line_no_reader_accepts_is_named_and_nothing_is_parsed() {
    assert_eq!(Lines::parse("a=1\nthis is not a key\n"), Err(Unparsable(2)));
    assert_eq!(Lines::parse("  indented first\n"), Err(Unparsable(1)));
}

#[test]
fn undo_after_someone_else_removed_the_entry_changes_nothing() {
    let mut lines = Lines::parse("a=1\n").unwrap();
    let undo = lines.set(None, "b", "b=2").unwrap();
    let mut edited = Lines::parse("a=1\n").unwrap();
    edited.undo(None, "b", &undo);
    assert_eq!(edited.to_string(), "a=1\n");
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("# a comment".to_owned()),
        Just("; another".to_owned()),
        "[a-c]{1,3} ?= ?[a-z0-9/:.]{0,8}",
        Just("[global]".to_owned()),
        Just("[other]".to_owned()),
        Just("\tcontinued".to_owned()),
    ]
}

fn file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..12),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, crlf, final_newline)| {
            let ending = if crlf { "\r\n" } else { "\n" };
            let mut text = lines.join(ending);
            if final_newline && !text.is_empty() {
                text.push_str(ending);
            }
            text
        })
}

proptest! {
    /// Whatever a file holds, Awning's changes taken back in reverse order give it back
    /// byte for byte.
    #[test]
    fn changes_undone_give_the_file_back_byte_for_byte(
        text in file(),
        keys in prop::collection::vec(("[a-d]{1,2}", any::<bool>()), 1..5),
    ) {
        let Ok(mut lines) = Lines::parse(&text) else { return Ok(()); };
        let mut done = Vec::new();
        for (key, in_global) in &keys {
            let section = in_global.then_some("global");
            let added = match section {
                Some(name) if !lines.has_section(name) => Some(lines.add_section(name)),
                _ => None,
            };
            let undo = lines.set(section, key, &format!("{key}=awning"));
            done.push((section, key.clone(), undo, added));
        }
        for (section, key, undo, added) in done.into_iter().rev() {
            if let Some(undo) = undo {
                lines.undo(section, &key, &undo);
            }
            if let (Some(name), Some(added)) = (section, added) {
                lines.remove_section(name, added);
            }
        }
        prop_assert_eq!(lines.to_string(), text);
    }
}
