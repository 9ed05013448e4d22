//! The fourth clock against the sandbox served in-process: an npm connection whose
//! token lives seconds is renewed by the clock before it ends, through the profile's
//! IAM Identity Center session, and only the token line of `~/.npmrc` changes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use awning_sandbox::Scenario;

use super::super::{Agent, AwsFiles, Notice, Notifier};
use crate::codeartifact::tools::{Choices, Machine, Os, Scope, Tool};
use crate::codeartifact::{Caller, Repository, Request, TokenLifetime};
use crate::config::{ConfigFile, FileKind};
use crate::sso::{Interactive, SignInOptions, SsoEngine};
use crate::test_support::{Person, Unwatched, corp_target, mock_vault, serve_sandbox};
use crate::vault::Record;

const CONFIG: &str = "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n\
sso_role_name = Developer\nregion = us-west-2\n\n[sso-session corp]\n\
sso_start_url = https://d-9067000000.awsapps.com/start\nsso_region = us-east-1\n";
const NPMRC: &str = "# Ada's\nfund=false\n";

#[derive(Default)]
struct Notices(Mutex<Vec<Notice>>);

impl Notifier for Notices {
    fn notify(&self, notice: Notice) {
        self.0.lock().unwrap().push(notice);
    }
}

/// The token `.npmrc` holds for the repository.
fn token_in(npmrc: &Path) -> String {
    let text = std::fs::read_to_string(npmrc).unwrap();
    let line = text
        .lines()
        .find(|line| line.contains(":_authToken="))
        .unwrap();
    line.split_once(":_authToken=").unwrap().1.to_owned()
}

/// Ada signed in to `corp`, the agent over her machine, and npm configured for
/// `acme/packages` with a token that lives eight seconds.
struct World {
    agent: Arc<Agent>,
    codeartifact: crate::codeartifact::CodeArtifactEngine,
    vault: crate::vault::Vault,
    notices: Arc<Notices>,
    npmrc: PathBuf,
    request: Request,
    configured: crate::codeartifact::Configured,
    _folders: (tempfile::TempDir, tempfile::TempDir, tempfile::TempDir),
    _log: tempfile::NamedTempFile,
}

impl World {
    async fn new() -> Self {
        let mut scenario = Scenario::default();
        scenario.lifetimes.codeartifact_token = 8;
        let (url, log) = serve_sandbox(scenario).await;
        let (vault, data, mirror_home) = mock_vault();
        let folder = tempfile::tempdir().unwrap();
        let config = folder.path().join("config");
        std::fs::write(&config, CONFIG).unwrap();
        let home = folder.path().join("home");
        std::fs::create_dir(&home).unwrap();
        let npmrc = home.join(".npmrc");
        std::fs::write(&npmrc, NPMRC).unwrap();
        let machine = Machine::with(&home, Os::Linux, &[]);

        let engine = SsoEngine::new(vault.clone(), data.path().to_owned())
            .with_endpoint_url(&url)
            .with_browser(Arc::new(Person("approve")));
        let how = Interactive {
            options: SignInOptions::default(),
            prompt: &Unwatched,
        };
        engine.sign_in(&corp_target(), how).await.unwrap();
        let codeartifact = engine.codeartifact(machine.clone());
        let files = AwsFiles {
            config: ConfigFile::new(&config, FileKind::Config),
            credentials: ConfigFile::new(folder.path().join("credentials"), FileKind::Credentials),
            tools: Some(machine),
        };
        let notices = Arc::new(Notices::default());
        let (agent, _) = Agent::new(engine, files, data.path().to_owned(), notices.clone());

        let credentials = agent.credentials("dev", false).await.unwrap();
        let client = codeartifact
            .client("dev", Some("us-west-2"), Caller::Awning(credentials))
            .await
            .unwrap();
        let request = Request {
            tool: Tool::Npm,
            repository: Repository {
                domain: "acme".to_owned(),
                owner: Some("111122223333".to_owned()),
                repository: "packages".to_owned(),
                region: client.region(),
            },
            profile: "dev".to_owned(),
            lifetime: TokenLifetime::ServiceDefault,
            scope: Scope::User,
            choices: Choices::default(),
        };
        let configured = codeartifact.login(&client, &request).await.unwrap();
        Self {
            agent,
            codeartifact,
            vault,
            notices,
            npmrc,
            request,
            configured,
            _folders: (folder, data, mirror_home),
            _log: log,
        }
    }

    /// Runs the clock until `done` holds, looking every tenth of a second for at most
    /// twenty seconds.
    async fn run_clock_until(&self, what: &str, done: impl Fn(&Self) -> bool) {
        let clock = tokio::spawn(crate::clock::scheduler::run(Arc::clone(&self.agent)));
        let deadline = Instant::now() + Duration::from_secs(20);
        while !done(self) {
            assert!(Instant::now() < deadline, "{what} did not happen");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        clock.abort();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clock_renews_a_connection_before_its_token_ends_and_rewrites_only_the_token() {
    let world = World::new().await;
    let first = token_in(&world.npmrc);
    let written = std::fs::read_to_string(&world.npmrc).unwrap();

    // Renewed at half the token's eight seconds.
    world
        .run_clock_until("the renewal", |world| token_in(&world.npmrc) != first)
        .await;

    let renewed = token_in(&world.npmrc);
    assert_eq!(
        std::fs::read_to_string(&world.npmrc).unwrap(),
        written.replace(&first, &renewed),
        "only the token changed"
    );
    let key = world.request.repository.token_key("dev");
    let Some(Record::CodeArtifact(kept)) = world.vault.load(&key).await.unwrap() else {
        panic!("the keychain keeps the token");
    };
    assert_eq!(kept.token.expose(), renewed);
    let connection = world.codeartifact.connections().unwrap().remove(0);
    assert!(connection.expires_at > world.configured.connection.expires_at);
    assert!(
        world.notices.0.lock().unwrap().is_empty(),
        "a silent renewal tells no one"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renewal_that_needs_a_sign_in_says_what_stops_working_and_offers_it() {
    let world = World::new().await;
    world.agent.sign_out(&corp_target().key).await.unwrap();
    let first = token_in(&world.npmrc);

    world
        .run_clock_until("the notice", |world| {
            !world.notices.0.lock().unwrap().is_empty()
        })
        .await;

    let notices = world.notices.0.lock().unwrap().clone();
    let [notice] = notices.as_slice() else {
        panic!("one notice: {notices:?}");
    };
    assert_eq!(
        notice.session,
        corp_target().key,
        "its action signs in to corp"
    );
    assert!(notice.offers_sign_in());
    let words = crate::messages::Language::En.catalogue();
    assert!(
        notice
            .summary(words)
            .starts_with("npm for acme/packages stops working in "),
        "{}",
        notice.summary(words)
    );
    assert_eq!(token_in(&world.npmrc), first, "nothing was written");
    let shown = world.agent.snapshot().registries;
    assert_eq!(shown.len(), 1);
    assert_eq!(
        shown[0].waits_for,
        Some(corp_target().key),
        "the window and tray say whose sign-in"
    );
}
