//! The opt-in file store for machines without a keychain: weaker, and labelled so.
//!
//! Every item lives in one JSON file (one per build channel), 0600 inside Awning's
//! private data folder, replaced whole on each change. Anyone who can read the user's
//! files can read these secrets, which is why it is never chosen silently: only
//! `AWNING_SECRET_STORE=file` selects it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use super::error::VaultError;
use super::store::SecretStore;
use crate::safe_write::{EditLock, read_text, replace_locked};

#[derive(Debug)]
pub(crate) struct FileStore {
    path: PathBuf,
    data_dir: PathBuf,
}

/// Item name → base64 of its value.
type Items = BTreeMap<String, String>;

impl FileStore {
    pub fn in_folder(data_dir: &Path, service: &str) -> Self {
        Self {
            path: data_dir.join(format!("secrets-{service}.json")),
            data_dir: data_dir.to_path_buf(),
        }
    }

    fn load(&self) -> Result<Items, VaultError> {
        let Some(bytes) = read_text(&self.path).map_err(|error| self.io_error(error))? else {
            return Ok(Items::new());
        };
        let bytes = Zeroizing::new(bytes);
        serde_json::from_slice(&bytes).map_err(|error| VaultError::Corrupt {
            item: self.path.display().to_string(),
            detail: format!("not the JSON Awning writes: line {}", error.line()),
        })
    }

    fn change(&self, edit: impl FnOnce(&mut Items)) -> Result<(), VaultError> {
        let _lock = EditLock::acquire(&self.data_dir, &self.path).map_err(|e| self.io_error(e))?;
        let mut items = self.load()?;
        edit(&mut items);
        let text = Zeroizing::new(
            serde_json::to_vec_pretty(&items).expect("a map of strings always serialises"),
        );
        replace_locked(&self.path, &text).map_err(|error| self.io_error(error))
    }

    fn io_error(&self, error: std::io::Error) -> VaultError {
        VaultError::file(&self.path, error)
    }
}

impl SecretStore for FileStore {
    fn read(&self, item: &str) -> Result<Option<Zeroizing<Vec<u8>>>, VaultError> {
        let items = self.load()?;
        items
            .get(item)
            .map(|encoded| {
                STANDARD
                    .decode(encoded)
                    .map(Zeroizing::new)
                    .map_err(|_| VaultError::Corrupt {
                        item: item.to_owned(),
                        detail: "its value is not base64".to_owned(),
                    })
            })
            .transpose()
    }

    fn write(&self, item: &str, _label: &str, value: &[u8]) -> Result<(), VaultError> {
        self.change(|items| {
            items.insert(item.to_owned(), STANDARD.encode(value));
        })
    }

    fn delete(&self, item: &str) -> Result<(), VaultError> {
        self.change(|items| {
            items.remove(item);
        })
    }

    fn item_limit(&self) -> Option<usize> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_round_trip_through_a_private_file() {
        let folder = tempfile::tempdir().unwrap();
        let store = FileStore::in_folder(folder.path(), "awning-test");
        assert!(store.read("sso-session:corp").unwrap().is_none());
        store.write("sso-session:corp", "corp", b"token-1").unwrap();
        store.write("login:arn", "arn", b"token-2").unwrap();
        store.delete("login:arn").unwrap();
        store.delete("never-there").unwrap();
        let reopened = FileStore::in_folder(folder.path(), "awning-test");
        assert_eq!(
            reopened
                .read("sso-session:corp")
                .unwrap()
                .unwrap()
                .as_slice(),
            b"token-1"
        );
        assert!(reopened.read("login:arn").unwrap().is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(folder.path().join("secrets-awning-test.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_damaged_file_is_reported_and_left_as_it_was() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("secrets-awning-test.json");
        std::fs::write(&path, "{ not json").unwrap();
        let store = FileStore::in_folder(folder.path(), "awning-test");
        let error = store.write("item", "label", b"value").unwrap_err();
        assert!(matches!(error, VaultError::Corrupt { .. }), "{error}");
        assert!(
            error.to_string().contains("secrets-awning-test.json"),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json");
    }
}
