//! The socket against a real agent: callers that stall cost nothing but their own
//! connection, a second app cannot take the socket over, and the app answers only for
//! its own AWS files.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::net::UnixStream;
use tokio::task::JoinHandle;

use super::client::ask_at;
use super::protocol::{CallerFiles, Reply, Request};
use super::serve;
use super::server::listen;
use crate::agent::{Agent, AwsFiles};
use crate::config::{ConfigFile, FileKind};
use crate::problem::Problem;
use crate::sso::SsoEngine;
use crate::test_support::{Quiet, mock_vault};

const PATIENCE: Duration = Duration::from_secs(60);

/// An app serving its socket, with the folders it lives in.
struct App {
    socket: PathBuf,
    files: CallerFiles,
    agent: Arc<Agent>,
    server: JoinHandle<std::io::Result<()>>,
    _folders: Vec<tempfile::TempDir>,
}

impl App {
    async fn start() -> Self {
        let (vault, data, home) = mock_vault();
        let aws = tempfile::tempdir().unwrap();
        let files = CallerFiles {
            config: aws.path().join("config"),
            credentials: aws.path().join("credentials"),
        };
        std::fs::write(&files.config, "[profile dev]\nregion = eu-west-1\n").unwrap();
        let engine = SsoEngine::new(vault, data.path().to_owned());
        let aws_files = AwsFiles {
            config: ConfigFile::new(&files.config, FileKind::Config),
            credentials: ConfigFile::new(&files.credentials, FileKind::Credentials),
            tools: None,
        };
        let (agent, _) = Agent::new(engine, aws_files, data.path().to_owned(), Arc::new(Quiet));
        let run = tempfile::tempdir().unwrap();
        let socket = run.path().join("awning").join("agent.sock");
        // Bound before the task starts: callers can connect at once.
        let listening = listen(&socket).await.unwrap();
        let server = tokio::spawn(listening.serve(Arc::clone(&agent)));
        Self {
            socket,
            files,
            agent,
            server,
            _folders: vec![data, home, aws, run],
        }
    }

    async fn status(&self) -> Option<Reply> {
        ask_at(&self.socket, &Request::Status, PATIENCE)
            .await
            .unwrap()
    }

    async fn credentials(&self, files: CallerFiles) -> Option<Reply> {
        let request = Request::CredentialProcess {
            profile: "nobody-has-this".to_owned(),
            login: false,
            files,
        };
        ask_at(&self.socket, &request, PATIENCE).await.unwrap()
    }
}

/// Reads until the server hangs up: what it sent first. A server that never does fails
/// the test (after a minute of the test's paused time, which passes at once).
async fn until_hung_up(mut stream: UnixStream) -> Vec<u8> {
    let mut got = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), stream.read_to_end(&mut got))
        .await
        .expect("the server never hung up")
        .unwrap();
    got
}

#[tokio::test(start_paused = true)]
async fn a_caller_that_sends_nothing_is_hung_up_on_and_others_are_answered_meanwhile() {
    let app = App::start().await;
    let stalled = UnixStream::connect(&app.socket).await.unwrap();
    assert!(matches!(app.status().await, Some(Reply::Status(_))));
    // The read deadline passes (paused time runs ahead while nothing else is due).
    assert_eq!(until_hung_up(stalled).await, b"");
}

#[tokio::test(start_paused = true)]
async fn more_stalled_callers_than_the_app_answers_at_once_only_wait_their_turn() {
    let app = App::start().await;
    let mut stalled = Vec::new();
    for _ in 0..80 {
        stalled.push(UnixStream::connect(&app.socket).await.unwrap());
    }
    assert!(matches!(app.status().await, Some(Reply::Status(_))));
    assert!(!app.server.is_finished(), "still serving");
}

#[tokio::test]
async fn a_second_app_cannot_take_the_socket_over() {
    let app = App::start().await;
    let second = serve(Arc::clone(&app.agent), &app.socket).await;
    assert_eq!(
        second.unwrap_err().kind(),
        std::io::ErrorKind::AddrInUse,
        "refused at once"
    );
    assert!(matches!(app.status().await, Some(Reply::Status(_))));
}

#[tokio::test]
async fn a_socket_left_by_an_app_that_died_is_replaced() {
    let App {
        socket,
        agent,
        server,
        _folders,
        ..
    } = App::start().await;
    server.abort();
    let _ = server.await;
    assert!(socket.exists(), "the dead app's socket file is left");
    let restarted = listen(&socket).await.expect("the stale socket is replaced");
    tokio::spawn(restarted.serve(agent));
    let reply = ask_at(&socket, &Request::Status, PATIENCE).await.unwrap();
    assert!(matches!(reply, Some(Reply::Status(_))));
}

#[tokio::test]
async fn the_app_answers_only_for_its_own_files_and_a_caller_of_others_works_alone() {
    let app = App::start().await;
    let other = tempfile::tempdir().unwrap();
    let theirs = CallerFiles {
        config: other.path().join("config"),
        credentials: app.files.credentials.clone(),
    };
    assert_eq!(app.credentials(theirs).await, None);
    // The same files by another path are its own.
    let folder = app.files.config.parent().unwrap();
    let same = CallerFiles {
        config: folder.join(".").join("config"),
        credentials: app.files.credentials.clone(),
    };
    assert!(matches!(
        app.credentials(same).await,
        Some(Reply::Failed(Problem::NotFound { .. }))
    ));
}
