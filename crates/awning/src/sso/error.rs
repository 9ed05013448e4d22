//! [`SsoError`]: everything a sign-in, a renewal or a credentials request can end in,
//! each in words that say what happened; callers add what to run.

use super::lock::LockError;
use super::loopback::LoopbackError;
use super::oidc::OidcError;
use super::portal::PortalError;
use super::target::SsoTarget;
use crate::problem::Problem;
use crate::vault::VaultError;

#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    /// Only the user can go on: sign in (again).
    #[error("{session} needs a sign-in: {reason}")]
    NeedsSignIn { session: String, reason: String },
    #[error(transparent)]
    Oidc(#[from] OidcError),
    #[error(transparent)]
    Portal(#[from] PortalError),
    #[error(transparent)]
    Loopback(#[from] LoopbackError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Lock(#[from] LockError),
}

impl SsoError {
    pub(super) fn needs_sign_in(target: &SsoTarget, reason: &str) -> Self {
        Self::NeedsSignIn {
            session: target.key.to_string(),
            reason: reason.to_owned(),
        }
    }
}

impl SsoError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        match self {
            Self::NeedsSignIn { session, .. } => Problem::NeedsSignIn {
                session: Some(session.clone()),
            },
            Self::Oidc(error) => error.problem(),
            Self::Portal(error) => error.problem(),
            Self::Loopback(error) => error.problem(),
            Self::Vault(error) => error.problem(),
            Self::Lock(error) => error.problem(),
        }
    }
}
