//! What wakes the clock besides its deadlines: files changed behind the agent's back.
//! Each change must show in the snapshot within seconds; the clock has no timer that
//! would find it otherwise (a deadline-free clock sleeps for ever).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use awning_sandbox::Scenario;

use crate::agent::{Agent, AwsFiles, Snapshot};
use crate::config::{ConfigFile, FileKind};
use crate::credentials::status::SessionState;
use crate::sso::{Interactive, SignInOptions, SsoEngine};
use crate::test_support::{Person, Quiet, Unwatched, corp_target, mock_vault, serve_sandbox};

const CORP: &str = "[sso-session corp]\nsso_start_url = https://d-9067000000.awsapps.com/start\n\
sso_region = us-east-1\n";
const DEV: &str = "\n[sso-session dev]\nsso_start_url = https://d-9067000001.awsapps.com/start\n\
sso_region = eu-west-1\n";

struct World {
    agent: Arc<Agent>,
    config: PathBuf,
    vault: crate::vault::Vault,
    data: PathBuf,
    _folders: (tempfile::TempDir, tempfile::TempDir, tempfile::TempDir),
}

impl World {
    fn new() -> Self {
        let (vault, data, mirror_home) = mock_vault();
        let folder = tempfile::tempdir().unwrap();
        let config = folder.path().join("config");
        std::fs::write(&config, CORP).unwrap();
        let files = AwsFiles {
            config: ConfigFile::new(&config, FileKind::Config),
            credentials: ConfigFile::new(folder.path().join("credentials"), FileKind::Credentials),
            tools: None,
        };
        let engine = SsoEngine::new(vault.clone(), data.path().to_owned());
        let (agent, _) = Agent::new(engine, files, data.path().to_owned(), Arc::new(Quiet));
        Self {
            agent,
            config,
            vault,
            data: data.path().to_owned(),
            _folders: (folder, data, mirror_home),
        }
    }
}

/// Waits (ten seconds at most) for a snapshot for which `shows` holds.
async fn snapshot_showing(agent: &Agent, what: &str, shows: impl Fn(&Snapshot) -> bool) {
    let mut changes = agent.subscribe();
    let waited = tokio::time::timeout(Duration::from_secs(10), async {
        while !shows(&changes.borrow_and_update()) {
            changes.changed().await.unwrap();
        }
    });
    assert!(waited.await.is_ok(), "the snapshot never showed {what}");
}

fn state_of(snapshot: &Snapshot, name: &str) -> Option<SessionState> {
    let session = snapshot.sessions.iter().find(|s| s.name == name)?;
    Some(session.status.state)
}

/// Writes `text` as an editor does: a new file renamed over the old one.
fn replace(path: &Path, text: &str) {
    let staged = path.with_extension("swp");
    std::fs::write(&staged, text).unwrap();
    std::fs::rename(&staged, path).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_added_to_the_config_by_hand_shows_at_once() {
    let world = World::new();
    let clock = tokio::spawn(super::run(world.agent.clone()));
    replace(&world.config, &format!("{CORP}{DEV}"));
    snapshot_showing(&world.agent, "the new session", |s| {
        state_of(s, "dev") == Some(SessionState::SignedOut)
    })
    .await;

    // Once the clock has read the new session, only a wake-up shows the next change.
    // Rewritten in place, as some editors save.
    std::fs::write(&world.config, CORP).unwrap();
    snapshot_showing(&world.agent, "the session gone", |s| {
        state_of(s, "dev").is_none()
    })
    .await;
    clock.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_by_the_cli_alone_shows_at_once() {
    let world = World::new();
    let clock = tokio::spawn(super::run(world.agent.clone()));
    // Seen once the clock has read the files at least once: what shows after this was
    // woken by the index changing.
    replace(&world.config, &format!("{CORP}{DEV}"));
    snapshot_showing(&world.agent, "corp signed out", |s| {
        state_of(s, "corp") == Some(SessionState::SignedOut) && state_of(s, "dev").is_some()
    })
    .await;

    // The CLI signs in with an engine of its own: the agent hears of it from the index.
    let (url, _log) = serve_sandbox(Scenario::default()).await;
    let cli = SsoEngine::new(world.vault.clone(), world.data.clone())
        .with_endpoint_url(&url)
        .with_browser(Arc::new(Person("approve")));
    let how = Interactive {
        options: SignInOptions::default(),
        prompt: &Unwatched,
    };
    cli.sign_in(&corp_target(), how).await.unwrap();
    snapshot_showing(&world.agent, "corp signed in", |s| {
        state_of(s, "corp") == Some(SessionState::SignedIn)
    })
    .await;
    clock.abort();
}
