//! [`KeysError`]: what moving a key or asking for its session can end in.

use crate::config::{EditError, FileError};
use crate::problem::{Problem, Service};
use crate::sso::lock::LockError;
use crate::vault::VaultError;

#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    #[error("profile {profile} has no access key in the AWS files to move")]
    NoAccessKey { profile: String },
    #[error(
        "profile {profile} holds temporary credentials (a session token); only an IAM \
         user's long-term key is moved"
    )]
    TemporaryKeys { profile: String },
    #[error("profile {profile} does not take its key from the keychain")]
    NotKept { profile: String },
    #[error(
        "the keychain holds no access key for profile {profile}; run `awning keys import` again"
    )]
    KeyMissing { profile: String },
    #[error("profile {profile} needs a code from its MFA device")]
    NeedsMfaCode { profile: String },
    #[error("AWS refused the MFA code; enter the code the device shows now")]
    MfaCodeRefused,
    #[error("STS refused the request: {0}")]
    Refused(String),
    #[error("STS could not be reached: {0}")]
    Unreachable(String),
    #[error("the STS endpoint {0} is plain http on another machine; only https is used")]
    InsecureEndpoint(String),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Lock(#[from] LockError),
}

impl From<(std::path::PathBuf, EditError)> for KeysError {
    fn from((path, cause): (std::path::PathBuf, EditError)) -> Self {
        Self::File(FileError::Edit { path, cause })
    }
}

impl KeysError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        match self {
            Self::NoAccessKey { profile } => Problem::NoAccessKey {
                profile: profile.clone(),
            },
            Self::TemporaryKeys { profile } => Problem::TemporaryKeys {
                profile: profile.clone(),
            },
            Self::NotKept { profile } | Self::KeyMissing { profile } => Problem::KeyNotKept {
                profile: profile.clone(),
            },
            Self::NeedsMfaCode { profile } => Problem::NeedsMfaCode {
                profile: profile.clone(),
            },
            Self::MfaCodeRefused => Problem::MfaCodeRefused,
            Self::Refused(detail) => Problem::ServiceError {
                service: Service::Sts,
                detail: detail.clone(),
            },
            Self::Unreachable(detail) => Problem::NetworkUnreachable {
                service: Service::Sts,
                detail: Some(detail.clone()),
            },
            Self::InsecureEndpoint(url) => Problem::InsecureEndpoint { url: url.clone() },
            Self::File(error) => error.problem(),
            Self::Vault(error) => error.problem(),
            Self::Lock(error) => error.problem(),
        }
    }
}
