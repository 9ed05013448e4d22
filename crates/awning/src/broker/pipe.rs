//! The broker on Windows: a named pipe, `\\.\pipe\awning-agent-<service>-<user>`, where
//! the Unix systems have a socket. Remote clients are refused, and both sides prove
//! they are the same user's with the key the app files in the user's Credential Manager
//! at start ([`handshake`]). It builds only on Windows: the Linux test suite cannot run
//! it, and the handshake it relies on is tested on every system.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::BufReader;
use tokio::net::windows::named_pipe::{ClientOptions, NamedPipeServer, ServerOptions};
use tokio::task::JoinSet;

use super::conversation::{answer, exchange};
use super::handshake::{BrokerKey, app_proves, caller_proves};
use super::protocol::{Reply, Request};
use crate::agent::Agent;
use crate::channel::Channel;
use crate::vault::{KeychainStore, SecretStore};

/// The keychain item holding this run's key (Credential Manager shows no label).
const KEY_ITEM: &str = "broker-key";
const KEY_LABEL: &str = "Awning: the app's key for its command line";
/// Windows' ERROR_PIPE_BUSY: every instance of the pipe is taken, for a moment.
const PIPE_BUSY: i32 = 231;
/// A caller that has not finished the handshake by then is hung up on.
const HANDSHAKE_DEADLINE: Duration = Duration::from_secs(5);

/// The pipe's name for this user and channel.
pub fn pipe_path() -> Option<PathBuf> {
    let user: String = std::env::var("USERNAME")
        .ok()?
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    Some(PathBuf::from(format!(
        r"\\.\pipe\awning-agent-{}-{user}",
        Channel::current().keychain_service()
    )))
}

/// Files a fresh key in the keychain, then answers every caller that proves it holds
/// it, until the task is aborted.
pub async fn serve(agent: Arc<Agent>, path: &Path) -> io::Result<()> {
    let key = BrokerKey::generate();
    let filed = key.clone();
    tokio::task::spawn_blocking(move || {
        let store = KeychainStore::platform(Channel::current().keychain_service())?;
        store.write(KEY_ITEM, KEY_LABEL, filed.as_bytes())
    })
    .await
    .map_err(io::Error::other)?
    .map_err(io::Error::other)?;
    // The first instance fails if the name is taken: another app of this user, or an
    // impostor that came first. Either way this app must not serve under it.
    let mut next = ServerOptions::new()
        .first_pipe_instance(true)
        .reject_remote_clients(true)
        .create(path)?;
    let mut answering = JoinSet::new();
    loop {
        next.connect().await?;
        let connected = std::mem::replace(
            &mut next,
            ServerOptions::new()
                .reject_remote_clients(true)
                .create(path)?,
        );
        while answering.try_join_next().is_some() {}
        let (agent, key) = (Arc::clone(&agent), key.clone());
        answering.spawn(async move {
            let _ = converse(&agent, connected, &key).await;
        });
    }
}

async fn converse(agent: &Arc<Agent>, pipe: NamedPipeServer, key: &BrokerKey) -> io::Result<()> {
    let mut stream = BufReader::new(pipe);
    let proven = tokio::time::timeout(HANDSHAKE_DEADLINE, app_proves(&mut stream, key))
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "no handshake in time"))??;
    if proven {
        answer(agent, &mut stream).await?;
    }
    Ok(())
}

/// Asks the running app over its pipe: `Ok(None)` when there is no app (no pipe, or no
/// key in the keychain), as on Unix.
pub async fn ask(request: &Request, patience: Duration) -> io::Result<Option<Reply>> {
    let Some(path) = pipe_path() else {
        return Ok(None);
    };
    let given_up = Instant::now() + patience;
    let pipe = loop {
        match ClientOptions::new().open(&path) {
            Ok(pipe) => break pipe,
            Err(error) if error.raw_os_error() == Some(PIPE_BUSY) && Instant::now() < given_up => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(_) => return Ok(None),
        }
    };
    let key = tokio::task::spawn_blocking(|| {
        let store = KeychainStore::platform(Channel::current().keychain_service()).ok()?;
        BrokerKey::from_bytes(&store.read(KEY_ITEM).ok()??)
    })
    .await
    .map_err(io::Error::other)?;
    let Some(key) = key else {
        return Ok(None);
    };
    let mut stream = BufReader::new(pipe);
    tokio::time::timeout(patience, caller_proves(&mut stream, &key))
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "the Awning app did not answer"))??;
    exchange(&mut stream, request, patience).await
}
