//! [`ConsoleError`]: everything a console sign-in or a refresh can end in.

use super::dpop::UnreadableKey;
use super::signin::SignInError;
use crate::problem::{Problem, Service};
use crate::sso::lock::LockError;
use crate::sso::loopback::LoopbackError;
use crate::vault::{SessionKey, VaultError};

#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    /// Only the user can go on: sign in (again).
    #[error("{session} needs a sign-in: {reason}")]
    NeedsSignIn {
        session: SessionKey,
        reason: &'static str,
    },
    #[error(
        "{session} was ended by AWS because the password or credentials changed; sign in again"
    )]
    Revoked { session: SessionKey },
    #[error("AWS Sign-In no longer accepts the key of {session} ({detail}); sign in again")]
    KeyRejected { session: SessionKey, detail: String },
    #[error(
        "{session} was signed in at {signed_in_at}, but AWS Sign-In is now configured as \
         {configured}; its tokens go only where they were issued, so sign in again"
    )]
    EndpointChanged {
        session: SessionKey,
        signed_in_at: String,
        configured: String,
    },
    #[error("the Sign-In endpoint {0} is plain http on another machine; only https is used")]
    InsecureEndpoint(String),
    #[error("the code pasted is not the one the confirmation page shows; copy it again")]
    CodeUnreadable,
    #[error("the code pasted belongs to another sign-in; start the sign-in again")]
    StateMismatch,
    #[error("the sign-in was cancelled")]
    Cancelled,
    #[error("the sign-in was as {signed_in}, not {expected} as the profile says")]
    OtherIdentity { expected: String, signed_in: String },
    #[error("AWS Sign-In's answer names no session")]
    NoIdentity,
    #[error("the DPoP key of {session} cannot be read; sign in again")]
    UnreadableKey { session: SessionKey },
    #[error(transparent)]
    SignIn(#[from] SignInError),
    #[error(transparent)]
    Loopback(#[from] LoopbackError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Lock(#[from] LockError),
}

impl From<(UnreadableKey, &SessionKey)> for ConsoleError {
    fn from((_, session): (UnreadableKey, &SessionKey)) -> Self {
        Self::UnreadableKey {
            session: session.clone(),
        }
    }
}

impl ConsoleError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        let service = Service::SignIn;
        match self {
            Self::NeedsSignIn { session, .. } => Problem::NeedsSignIn {
                session: Some(session.item_name()),
            },
            Self::Revoked { session } => Problem::SessionRevoked {
                session: session.item_name(),
            },
            Self::KeyRejected { session, .. } => Problem::SignInKeyRejected {
                session: session.item_name(),
            },
            Self::EndpointChanged {
                session,
                signed_in_at,
                configured,
            } => Problem::EndpointChanged {
                session: session.item_name(),
                service: Service::SignIn,
                signed_in_at: signed_in_at.clone(),
                configured: configured.clone(),
            },
            Self::InsecureEndpoint(url) => Problem::InsecureEndpoint { url: url.clone() },
            Self::CodeUnreadable => Problem::SignInCodeUnreadable,
            Self::StateMismatch => Problem::SignInStateMismatch,
            Self::Cancelled => Problem::SignInCancelled,
            Self::OtherIdentity {
                expected,
                signed_in,
            } => Problem::SignedInAsOther {
                expected: expected.clone(),
                signed_in: signed_in.clone(),
            },
            Self::NoIdentity => Problem::ServiceError {
                service,
                detail: self.to_string(),
            },
            Self::UnreadableKey { session } => Problem::KeychainItemUnreadable {
                item: session.item_name(),
            },
            Self::SignIn(error) => error.problem(),
            Self::Loopback(error) => error.problem(),
            Self::Vault(error) => error.problem(),
            Self::Lock(error) => error.problem(),
        }
    }
}

impl SignInError {
    /// The code of a failure that did not end a known session (the engine turns those
    /// into [`ConsoleError::NeedsSignIn`], [`ConsoleError::Revoked`] and
    /// [`ConsoleError::KeyRejected`]).
    pub fn problem(&self) -> Problem {
        let service = Service::SignIn;
        match self {
            Self::CodeExpired => Problem::SignInExpired,
            Self::SessionEnded => Problem::NeedsSignIn { session: None },
            Self::CredentialsChanged | Self::KeyRejected(_) | Self::Refused(_) => {
                Problem::ServiceError {
                    service,
                    detail: self.to_string(),
                }
            }
            Self::MissingPermission => Problem::PermissionMissing {
                action: "signin:CreateOAuth2Token".to_owned(),
            },
            Self::Throttled => Problem::Throttled { service },
            Self::Unreachable(detail) => Problem::NetworkUnreachable {
                service,
                detail: Some(detail.clone()),
            },
        }
    }
}
