//! What the vault holds, without the secrets: a plain file that lets `awning status` and
//! the scheduler answer without opening the keychain.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::error::VaultError;
use super::records::SessionKey;
use crate::safe_write::{EditLock, read_text, replace_locked};
use crate::timestamps::{epoch_seconds, epoch_seconds_option};

/// The non-secret facts about one stored session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub kind: EntryKind,
    #[serde(with = "epoch_seconds")]
    pub expires_at: SystemTime,
    /// Awning can renew it without the user.
    pub renewable: bool,
    /// The AWS CLI cache file of this session is kept in step (opt-in).
    pub mirror: bool,
    /// How many keychain items the record takes (see `layout`).
    pub pieces: usize,
    /// When the whole session ends, if no renewal can outlast it (console sign-ins).
    #[serde(
        with = "epoch_seconds_option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_ends_at: Option<SystemTime>,
}

/// What kind of session an entry is, as the index file names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// IAM Identity Center.
    Sso,
    /// `aws login`.
    Login,
    CodeArtifact,
    /// An IAM user's access key (`awning keys import`).
    AccessKey,
}

/// Item name → its facts.
pub(crate) type Entries = BTreeMap<String, Entry>;

#[derive(Debug)]
pub(crate) struct Index {
    path: PathBuf,
    data_dir: PathBuf,
}

impl Index {
    pub fn in_folder(data_dir: &Path, service: &str) -> Self {
        Self {
            path: data_dir.join(format!("vault-{service}.json")),
            data_dir: data_dir.to_path_buf(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Awning's data folder, where the index and the locks of the files it guards live.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The entries. An index that cannot be read (damaged on disk) is set aside beside
    /// itself, reported in the log, and read as empty: the sessions it listed need a
    /// sign-in again, and nothing else stops working. Its items stay in the keychain.
    pub fn read(&self) -> Result<Entries, VaultError> {
        match self.parse()? {
            Ok(entries) => Ok(entries),
            // Set aside only under the lock, after reading again: another process may
            // have set it aside and written a good index meanwhile.
            Err(_) => {
                let _lock = self.lock()?;
                self.read_locked()
            }
        }
    }

    /// [`Index::read`] for a caller holding the index's lock.
    fn read_locked(&self) -> Result<Entries, VaultError> {
        match self.parse()? {
            Ok(entries) => Ok(entries),
            Err(error) => {
                let aside = self.path.with_extension("json.unreadable");
                std::fs::rename(&self.path, &aside).map_err(|error| self.io_error(error))?;
                tracing::warn!(
                    index = %self.path.display(),
                    set_aside = %aside.display(),
                    line = error.line(),
                    "the vault's index could not be read; it is set aside and the sessions it \
                     listed need a new sign-in"
                );
                Ok(Entries::new())
            }
        }
    }

    /// The entries as the file holds them (none when there is no file), or why its JSON
    /// does not parse.
    fn parse(&self) -> Result<Result<Entries, serde_json::Error>, VaultError> {
        let Some(bytes) = read_text(&self.path).map_err(|error| self.io_error(error))? else {
            return Ok(Ok(Entries::new()));
        };
        Ok(serde_json::from_slice(&bytes))
    }

    fn lock(&self) -> Result<EditLock, VaultError> {
        EditLock::acquire(&self.data_dir, &self.path).map_err(|error| self.io_error(error))
    }

    /// The sessions the index names, each with its facts.
    pub fn sessions(&self) -> Result<Vec<(SessionKey, Entry)>, VaultError> {
        Ok(self
            .read()?
            .into_iter()
            .filter_map(|(name, entry)| SessionKey::parse(&name).map(|key| (key, entry)))
            .collect())
    }

    /// Changes the index under the lock every Awning process takes for it, so the app
    /// and the CLI never lose each other's changes.
    pub fn change<T>(&self, edit: impl FnOnce(&mut Entries) -> T) -> Result<T, VaultError> {
        let _lock = self.lock()?;
        let mut entries = self.read_locked()?;
        let outcome = edit(&mut entries);
        let text = serde_json::to_vec_pretty(&entries).expect("the index always serialises");
        replace_locked(&self.path, &text).map_err(|error| self.io_error(error))?;
        Ok(outcome)
    }

    fn io_error(&self, error: std::io::Error) -> VaultError {
        VaultError::file(&self.path, error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_index_is_set_aside_and_read_as_empty_and_the_next_change_works() {
        let data = tempfile::tempdir().unwrap();
        let index = Index::in_folder(data.path(), "awning-test");
        std::fs::write(&index.path, "{\"sso-session:corp\": {trunc").unwrap();
        assert!(index.read().unwrap().is_empty());
        let aside = data.path().join("vault-awning-test.json.unreadable");
        assert_eq!(
            std::fs::read_to_string(aside).unwrap(),
            "{\"sso-session:corp\": {trunc",
            "kept as it was, for a look"
        );
        index
            .change(|entries| {
                entries.insert(
                    "sso-session:corp".to_owned(),
                    Entry {
                        kind: EntryKind::Sso,
                        expires_at: SystemTime::UNIX_EPOCH,
                        renewable: false,
                        mirror: false,
                        pieces: 1,
                        session_ends_at: None,
                    },
                );
            })
            .unwrap();
        assert_eq!(index.sessions().unwrap().len(), 1);
    }
}
