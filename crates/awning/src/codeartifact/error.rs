//! [`CodeArtifactError`]: everything configuring a package manager can end in.

use super::connection::StoreError;
use super::tool_file::ToolFileError;
use super::tools::PlanError;
use crate::problem::{Field, FieldProblem, FieldRule, Problem, Service, Thing};
use crate::vault::VaultError;

/// Why a CodeArtifact call gave nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("the identity may not call {action}")]
    Denied { action: String },
    #[error("CodeArtifact does not know it: {0}")]
    NotFound(String),
    #[error("CodeArtifact refused the request as invalid: {0}")]
    Invalid(String),
    #[error("CodeArtifact is throttling requests")]
    Throttled,
    #[error("CodeArtifact refused the credentials: {0}")]
    CredentialsRefused(String),
    #[error("the profile's credentials could not be loaded: {0}")]
    NoCredentials(String),
    #[error("CodeArtifact could not be reached: {0}")]
    Unreachable(String),
    #[error("CodeArtifact refused the request: {0}")]
    Refused(String),
    #[error("CodeArtifact's answer is not usable: {0}")]
    Garbled(&'static str),
    #[error("the repository endpoint CodeArtifact named ({0}) is not https on an AWS domain")]
    ForeignEndpoint(String),
}

#[derive(Debug, thiserror::Error)]
pub enum CodeArtifactError {
    #[error("some fields are not right: {0:?}")]
    Invalid(Vec<FieldProblem>),
    #[error("profile {0} names no region; pass --region or add region to the profile")]
    NoRegion(String),
    #[error("the CodeArtifact endpoint {0} is plain http on another machine; only https is used")]
    InsecureEndpoint(String),
    #[error("there is no CodeArtifact domain {0}")]
    UnknownDomain(String),
    #[error("there is no repository {repository} in CodeArtifact domain {domain}")]
    UnknownRepository { domain: String, repository: String },
    #[error("{call} (profile {profile})")]
    Call { call: CallError, profile: String },
    #[error("Awning has not configured {0}")]
    NotConfigured(String),
    #[error("the keychain lost the token of {0} while Awning was writing it")]
    TokenLost(String),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    File(#[from] ToolFileError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl CodeArtifactError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        let service = Service::CodeArtifact;
        match self {
            Self::Invalid(fields) => Problem::InvalidFields {
                fields: fields.clone(),
            },
            Self::NoRegion(profile) => Problem::NoRegion {
                profile: profile.clone(),
            },
            Self::InsecureEndpoint(url) => Problem::InsecureEndpoint { url: url.clone() },
            Self::UnknownDomain(name) => Problem::NotFound {
                thing: Thing::CodeArtifactDomain,
                name: name.clone(),
            },
            Self::UnknownRepository { domain, repository } => Problem::NotFound {
                thing: Thing::CodeArtifactRepository,
                name: format!("{domain}/{repository}"),
            },
            Self::NotConfigured(name) => Problem::NotFound {
                thing: Thing::Connection,
                name: name.clone(),
            },
            Self::TokenLost(item) => Problem::KeychainItemUnreadable { item: item.clone() },
            Self::Plan(error) => match error {
                PlanError::NoProjectScope(tool) => Problem::ProjectScopeUnsupported {
                    tool: tool.name().to_owned(),
                },
                PlanError::NamespaceUnsupported(tool) => Problem::NamespaceUnsupported {
                    tool: tool.name().to_owned(),
                },
                PlanError::NeedsProject(tool) => Problem::ProjectScopeRequired {
                    tool: tool.name().to_owned(),
                },
                PlanError::BadNamespace(_) => Problem::InvalidFields {
                    fields: vec![FieldProblem {
                        field: Field::Namespace,
                        rule: FieldRule::BadCharacters,
                    }],
                },
                PlanError::SpacedProfile(_) => Problem::InvalidFields {
                    fields: vec![FieldProblem {
                        field: Field::Profile,
                        rule: FieldRule::BadCharacters,
                    }],
                },
            },
            Self::File(error) => error.problem(),
            Self::Store(error) => error.problem(),
            Self::Vault(error) => error.problem(),
            Self::Call { call, profile } => match call {
                CallError::Denied { action } => Problem::PermissionMissing {
                    action: action.clone(),
                },
                CallError::Throttled => Problem::Throttled { service },
                CallError::Unreachable(detail) => Problem::NetworkUnreachable {
                    service,
                    detail: Some(detail.clone()),
                },
                CallError::NoCredentials(detail) => Problem::CredentialsUnavailable {
                    profile: profile.clone(),
                    detail: detail.clone(),
                },
                CallError::NotFound(_)
                | CallError::Invalid(_)
                | CallError::CredentialsRefused(_)
                | CallError::Refused(_)
                | CallError::Garbled(_)
                | CallError::ForeignEndpoint(_) => Problem::ServiceError {
                    service,
                    detail: call.to_string(),
                },
            },
        }
    }
}
