//! What can go wrong keeping secrets, each said so the user knows what to do next.

use std::path::PathBuf;

use crate::problem::{Problem, Thing};

/// A failure of the vault. Every message names what happened and the next step; none
/// carries a secret value.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error(
        "no keychain is available: {detail}. On Linux, install and start a Secret Service \
         (gnome-keyring or KeePassXC) in your desktop session; on a headless machine you \
         may choose the weaker file store with AWNING_SECRET_STORE=file"
    )]
    NoKeychain { detail: String },

    #[error(
        "the keychain is locked or refused Awning access: {detail}. Unlock your login \
         keyring (for example in \"Passwords and Keys\") or allow Awning, then try again"
    )]
    Locked { detail: String },

    #[error(
        "the keychain did not answer within {seconds} seconds; it may be waiting for an \
         unlock prompt. Unlock it and try again"
    )]
    Timeout { seconds: f64 },

    #[error(
        "the keychain failed: {detail}. Try again; if it keeps failing, restart the keychain service"
    )]
    Keychain { detail: String },

    #[error(
        "the keychain item {item:?} is not one Awning can read ({detail}); sign in again to \
         replace it"
    )]
    Corrupt { item: String, detail: String },

    #[error("cannot use {path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "the vault holds no session {session:?}; sign in to it first (`awning vault list` shows what it holds)"
    )]
    NotStored { session: String },

    #[error("cannot tell where to keep the vault's files: {0}")]
    NoFolder(String),

    #[error("unknown secret store {0:?}: choose \"keychain\" (the default) or \"file\"")]
    UnknownStore(String),
}

impl VaultError {
    pub(crate) fn file(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::File {
            path: path.into(),
            source,
        }
    }
}

impl VaultError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        match self {
            Self::NoKeychain { detail } => Problem::KeychainUnavailable {
                detail: detail.clone(),
            },
            Self::Locked { .. } => Problem::KeychainLocked,
            Self::Timeout { seconds } => Problem::KeychainTimeout {
                seconds: seconds.ceil() as u32,
            },
            Self::Keychain { detail } => Problem::KeychainFailed {
                detail: detail.clone(),
            },
            Self::Corrupt { item, .. } => Problem::KeychainItemUnreadable { item: item.clone() },
            Self::File { path, source } => Problem::FileUnusable {
                path: path.display().to_string(),
                detail: source.to_string(),
            },
            Self::NotStored { session } => Problem::NotFound {
                thing: Thing::StoredSession,
                name: session.clone(),
            },
            Self::NoFolder(_) => Problem::DataFolderUnknown,
            Self::UnknownStore(value) => Problem::UnknownSecretStore {
                value: value.clone(),
            },
        }
    }
}
