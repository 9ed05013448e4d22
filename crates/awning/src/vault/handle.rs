//! [`Vault`]: the one way the rest of Awning stores, reads and forgets secrets.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use zeroize::Zeroizing;

use super::error::VaultError;
use super::file_store::FileStore;
use super::index::{Entry, EntryKind, Index};
use super::layout;
use super::mirror::{self, CachePaths};
use super::records::{CodeArtifactToken, Record, SessionKey, TokenKey};
use super::secret::Secret;
use super::store::{KeychainStore, SecretStore};
use crate::channel::Channel;

/// How long any keychain call may take before the user is told so: a keychain waiting
/// for an unlock prompt nobody sees must not hang the app or a `credential_process`.
pub const KEYCHAIN_DEADLINE: Duration = Duration::from_secs(2);

/// Where secrets are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreChoice {
    /// The OS keychain: Secret Service, macOS Keychain, Windows Credential Manager.
    Keychain,
    /// A 0600 file in Awning's data folder, for machines without a keychain. Weaker:
    /// anyone who can read the user's files can read it.
    File,
}

impl StoreChoice {
    /// `AWNING_SECRET_STORE`: `keychain` (the default) or `file`. Anything else is an
    /// error rather than a silent fallback.
    pub fn from_env() -> Result<Self, VaultError> {
        match std::env::var("AWNING_SECRET_STORE").as_deref() {
            Err(_) | Ok("" | "keychain") => Ok(Self::Keychain),
            Ok("file") => Ok(Self::File),
            Ok(other) => Err(VaultError::UnknownStore(other.to_owned())),
        }
    }
}

/// Every session the vault of this build channel holds, with its non-secret facts,
/// read without connecting to the keychain: it answers even when the keychain cannot.
pub fn stored_sessions() -> Result<Vec<(SessionKey, Entry)>, VaultError> {
    let data_dir =
        crate::paths::data_dir().map_err(|error| VaultError::NoFolder(error.to_string()))?;
    Index::in_folder(&data_dir, Channel::current().keychain_service()).sessions()
}

/// The vault: records in the chosen store, their non-secret facts in an index file, and
/// the opt-in compatibility mirror.
#[derive(Debug, Clone)]
pub struct Vault {
    store: Arc<dyn SecretStore>,
    index: Arc<Index>,
    caches: CachePaths,
    choice: StoreChoice,
    deadline: Duration,
}

impl Vault {
    /// The vault as the environment configures it: `AWNING_SECRET_STORE`, the build
    /// channel, Awning's data folder and the AWS cache folders.
    pub async fn from_env() -> Result<Self, VaultError> {
        let data_dir =
            crate::paths::data_dir().map_err(|error| VaultError::NoFolder(error.to_string()))?;
        Self::open(
            StoreChoice::from_env()?,
            Channel::current(),
            &data_dir,
            CachePaths::from_env()?,
        )
        .await
    }

    pub async fn open(
        choice: StoreChoice,
        channel: Channel,
        data_dir: &Path,
        caches: CachePaths,
    ) -> Result<Self, VaultError> {
        let service = channel.keychain_service();
        let store: Arc<dyn SecretStore> = match choice {
            StoreChoice::Keychain => {
                let service = service.to_owned();
                Arc::new(
                    within_deadline(KEYCHAIN_DEADLINE, move || KeychainStore::platform(&service))
                        .await?,
                )
            }
            StoreChoice::File => Arc::new(FileStore::in_folder(data_dir, service)),
        };
        Ok(Self::with_store(
            store,
            choice,
            Index::in_folder(data_dir, service),
            caches,
        ))
    }

    pub(crate) fn with_store(
        store: Arc<dyn SecretStore>,
        choice: StoreChoice,
        index: Index,
        caches: CachePaths,
    ) -> Self {
        Self {
            store,
            index: Arc::new(index),
            caches,
            choice,
            deadline: KEYCHAIN_DEADLINE,
        }
    }

    /// A vault over keyring-core's in-memory `mock` store, its index in `data_dir` and
    /// its mirror under `home`.
    #[cfg(test)]
    pub(crate) fn over_mock(
        mock: Arc<keyring_core::CredentialStore>,
        item_limit: Option<usize>,
        data_dir: &Path,
        home: &Path,
    ) -> Self {
        let service = Channel::Test.keychain_service();
        Self::with_store(
            Arc::new(KeychainStore::over(mock, service, item_limit)),
            StoreChoice::Keychain,
            Index::in_folder(data_dir, service),
            CachePaths::under(home, None),
        )
    }

    /// The same vault with another keychain deadline: tests use a short one.
    #[cfg(test)]
    pub(crate) fn with_deadline(self, deadline: Duration) -> Self {
        Self { deadline, ..self }
    }

    /// Which store this vault uses.
    /// Stores, reads back and removes a test item: the one way to learn that the
    /// keychain is usable (unlocked, answering) before a sign-in needs it.
    pub async fn probe(&self) -> Result<(), VaultError> {
        let key = SessionKey::CodeArtifact(Box::new(TokenKey {
            domain: "awning-check".to_owned(),
            owner: "000000000000".to_owned(),
            region: "none".to_owned(),
            profile: "none".to_owned(),
        }));
        let probe = Record::CodeArtifact(CodeArtifactToken {
            token: Secret::new("awning-check"),
            expires_at: SystemTime::now(),
            replaced: Default::default(),
        });
        self.save(&key, &probe).await?;
        let read_back = self.load(&key).await?;
        self.forget(&key).await?;
        match read_back {
            Some(_) => Ok(()),
            None => Err(VaultError::Keychain {
                detail: "the keychain lost the test item it had just stored".to_owned(),
            }),
        }
    }

    pub fn store_choice(&self) -> StoreChoice {
        self.choice
    }

    /// The file of the sessions' non-secret facts, which the app watches.
    pub fn index_path(&self) -> &Path {
        self.index.path()
    }

    /// Every stored session with its non-secret facts.
    pub fn sessions(&self) -> Result<Vec<(SessionKey, Entry)>, VaultError> {
        self.index.sessions()
    }

    /// Stores `record` as the session's only record, replacing what was there, and
    /// brings its mirror file up to date when the session has one.
    pub async fn save(&self, key: &SessionKey, record: &Record) -> Result<(), VaultError> {
        let previous = self.entry(key)?;
        let pieces = self.write_pieces(key, record, previous.as_ref()).await?;
        let mirrored = previous.as_ref().is_some_and(|entry| entry.mirror);
        self.index.change(|entries| {
            entries.insert(key.item_name(), entry_for(record, mirrored, pieces));
        })?;
        if mirrored {
            mirror::write(self.index.data_dir(), &self.caches, key, record)?;
        }
        Ok(())
    }

    /// The session's record, or `None` when the vault has none. When the session is
    /// mirrored and an SDK refreshed the file on its own, the newer tokens are taken
    /// into the vault first (the old refresh token may already be spent).
    pub async fn load(&self, key: &SessionKey) -> Result<Option<Record>, VaultError> {
        let Some(record) = self.read_record(key).await? else {
            return Ok(None);
        };
        if !self.entry(key)?.is_some_and(|entry| entry.mirror) {
            return Ok(Some(record));
        }
        match mirror::newer_in_file(&self.caches, key, &record)? {
            Some(newer) => {
                self.save(key, &newer).await?;
                Ok(Some(newer))
            }
            None => Ok(Some(record)),
        }
    }

    /// Removes the session from the keychain, the index and its mirror file. Returns
    /// whether there was anything to forget.
    pub async fn forget(&self, key: &SessionKey) -> Result<bool, VaultError> {
        let entry = self.entry(key)?;
        let pieces = match &entry {
            Some(entry) => entry.pieces,
            None => self.stored_piece_count(key).await?.unwrap_or(0),
        };
        let item = key.item_name();
        self.blocking(move |store| {
            (0..pieces)
                .rev()
                .try_for_each(|index| store.delete(&layout::piece_name(&item, index)))
        })
        .await?;
        self.index
            .change(|entries| entries.remove(&key.item_name()))?;
        if entry.as_ref().is_some_and(|entry| entry.mirror) {
            mirror::remove(&self.caches, key)?;
        }
        Ok(entry.is_some() || pieces > 0)
    }

    /// Turns the compatibility mirror of a stored session on (writing the AWS CLI cache
    /// file now) or off (removing it).
    pub async fn set_mirror(&self, key: &SessionKey, on: bool) -> Result<(), VaultError> {
        let record = self.load(key).await?.ok_or_else(|| VaultError::NotStored {
            session: key.item_name(),
        })?;
        self.index.change(|entries| {
            if let Some(entry) = entries.get_mut(&key.item_name()) {
                entry.mirror = on;
            }
        })?;
        if on {
            mirror::write(self.index.data_dir(), &self.caches, key, &record)
        } else {
            mirror::remove(&self.caches, key)
        }
    }

    /// The cache folders the mirror writes to and imports read from.
    pub fn cache_paths(&self) -> &CachePaths {
        &self.caches
    }

    fn entry(&self, key: &SessionKey) -> Result<Option<Entry>, VaultError> {
        Ok(self.index.read()?.remove(&key.item_name()))
    }

    /// Writes the record's pieces, the head last so a reader never finds a head whose
    /// pieces are missing, then removes pieces a longer earlier record left behind.
    async fn write_pieces(
        &self,
        key: &SessionKey,
        record: &Record,
        previous: Option<&Entry>,
    ) -> Result<usize, VaultError> {
        let bytes = Zeroizing::new(serde_json::to_vec(record).expect("a record always serialises"));
        let pieces = layout::split(&bytes, self.store.item_limit());
        let count = pieces.len();
        let before = previous.map_or(0, |entry| entry.pieces);
        let (item, label) = (key.item_name(), key.label());
        self.blocking(move |store| {
            for (index, piece) in pieces.iter().enumerate().rev() {
                store.write(&layout::piece_name(&item, index), &label, piece)?;
            }
            (count..before).try_for_each(|index| store.delete(&layout::piece_name(&item, index)))
        })
        .await?;
        Ok(count)
    }

    async fn read_record(&self, key: &SessionKey) -> Result<Option<Record>, VaultError> {
        let item = key.item_name();
        let bytes = self
            .blocking(move |store| {
                let Some(head) = store.read(&item)? else {
                    return Ok(None);
                };
                let (count, share) =
                    layout::read_head(&head).map_err(|detail| corrupt(&item, detail))?;
                let mut bytes = Zeroizing::new(share.to_vec());
                for index in 1..count {
                    let name = layout::piece_name(&item, index);
                    let piece = store
                        .read(&name)?
                        .ok_or_else(|| corrupt(&item, "one of its pieces is missing"))?;
                    bytes.extend_from_slice(&piece);
                }
                Ok(Some(bytes))
            })
            .await?;
        bytes
            .map(|bytes| {
                serde_json::from_slice(&bytes)
                    .map_err(|_| corrupt(&key.item_name(), "its record is not one Awning wrote"))
            })
            .transpose()
    }

    /// How many pieces a stored record has, read from its head item.
    async fn stored_piece_count(&self, key: &SessionKey) -> Result<Option<usize>, VaultError> {
        let item = key.item_name();
        self.blocking(move |store| {
            store
                .read(&item)?
                .map(|head| layout::read_head(&head).map(|(count, _)| count))
                .transpose()
                .map_err(|detail| corrupt(&item, detail))
        })
        .await
    }

    async fn blocking<T: Send + 'static>(
        &self,
        job: impl FnOnce(&dyn SecretStore) -> Result<T, VaultError> + Send + 'static,
    ) -> Result<T, VaultError> {
        let store = Arc::clone(&self.store);
        within_deadline(self.deadline, move || job(store.as_ref())).await
    }
}

/// Runs a blocking keychain call on tokio's blocking pool and gives up waiting after
/// `deadline`. A call that is stuck stays stuck on its pool thread; the caller gets a
/// [`VaultError::Timeout`] it can show.
async fn within_deadline<T: Send + 'static>(
    deadline: Duration,
    job: impl FnOnce() -> Result<T, VaultError> + Send + 'static,
) -> Result<T, VaultError> {
    let task = tokio::task::spawn_blocking(job);
    match tokio::time::timeout(deadline, task).await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(_)) => Err(VaultError::Keychain {
            detail: "the keychain call failed unexpectedly".to_owned(),
        }),
        Err(_) => Err(VaultError::Timeout {
            seconds: deadline.as_secs_f64(),
        }),
    }
}

fn corrupt(item: &str, detail: &str) -> VaultError {
    VaultError::Corrupt {
        item: item.to_owned(),
        detail: detail.to_owned(),
    }
}

fn entry_for(record: &Record, mirror: bool, pieces: usize) -> Entry {
    let kind = match record {
        Record::Sso(_) => EntryKind::Sso,
        Record::Login(_) => EntryKind::Login,
        Record::CodeArtifact(_) => EntryKind::CodeArtifact,
        Record::AccessKey(_) => EntryKind::AccessKey,
    };
    Entry {
        kind,
        expires_at: record.expires_at(),
        renewable: record.renewable(),
        mirror,
        pieces,
        session_ends_at: record.session_ends_at(),
    }
}

#[cfg(test)]
#[path = "handle_tests.rs"]
mod tests;
