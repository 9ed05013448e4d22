//! The CLI's side of the socket.

use std::io;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;

use super::protocol::{Reply, Request};
use super::socket_path;

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
