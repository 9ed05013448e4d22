//! [`AgentError`]: what the tray app and the CLI's broker requests can end in. It reaches
//! people as its [`Problem`]; its `Display` is that problem in English, for logs and the
//! CLI.

use std::path::PathBuf;

use crate::config::{ConfigPathError, FileError};
use crate::messages::{Language, describe_problem};
use crate::problem::{FieldProblem, Problem, Thing};
use crate::sso::{SsoError, TargetError};

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error("{}", english(self))]
    Sso(#[from] SsoError),
    /// The config file at `file` does not describe what was asked for.
    #[error("{}", english(self))]
    Target {
        file: PathBuf,
        cause: Box<TargetError>,
    },
    #[error("{}", english(self))]
    ConfigFile(#[from] FileError),
    #[error("{}", english(self))]
    ConfigPath(#[from] ConfigPathError),
    /// The profile names no account and role.
    #[error("{}", english(self))]
    NoRole(String),
    #[error("{}", english(self))]
    Cancelled,
    /// A sign-in this request waited for ended in `problem`.
    #[error("{}", english(self))]
    SignInFailed(Problem),
    #[error("{}", english(self))]
    Invalid(Vec<FieldProblem>),
    #[error("{}", english(self))]
    SessionInUse {
        session: String,
        profiles: Vec<String>,
    },
    #[error("{}", english(self))]
    NoSuchSession(String),
}

impl AgentError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        match self {
            Self::Sso(error) => error.problem(),
            Self::Target { file, cause } => cause.problem(file),
            Self::ConfigFile(error) => error.problem(),
            Self::ConfigPath(error) => error.problem(),
            Self::NoRole(profile) => Problem::NoRole {
                profile: profile.clone(),
            },
            Self::Cancelled => Problem::SignInCancelled,
            Self::SignInFailed(problem) => problem.clone(),
            Self::Invalid(fields) => Problem::InvalidFields {
                fields: fields.clone(),
            },
            Self::SessionInUse { session, profiles } => Problem::SessionInUse {
                session: session.clone(),
                profiles: profiles.clone(),
            },
            Self::NoSuchSession(name) => Problem::NotFound {
                thing: Thing::SsoSession,
                name: name.clone(),
            },
        }
    }
}

fn english(error: &AgentError) -> String {
    describe_problem(Language::En.catalogue(), &error.problem())
}
