//! [`AgentError`]: what the tray app and the CLI's broker requests can end in. It reaches
//! people as its [`Problem`]; its `Display` is that problem in English, for logs and the
//! CLI.

use std::path::PathBuf;

use crate::codeartifact::CodeArtifactError;
use crate::config::{ConfigPathError, FileError};
use crate::console::ConsoleError;
use crate::messages::{Language, describe_problem};
use crate::problem::{FieldProblem, Problem, Thing};
use crate::sso::{SsoError, TargetError};

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error("{}", english(self))]
    Sso(#[from] SsoError),
    #[error("{}", english(self))]
    Console(#[from] ConsoleError),
    #[error("{}", english(self))]
    Keys(#[from] crate::keys::KeysError),
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
    #[error("{}", english(self))]
    NoSuchProfile(String),
    /// The session's accounts were never listed, so nothing can be written from them.
    #[error("{}", english(self))]
    NotListed(String),
    /// A file of Awning's own in its data folder could not be written.
    #[error("{}", english(self))]
    DataFile {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// The file changed after the write was previewed.
    #[error("{}", english(self))]
    PreviewOutdated(PathBuf),
    #[error("{}", english(self))]
    CodeArtifact(#[from] CodeArtifactError),
}

impl AgentError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        match self {
            Self::Sso(error) => error.problem(),
            Self::Console(error) => error.problem(),
            Self::Keys(error) => error.problem(),
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
            Self::NoSuchProfile(name) => Problem::NotFound {
                thing: Thing::Profile,
                name: name.clone(),
            },
            Self::NotListed(session) => Problem::NotFound {
                thing: Thing::AccountOrRole,
                name: session.clone(),
            },
            Self::DataFile { path, cause } => Problem::FileUnusable {
                path: path.display().to_string(),
                detail: cause.to_string(),
            },
            Self::PreviewOutdated(file) => Problem::PreviewOutdated {
                file: file.display().to_string(),
            },
            Self::CodeArtifact(error) => error.problem(),
        }
    }
}

fn english(error: &AgentError) -> String {
    describe_problem(Language::En.catalogue(), &error.problem())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigPathError;
    use crate::problem::{ConfigRule, Field, FieldRule, Service};
    use crate::sso::oidc::OidcError;
    use crate::sso::portal::PortalError;
    use crate::vault::VaultError;

    fn problem(error: impl Into<AgentError>) -> Problem {
        error.into().problem()
    }

    #[test]
    fn failures_deep_in_the_engine_reach_people_as_their_codes() {
        assert_eq!(
            problem(SsoError::Vault(VaultError::Locked {
                detail: "prompt dismissed".to_owned()
            })),
            Problem::KeychainLocked
        );
        assert_eq!(
            problem(SsoError::Vault(VaultError::Timeout { seconds: 1.5 })),
            Problem::KeychainTimeout { seconds: 2 }
        );
        assert_eq!(
            problem(SsoError::Oidc(OidcError::Denied)),
            Problem::SignInDenied
        );
        assert_eq!(
            problem(SsoError::Oidc(OidcError::CodeExpired)),
            Problem::SignInExpired
        );
        assert_eq!(
            problem(SsoError::Portal(PortalError::Throttled)),
            Problem::Throttled {
                service: Service::IdentityCenter
            }
        );
        assert_eq!(
            problem(SsoError::Oidc(OidcError::Unreachable("dns".to_owned()))),
            Problem::NetworkUnreachable {
                service: Service::IdentityCenter,
                detail: Some("dns".to_owned())
            }
        );
        assert_eq!(
            problem(SsoError::NeedsSignIn {
                session: "sso-session:corp".to_owned(),
                reason: "the session has ended".to_owned()
            }),
            Problem::NeedsSignIn {
                session: Some("sso-session:corp".to_owned())
            }
        );
        assert_eq!(problem(ConfigPathError::NoHome), Problem::ConfigNotLocated);
    }

    #[test]
    fn config_problems_name_the_file_and_what_breaks_the_rule() {
        let error = AgentError::Target {
            file: PathBuf::from("/home/ada/.aws/config"),
            cause: Box::new(TargetError::Missing {
                section: "[sso-session corp]".to_owned(),
                key: "sso_region",
                line: 12,
            }),
        };
        assert_eq!(
            error.problem(),
            Problem::ConfigInvalid {
                file: "/home/ada/.aws/config".to_owned(),
                line: Some(12),
                section: "[sso-session corp]".to_owned(),
                key: Some("sso_region".to_owned()),
                rule: ConfigRule::MissingKey,
            }
        );
        // Its Display is the English sentence, for the log and the CLI.
        assert_eq!(
            error.to_string(),
            "[sso-session corp] has no sso_region (/home/ada/.aws/config, line 12)."
        );
    }

    #[test]
    fn the_agent_own_failures_have_codes_too() {
        assert_eq!(AgentError::Cancelled.problem(), Problem::SignInCancelled);
        assert_eq!(
            AgentError::NoSuchSession("corp".to_owned()).problem(),
            Problem::NotFound {
                thing: Thing::SsoSession,
                name: "corp".to_owned()
            }
        );
        let fields = vec![FieldProblem {
            field: Field::Region,
            rule: FieldRule::NotRegion,
        }];
        assert_eq!(
            AgentError::Invalid(fields.clone()).problem(),
            Problem::InvalidFields { fields }
        );
        assert_eq!(
            AgentError::SignInFailed(Problem::SignInDenied).problem(),
            Problem::SignInDenied
        );
    }
}
