//! The app's side of the socket: who may connect. The conversation is
//! [`answer`]'s.

use std::fs::{File, TryLockError};
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::BufReader;
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::conversation::answer;
use crate::agent::Agent;

/// Connections answered at once; more wait in the socket's queue.
const MAX_CONNECTIONS: usize = 64;
/// How long to wait after `accept` failed (out of descriptors, say) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Listens at `path` and answers every connection with `agent`, until the task is
/// aborted — which aborts the answers under way too (they are its own).
pub async fn serve(agent: Arc<Agent>, path: &Path) -> io::Result<()> {
    listen(path).await?.serve(agent).await
}

/// The socket, bound and ready: callers can connect from the moment this returns.
#[derive(Debug)]
pub struct Listening {
    listener: UnixListener,
    owner: u32,
    /// Held while serving: two apps starting at once cannot both replace the socket.
    _claim: File,
}

/// Binds `path`. A socket left by an app that died is replaced; one that answers, or
/// another app holding the socket's lock, means another app is running, which is an
/// error.
pub async fn listen(path: &Path) -> io::Result<Listening> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
    let claim = claim(path)?;
    let listener = bind(path).await?;
    let owner = std::fs::metadata(path)?.uid();
    Ok(Listening {
        listener,
        owner,
        _claim: claim,
    })
}

impl Listening {
    /// Answers every connection with `agent` until the task is aborted.
    pub async fn serve(self, agent: Arc<Agent>) -> io::Result<()> {
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let mut answering = JoinSet::new();
        loop {
            let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
                return Ok(());
            };
            let stream = match self.listener.accept().await {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of descriptors, say: the app answers again once they are back.
                    tracing::warn!("the CLI's socket could not accept a connection: {error}");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            };
            while answering.try_join_next().is_some() {}
            let (agent, owner) = (Arc::clone(&agent), self.owner);
            answering.spawn(async move {
                let _slot = slot;
                // A caller that went away, stalled or sent garbage costs nothing but
                // its connection.
                let _ = answer_peer(&agent, stream, owner).await;
            });
        }
    }
}

fn claim(path: &Path) -> io::Result<File> {
    let lock = File::options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path.with_extension("lock"))?;
    match lock.try_lock() {
        Ok(()) => Ok(lock),
        Err(TryLockError::WouldBlock) => Err(another_app(path)),
        Err(TryLockError::Error(error)) => Err(error),
    }
}

fn another_app(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AddrInUse,
        format!("another Awning app already listens at {}", path.display()),
    )
}

async fn bind(path: &Path) -> io::Result<UnixListener> {
    // An app of an older version, which takes no lock, may still answer there.
    if UnixStream::connect(path).await.is_ok() {
        return Err(another_app(path));
    }
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    let listener = UnixListener::bind(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    Ok(listener)
}

async fn answer_peer(agent: &Arc<Agent>, stream: UnixStream, owner: u32) -> io::Result<()> {
    if stream.peer_cred()?.uid() != owner {
        return Ok(());
    }
    answer(agent, &mut BufReader::new(stream)).await
}
