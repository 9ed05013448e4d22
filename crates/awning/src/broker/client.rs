//! The CLI's side of the socket.

use std::io;
use std::path::Path;
use std::time::Duration;

use rustix::process::geteuid;
use tokio::io::BufReader;
use tokio::net::UnixStream;

use super::conversation::exchange;
use super::protocol::{Reply, Request};
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
    let Ok(stream) = UnixStream::connect(path).await else {
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
    exchange(&mut BufReader::new(stream), request, patience).await
}
