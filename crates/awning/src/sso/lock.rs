//! One Awning process at a time changes a session: signs it in, renews it or fetches its
//! role credentials. The others wait for its result instead of starting their own —
//! fifty `credential_process` calls needing a sign-in open one browser tab, not fifty.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::problem::Problem;
use crate::safe_write::{lock_file, short_hash};
use crate::vault::SessionKey;

/// Held while a session is being changed; dropping it lets the next process in.
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("could not use the lock file in Awning's data folder {}: {cause}", .folder.display())]
    Io { folder: PathBuf, cause: io::Error },
    #[error("another Awning process has been signing in to or renewing this session for {} s", .0.as_secs())]
    Busy(Duration),
}

impl SessionLock {
    /// Takes the session's lock, waiting at most `patience` for whoever holds it.
    pub async fn acquire(
        data_dir: &Path,
        key: &SessionKey,
        patience: Duration,
    ) -> Result<Self, LockError> {
        let io = |cause| LockError::Io {
            folder: data_dir.to_path_buf(),
            cause,
        };
        let file = lock_file(
            data_dir,
            &format!("session-{}", short_hash(&key.item_name())),
        )
        .map_err(io)?;
        match file.try_lock() {
            Ok(()) => return Ok(Self { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(error)) => return Err(io(error)),
        }
        // The holder may be a sign-in waiting for a person: block on the lock on a pool
        // thread. Should we give up first, that thread takes the lock later and drops it
        // at once.
        let waiting = tokio::task::spawn_blocking(move || file.lock().map(|()| file));
        match tokio::time::timeout(patience, waiting).await {
            Ok(Ok(Ok(file))) => Ok(Self { _file: file }),
            Ok(Ok(Err(error))) => Err(io(error)),
            Ok(Err(join)) => Err(io(io::Error::other(join))),
            Err(_) => Err(LockError::Busy(patience)),
        }
    }
}

impl LockError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        match self {
            Self::Io { folder, cause } => Problem::FileUnusable {
                path: folder.display().to_string(),
                detail: cause.to_string(),
            },
            Self::Busy(waited) => Problem::SignInBusy {
                seconds: waited.as_secs() as u32,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_holder_waits_for_the_first_and_gives_up_after_its_patience() {
        let dir = tempfile::tempdir().unwrap();
        let key = SessionKey::SsoSession("corp".to_owned());
        let first = SessionLock::acquire(dir.path(), &key, Duration::ZERO)
            .await
            .unwrap();
        let error = SessionLock::acquire(dir.path(), &key, Duration::from_millis(50))
            .await
            .unwrap_err();
        assert!(matches!(error, LockError::Busy(_)), "{error}");
        // Another session is not held up.
        let other = SessionKey::SsoSession("other".to_owned());
        SessionLock::acquire(dir.path(), &other, Duration::ZERO)
            .await
            .unwrap();
        let (taken, waiting) = tokio::sync::oneshot::channel();
        let dir_path = dir.path().to_owned();
        let key_clone = key.clone();
        tokio::spawn(async move {
            let lock = SessionLock::acquire(&dir_path, &key_clone, Duration::from_secs(30)).await;
            let _ = taken.send(lock.is_ok());
        });
        drop(first);
        assert!(waiting.await.unwrap());
    }
}
