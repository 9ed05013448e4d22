//! The CLI's side of the socket.

use std::io;
use std::path::Path;
use std::time::Duration;

use rustix::process::geteuid;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;

use super::protocol::{MAX_REPLY, Reply, Request};
use super::socket_path;

/// Asks the running app, if there is one: `Ok(None)` when none can be reached or it
/// reads other AWS files (the CLI then works alone). `patience` bounds the wait for the
/// reply, [`MAX_REPLY`] its length.
pub async fn ask(request: &Request, patience: Duration) -> io::Result<Option<Reply>> {
    match socket_path() {
        Some(path) => ask_at(&path, request, patience).await,
        None => Ok(None),
    }
}

/// [`ask`] of the app listening at `path`.
pub(super) async fn ask_at(
    path: &Path,
    request: &Request,
    patience: Duration,
) -> io::Result<Option<Reply>> {
    // No socket, a stale one, or a path too long for a socket: no app can be listening
    // there, and the CLI works alone.
    let Ok(mut stream) = UnixStream::connect(path).await else {
        return Ok(None);
    };
    // Only an app of this user is trusted with credentials; a socket served by anyone
    // else is refused outright, not quietly passed over.
    if stream.peer_cred()?.uid() != geteuid().as_raw() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} is served by another user", path.display()),
        ));
    }
    let mut text = serde_json::to_string(request).map_err(io::Error::other)?;
    text.push('\n');
    stream.write_all(text.as_bytes()).await?;
    let mut line = String::new();
    let mut reply = BufReader::new(stream).take(MAX_REPLY);
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
