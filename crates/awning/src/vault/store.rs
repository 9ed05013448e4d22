//! Where the vault's items live: the OS keychain, or a file the user opted into.
//!
//! The calls here block (D-Bus, Keychain Services, Credential Manager); the vault runs
//! them off the async runtime with a deadline.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};
use zeroize::Zeroizing;

use super::error::VaultError;

/// A flat store of named byte values.
pub(crate) trait SecretStore: Send + Sync + fmt::Debug {
    /// The value of `item`, or `None` when there is no such item.
    fn read(&self, item: &str) -> Result<Option<Zeroizing<Vec<u8>>>, VaultError>;
    /// Creates or replaces `item`; `label` is what a keychain browser shows for it.
    fn write(&self, item: &str, label: &str, value: &[u8]) -> Result<(), VaultError>;
    /// Removes `item`; an item that is already gone is not an error.
    fn delete(&self, item: &str) -> Result<(), VaultError>;
    /// The largest value one item may hold, where the platform has a limit.
    fn item_limit(&self) -> Option<usize>;
}

/// The OS keychain, through keyring-core, with every item under one service name.
pub(crate) struct KeychainStore {
    store: Arc<CredentialStore>,
    service: String,
    item_limit: Option<usize>,
    /// Only the Secret Service store takes a label for its items.
    labelled: bool,
}

impl fmt::Debug for KeychainStore {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("KeychainStore")
            .field("service", &self.service)
            .field("item_limit", &self.item_limit)
            .finish_non_exhaustive()
    }
}

impl KeychainStore {
    /// This platform's keychain. Connecting may block (it opens a D-Bus connection on
    /// Linux), so call it where blocking is allowed.
    pub fn platform(service: &str) -> Result<Self, VaultError> {
        let (store, item_limit, labelled) = platform_store().map_err(|error| match error {
            keyring_core::Error::NoStorageAccess(_) => VaultError::Locked {
                detail: error.to_string(),
            },
            _ => VaultError::NoKeychain {
                detail: error.to_string(),
            },
        })?;
        Ok(Self {
            store,
            service: service.to_owned(),
            item_limit,
            labelled,
        })
    }

    /// A keychain over any keyring-core store: the in-memory mock in unit tests.
    #[cfg(test)]
    pub fn over(store: Arc<CredentialStore>, service: &str, item_limit: Option<usize>) -> Self {
        Self {
            store,
            service: service.to_owned(),
            item_limit,
            labelled: false,
        }
    }

    fn entry(&self, item: &str, label: Option<&str>) -> Result<Entry, VaultError> {
        let modifiers = label
            .filter(|_| self.labelled)
            .map(|label| HashMap::from([("label", label)]));
        self.store
            .build(&self.service, item, modifiers.as_ref())
            .map_err(|error| keychain_error(item, error))
    }
}

impl SecretStore for KeychainStore {
    fn read(&self, item: &str) -> Result<Option<Zeroizing<Vec<u8>>>, VaultError> {
        match self.entry(item, None)?.get_secret() {
            Ok(value) => Ok(Some(Zeroizing::new(value))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(error) => Err(keychain_error(item, error)),
        }
    }

    fn write(&self, item: &str, label: &str, value: &[u8]) -> Result<(), VaultError> {
        self.entry(item, Some(label))?
            .set_secret(value)
            .map_err(|error| keychain_error(item, error))
    }

    fn delete(&self, item: &str) -> Result<(), VaultError> {
        match self.entry(item, None)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(error) => Err(keychain_error(item, error)),
        }
    }

    fn item_limit(&self) -> Option<usize> {
        self.item_limit
    }
}

/// Maps a keyring error to what the user must do. The platform's own words are kept as
/// the detail; keyring errors never carry the secret being stored.
fn keychain_error(item: &str, error: keyring_core::Error) -> VaultError {
    match error {
        keyring_core::Error::NoStorageAccess(_) => VaultError::Locked {
            detail: error.to_string(),
        },
        keyring_core::Error::BadEncoding(_) | keyring_core::Error::BadDataFormat(..) => {
            VaultError::Corrupt {
                item: item.to_owned(),
                detail: "the stored bytes are not in the expected format".to_owned(),
            }
        }
        keyring_core::Error::Ambiguous(_) => VaultError::Corrupt {
            item: item.to_owned(),
            detail: "the keychain holds more than one item by that name".to_owned(),
        },
        _ => VaultError::Keychain {
            detail: error.to_string(),
        },
    }
}

type PlatformStore = (Arc<CredentialStore>, Option<usize>, bool);

#[cfg(target_os = "linux")]
fn platform_store() -> keyring_core::Result<PlatformStore> {
    let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
    Ok((store, None, true))
}

#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<PlatformStore> {
    let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
    Ok((store, None, false))
}

/// Credential Manager refuses a secret above 2,560 bytes (`CRED_MAX_CREDENTIAL_BLOB_SIZE`).
#[cfg(windows)]
fn platform_store() -> keyring_core::Result<PlatformStore> {
    let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
    Ok((store, Some(2_560), false))
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn platform_store() -> keyring_core::Result<PlatformStore> {
    Err(keyring_core::Error::NotSupportedByStore(
        "Awning knows no keychain on this platform".to_owned(),
    ))
}
