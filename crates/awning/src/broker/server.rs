//! The app's side of the socket: who may connect, and the answer to each request.

use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::task::JoinSet;

use super::protocol::{MAX_REQUEST, Reply, Request, StatusRow};
use crate::agent::{Agent, Event};
use crate::credentials::export::{ExportFormat, export};
use crate::problem::Problem;
use crate::vault::SessionKey;

/// Listens at `path` and answers every connection with `agent`, until the task is
/// aborted — which aborts the answers under way too (they are its own). A socket left
/// by an app that died is replaced; one that answers means another app is running,
/// which is an error.
pub async fn serve(agent: Arc<Agent>, path: &Path) -> io::Result<()> {
    let listener = bind(path).await?;
    let owner = std::fs::metadata(path)?.uid();
    let mut answering = JoinSet::new();
    loop {
        let (stream, _) = listener.accept().await?;
        while answering.try_join_next().is_some() {}
        let agent = Arc::clone(&agent);
        answering.spawn(async move {
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
