//! One conversation between the CLI and the app, whatever carries it (a Unix socket, a
//! Windows named pipe) and once each side knows the other is this user's: one request
//! line, one reply line.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::protocol::{MAX_REPLY, MAX_REQUEST, Reply, Request, StatusRow};
use crate::agent::{Agent, Event};
use crate::credentials::export::{ExportFormat, export};
use crate::problem::Problem;
use crate::vault::SessionKey;

/// A caller that has not sent its request line by then is hung up on.
const READ_DEADLINE: Duration = Duration::from_secs(5);

/// Sends `request` to an app already known to be this user's, and reads its reply.
pub(super) async fn exchange(
    stream: &mut (impl AsyncBufRead + AsyncWrite + Unpin),
    request: &Request,
    patience: Duration,
) -> io::Result<Option<Reply>> {
    let mut text = serde_json::to_string(request).map_err(io::Error::other)?;
    text.push('\n');
    stream.write_all(text.as_bytes()).await?;
    let mut line = String::new();
    let mut reply = (&mut *stream).take(MAX_REPLY);
    tokio::time::timeout(patience, reply.read_line(&mut line))
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "the Awning app did not answer"))??;
    match serde_json::from_str(&line) {
        Ok(Reply::OtherFiles) => Ok(None),
        Ok(reply) => Ok(Some(reply)),
        Err(_) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the Awning app answered garbage",
        )),
    }
}

/// The app's side: reads the caller's request and writes the reply.
pub(super) async fn answer(
    agent: &Arc<Agent>,
    stream: &mut (impl AsyncBufRead + AsyncWrite + Unpin),
) -> io::Result<()> {
    let mut line = String::new();
    let mut request = (&mut *stream).take(MAX_REQUEST);
    tokio::time::timeout(READ_DEADLINE, request.read_line(&mut line))
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "no request in time"))??;
    let reply = match serde_json::from_str::<Request>(&line) {
        Ok(request) => handle(agent, request).await,
        // Only an Awning CLI of another version sends what this one cannot read.
        Err(_) => Reply::Failed(Problem::Internal),
    };
    let mut text = serde_json::to_string(&reply).map_err(io::Error::other)?;
    text.push('\n');
    stream.write_all(text.as_bytes()).await
}

async fn handle(agent: &Arc<Agent>, request: Request) -> Reply {
    match request {
        Request::CredentialProcess { files, .. }
            if !agent.reads_files(&files.config, &files.credentials) =>
        {
            Reply::OtherFiles
        }
        Request::CredentialProcess { profile, login, .. } => {
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
