//! [`SsoError`]: everything a sign-in, a renewal or a credentials request can end in,
//! each in words that say what happened; callers add what to run.

use super::lock::LockError;
use super::loopback::LoopbackError;
use super::oidc::OidcError;
use super::portal::PortalError;
use super::target::SsoTarget;
use crate::problem::{Problem, Service};
use crate::vault::VaultError;

#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    /// Only the user can go on: sign in (again).
    #[error("{session} needs a sign-in: {reason}")]
    NeedsSignIn { session: String, reason: String },
    #[error(
        "{session} was signed in at {signed_in_at}, but IAM Identity Center is now \
         configured as {configured}; its tokens go only where they were issued, so sign in \
         again"
    )]
    EndpointChanged {
        session: String,
        signed_in_at: String,
        configured: String,
    },
    #[error(
        "the IAM Identity Center endpoint {0} is plain http on another machine; only https is used"
    )]
    InsecureEndpoint(String),
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
            Self::EndpointChanged {
                session,
                signed_in_at,
                configured,
            } => Problem::EndpointChanged {
                session: session.clone(),
                service: Service::IdentityCenter,
                signed_in_at: signed_in_at.clone(),
                configured: configured.clone(),
            },
            Self::InsecureEndpoint(url) => Problem::InsecureEndpoint { url: url.clone() },
            Self::Oidc(error) => error.problem(),
            Self::Portal(error) => error.problem(),
            Self::Loopback(error) => error.problem(),
            Self::Vault(error) => error.problem(),
            Self::Lock(error) => error.problem(),
        }
    }
}
