//! [`AgentError`]: what the tray app and the CLI's broker requests can end in.

use crate::config::{ConfigPathError, FileError};
use crate::sso::{SsoError, TargetError};

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error(transparent)]
    Sso(#[from] SsoError),
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error(transparent)]
    ConfigFile(#[from] FileError),
    #[error(transparent)]
    ConfigPath(#[from] ConfigPathError),
    #[error(
        "profile {0} names no sso_account_id and sso_role_name, so it has no role to get \
         credentials for"
    )]
    NoRole(String),
    #[error("the sign-in to {0} was cancelled")]
    Cancelled(String),
    #[error("the sign-in to {session} did not finish: {reason}")]
    SignInFailed { session: String, reason: String },
    #[error("{}", .0.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<super::FieldProblem>),
    #[error(
        "profiles {profiles} use [sso-session {session}]: point them at another session or \
         remove them first"
    )]
    SessionInUse { session: String, profiles: String },
    #[error("there is no [sso-session {0}] in the AWS config")]
    NoSuchSession(String),
}
