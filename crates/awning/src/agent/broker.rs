//! The local socket through which the CLI asks the running app: one JSON request line,
//! one JSON reply line. Only the same user can connect: the socket is 0600 in a 0700
//! folder of the runtime directory, and the peer's uid is checked as well.

use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};

use super::{Agent, Event};
use crate::channel::Channel;
use crate::credentials::export::{ExportFormat, export};
use crate::problem::Problem;
use crate::vault::{Entry, SessionKey};

/// A request line longer than this is refused (requests are a few dozen bytes).
const MAX_REQUEST: u64 = 16 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Request {
    /// `awning credential-process --profile NAME [--login]`.
    CredentialProcess { profile: String, login: bool },
    /// `awning status`.
    Status,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reply {
    /// The `Version: 1` JSON to print.
    Credentials(String),
    /// Each session the app knows, by item name, with whether a sign-in is under way.
    Status(Vec<StatusRow>),
    /// What went wrong; the CLI words it and adds what to run.
    Failed(Problem),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRow {
    pub session: String,
    pub entry: Option<Entry>,
    pub signing_in: bool,
}

/// Where the app listens: `$XDG_RUNTIME_DIR/awning/agent-<service>.sock` (the service
/// keeps test and development builds apart), else the same under the data folder.
pub fn socket_path() -> Option<PathBuf> {
    let folder = match dirs::runtime_dir() {
        Some(runtime) => runtime.join("awning"),
        None => crate::paths::data_dir().ok()?.join("run"),
    };
    Some(folder.join(format!(
        "agent-{}.sock",
        Channel::current().keychain_service()
    )))
}

/// Listens at `path` and answers every connection with `agent`, until the task is
/// dropped. A socket left by an app that died is replaced; one that answers means
/// another app is running, which is an error.
pub async fn serve(agent: Arc<Agent>, path: &Path) -> io::Result<()> {
    let listener = bind(path).await?;
    let owner = std::fs::metadata(path)?.uid();
    loop {
        let (stream, _) = listener.accept().await?;
        let agent = Arc::clone(&agent);
        tokio::spawn(async move {
            // A caller that went away or sent garbage costs nothing but its connection.
            let _ = answer(&agent, stream, owner).await;
        });
    }
}

async fn bind(path: &Path) -> io::Result<UnixListener> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
    if UnixStream::connect(path).await.is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AddrInUse,
            format!("another Awning app already listens at {}", path.display()),
        ));
    }
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    let listener = UnixListener::bind(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    Ok(listener)
}

async fn answer(agent: &Arc<Agent>, stream: UnixStream, owner: u32) -> io::Result<()> {
    if stream.peer_cred()?.uid() != owner {
        return Ok(());
    }
    let (reader, mut writer) = stream.into_split();
    let mut line = String::new();
    BufReader::new(reader)
        .take(MAX_REQUEST)
        .read_line(&mut line)
        .await?;
    let reply = match serde_json::from_str::<Request>(&line) {
        Ok(request) => handle(agent, request).await,
        // Only an Awning CLI of another version sends what this one cannot read.
        Err(_) => Reply::Failed(Problem::Internal),
    };
    let mut text = serde_json::to_string(&reply).map_err(io::Error::other)?;
    text.push('\n');
    writer.write_all(text.as_bytes()).await
}

async fn handle(agent: &Arc<Agent>, request: Request) -> Reply {
    match request {
        Request::CredentialProcess { profile, login } => {
            match agent.credentials(&profile, login).await {
                Ok(credentials) => {
                    agent.activity.record(Event::CredentialsServed { profile });
                    Reply::Credentials(export(&credentials, ExportFormat::Process))
                }
                Err(error) => {
                    let problem = error.problem();
                    agent.activity.record(Event::CredentialsRefused {
                        profile,
                        problem: problem.clone(),
                    });
                    Reply::Failed(problem)
                }
            }
        }
        Request::Status => {
            let (known, _) = agent.known(&agent.stored());
            let snapshot = agent.snapshot();
            let signing_in = |key: &SessionKey| {
                snapshot
                    .sessions
                    .iter()
                    .any(|session| session.key == *key && session.sign_in.is_some())
            };
            let rows = known
                .into_iter()
                .map(|session| StatusRow {
                    signing_in: signing_in(&session.key),
                    session: session.key.to_string(),
                    entry: session.entry,
                })
                .collect();
            Reply::Status(rows)
        }
    }
}

/// Asks the running app, if there is one: `Ok(None)` when none can be reached (the CLI
/// then works alone). `patience` bounds the wait for the reply.
pub async fn ask(request: &Request, patience: Duration) -> io::Result<Option<Reply>> {
    let Some(path) = socket_path() else {
        return Ok(None);
    };
    // No socket, a stale one, or a path too long for a socket: no app can be listening
    // there, and the CLI works alone.
    let Ok(mut stream) = UnixStream::connect(&path).await else {
        return Ok(None);
    };
    let mut text = serde_json::to_string(request).map_err(io::Error::other)?;
    text.push('\n');
    stream.write_all(text.as_bytes()).await?;
    let mut line = String::new();
    tokio::time::timeout(patience, BufReader::new(stream).read_line(&mut line))
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "the Awning app did not answer"))??;
    serde_json::from_str(&line).map(Some).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "the Awning app answered garbage",
        )
    })
}
