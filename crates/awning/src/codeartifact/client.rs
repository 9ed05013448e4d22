//! The CodeArtifact calls (aws-auth-protocols.md §8), all through `aws-sdk-codeartifact`
//! with the SDK's endpoint resolution, so `AWS_ENDPOINT_URL_CODEARTIFACT` reaches them.

use std::time::SystemTime;

use aws_config::SdkConfig;
use aws_sdk_codeartifact::Client;
use aws_sdk_codeartifact::config::Credentials;
use aws_sdk_codeartifact::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_codeartifact::types::PackageFormat;

use super::error::CallError;
use super::repository::{Repository, TokenLifetime};
use crate::sdk::{CaptureEndpoint, error_chain};
use crate::urls::{aws_service_url, printable};
use crate::vault::Secret;

/// A token as the service issued it.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: Secret,
    pub expires_at: SystemTime,
}

/// A domain a person may pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainSummary {
    pub name: String,
    pub owner: String,
}

/// A repository a person may pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepositorySummary {
    pub name: String,
    pub domain: String,
    pub owner: String,
}

/// A CodeArtifact client of one region, signed with one identity's credentials.
#[derive(Debug, Clone)]
pub struct CodeArtifact {
    client: Client,
    region: String,
}

impl CodeArtifact {
    /// A client for `config`, which carries the region and the credentials.
    pub fn new(config: &SdkConfig) -> Self {
        Self {
            client: Client::new(config),
            region: config.region().map(ToString::to_string).unwrap_or_default(),
        }
    }

    /// The origin the SDK sends `config`'s CodeArtifact calls to (so
    /// `AWS_ENDPOINT_URL_CODEARTIFACT` applies), learnt by preparing a call with stand-in
    /// credentials and stopping it before it is sent: the caller's own credentials are
    /// not resolved for it.
    pub async fn endpoint(config: &SdkConfig) -> Option<String> {
        let stand_in = Credentials::new("AKIDNOTSENT", "not-sent", None, None, "awning");
        let config = aws_sdk_codeartifact::config::Builder::from(config)
            .credentials_provider(stand_in)
            .build();
        let capture = CaptureEndpoint::default();
        let _stopped = Client::from_conf(config)
            .list_domains()
            .customize()
            .interceptor(capture.clone())
            .send()
            .await;
        capture.captured_origin()
    }

    /// The region the client calls.
    pub fn region(&self) -> String {
        self.region.clone()
    }

    /// A token for the repository's domain, lasting as asked.
    pub async fn authorization_token(
        &self,
        repository: &Repository,
        lifetime: TokenLifetime,
    ) -> Result<IssuedToken, CallError> {
        let output = self
            .client
            .get_authorization_token()
            .domain(&repository.domain)
            .set_domain_owner(repository.owner.clone())
            .set_duration_seconds(lifetime.duration_seconds())
            .send()
            .await
            .map_err(|error| CallError::of(error, Call::Token))?;
        let token = output
            .authorization_token()
            .ok_or(CallError::Garbled("the answer holds no token"))?;
        let expiration = output
            .expiration()
            .ok_or(CallError::Garbled("the answer says no expiration"))?;
        let expires_at = SystemTime::try_from(*expiration)
            .map_err(|_| CallError::Garbled("the expiration is not a time"))?;
        Ok(IssuedToken {
            token: Secret::new(token),
            expires_at,
        })
    }

    /// The URL of the repository for one package format, with its trailing `/`.
    pub async fn repository_endpoint(
        &self,
        repository: &Repository,
        format: PackageFormat,
    ) -> Result<String, CallError> {
        let output = self
            .client
            .get_repository_endpoint()
            .domain(&repository.domain)
            .set_domain_owner(repository.owner.clone())
            .repository(&repository.repository)
            .format(format)
            .send()
            .await
            .map_err(|error| CallError::of(error, Call::Endpoint))?;
        let endpoint = output
            .repository_endpoint()
            .ok_or(CallError::Garbled("the answer holds no endpoint"))?;
        // Package managers will send the token there.
        if aws_service_url(endpoint).is_none() {
            return Err(CallError::ForeignEndpoint(printable(endpoint)));
        }
        Ok(if endpoint.ends_with('/') {
            endpoint.to_owned()
        } else {
            format!("{endpoint}/")
        })
    }

    /// Every domain the identity can see, page by page.
    pub async fn domains(&self) -> Result<Vec<DomainSummary>, CallError> {
        let mut pages = self.client.list_domains().into_paginator().send();
        let mut domains = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|error| CallError::of(error, Call::List))?;
            domains.extend(page.domains().iter().filter_map(|domain| {
                Some(DomainSummary {
                    name: domain.name()?.to_owned(),
                    owner: domain.owner()?.to_owned(),
                })
            }));
        }
        Ok(domains)
    }

    /// Every repository of `domain` (owned by `owner`, when named), page by page.
    pub async fn repositories(
        &self,
        domain: &str,
        owner: Option<&str>,
    ) -> Result<Vec<RepositorySummary>, CallError> {
        let mut pages = self
            .client
            .list_repositories_in_domain()
            .domain(domain)
            .set_domain_owner(owner.map(str::to_owned))
            .into_paginator()
            .send();
        let mut repositories = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|error| CallError::of(error, Call::List))?;
            repositories.extend(page.repositories().iter().filter_map(|repository| {
                Some(RepositorySummary {
                    name: repository.name()?.to_owned(),
                    domain: repository.domain_name()?.to_owned(),
                    owner: repository.domain_owner()?.to_owned(),
                })
            }));
        }
        Ok(repositories)
    }
}

/// Which call failed, for the action an AccessDenied names when its message does not.
#[derive(Debug, Clone, Copy)]
pub(super) enum Call {
    Token,
    Endpoint,
    List,
}

impl Call {
    pub(super) fn action(self) -> &'static str {
        match self {
            Self::Token => "codeartifact:GetAuthorizationToken",
            Self::Endpoint => "codeartifact:ReadFromRepository",
            Self::List => "codeartifact:ListRepositoriesInDomain",
        }
    }
}

impl CallError {
    fn of<E: ProvideErrorMetadata + std::error::Error + 'static, R: std::fmt::Debug>(
        error: SdkError<E, R>,
        call: Call,
    ) -> Self {
        let code = error.code().map(str::to_owned);
        let message = error.message().unwrap_or_default().to_owned();
        match code.as_deref() {
            Some("AccessDeniedException") => Self::Denied {
                action: denied_action(&message).unwrap_or_else(|| call.action().to_owned()),
            },
            Some("ResourceNotFoundException") => Self::NotFound(message),
            Some("ValidationException") => Self::Invalid(message),
            Some("ThrottlingException") => Self::Throttled,
            Some(
                "UnrecognizedClientException"
                | "InvalidSignatureException"
                | "ExpiredTokenException"
                | "InvalidClientTokenId",
            ) => Self::CredentialsRefused(format!("{}: {message}", code.unwrap_or_default())),
            Some(other) => Self::Refused(format!("{other}: {message}")),
            None => match &error {
                SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
                    Self::Unreachable(error_chain(&error))
                }
                // The profile's credential provider failed before anything was sent.
                SdkError::ConstructionFailure(_) => Self::NoCredentials(error_chain(&error)),
                // A 500 without the error header, or an answer that is not JSON.
                _ => Self::Refused(error_chain(&error)),
            },
        }
    }
}

/// The action an AccessDenied message names: "… is not authorized to perform:
/// sts:GetServiceBearerToken on resource: …".
fn denied_action(message: &str) -> Option<String> {
    let rest = message.split("perform: ").nth(1)?;
    let action: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
        .collect();
    action.contains(':').then_some(action)
}

#[cfg(test)]
mod tests {
    use super::denied_action;

    #[test]
    fn the_denied_action_is_read_from_the_services_message() {
        assert_eq!(
            denied_action(
                "User: arn:aws:sts::111122223333:assumed-role/Dev/ada is not authorized to \
                 perform: sts:GetServiceBearerToken on resource: arn:aws:sts::111122223333:x"
            )
            .as_deref(),
            Some("sts:GetServiceBearerToken")
        );
        assert_eq!(denied_action("Access denied"), None);
    }
}
