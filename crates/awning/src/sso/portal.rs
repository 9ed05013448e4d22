//! The IAM Identity Center portal (aws-auth-protocols.md §3): role credentials, the
//! accounts and roles a user may use, and sign-out. Throttled calls are retried here,
//! with exponential backoff and jitter, and every call of one portal keeps one [`Pace`],
//! so discovery in large organisations finishes.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_sdk_sso::Client;
use aws_sdk_sso::config::retry::RetryConfig;
use aws_sdk_sso::error::{ProvideErrorMetadata, SdkError};

use super::pace::Pace;
use super::target::RoleRef;
use crate::aws_names::{is_account_id, is_role_name};
use crate::problem::{Problem, Service, Thing};
use crate::sdk::CaptureEndpoint;
use crate::vault::{AwsCredentials, Secret};

/// Attempts of one call that the portal throttles, before giving up.
const THROTTLED_ATTEMPTS: u32 = 10;
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// The largest page the portal serves.
const PAGE_SIZE: i32 = 100;
/// More pages than any organisation fills (a million accounts or roles).
const MAX_PAGES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortalError {
    /// The access token is no longer accepted (expired, signed out, revoked).
    #[error("IAM Identity Center no longer accepts this session's token")]
    Unauthorized,
    #[error("IAM Identity Center has no {0} for this user")]
    NotFound(String),
    #[error("IAM Identity Center kept refusing for too many requests; try again in a minute")]
    Throttled,
    #[error("IAM Identity Center could not be reached: {0}")]
    Unreachable(String),
    #[error("IAM Identity Center refused the request: {0}")]
    Refused(String),
}

/// An account the user may sign in to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Account {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// The portal client of one SSO region.
#[derive(Debug, Clone)]
pub struct Portal {
    client: Client,
    /// Shared by the clones a discovery's listings run on.
    pace: Arc<Pace>,
}

impl Portal {
    pub fn new(config: &aws_config::SdkConfig) -> Self {
        // Throttling is retried by `with_backoff`, with more patience than the SDK's
        // three attempts; two retry layers would multiply.
        let config = aws_sdk_sso::config::Builder::from(config)
            .retry_config(RetryConfig::disabled())
            .build();
        Self {
            client: Client::from_conf(config),
            pace: Arc::default(),
        }
    }

    pub async fn role_credentials(
        &self,
        token: &Secret,
        role: &RoleRef,
    ) -> Result<AwsCredentials, PortalError> {
        let output = with_backoff(&self.pace, || {
            self.client
                .get_role_credentials()
                .access_token(token.expose())
                .account_id(&role.account_id)
                .role_name(&role.role_name)
                .send()
        })
        .await
        .map_err(|error| match error {
            PortalError::NotFound(_) => PortalError::NotFound(format!(
                "role {} in account {}",
                role.role_name, role.account_id
            )),
            other => other,
        })?;
        let credentials = output
            .role_credentials()
            .ok_or_else(|| PortalError::Refused("an answer without credentials".to_owned()))?;
        let (Some(key_id), Some(secret), Some(session_token)) = (
            credentials.access_key_id(),
            credentials.secret_access_key(),
            credentials.session_token(),
        ) else {
            return Err(PortalError::Refused("incomplete credentials".to_owned()));
        };
        Ok(AwsCredentials {
            access_key_id: key_id.to_owned(),
            secret_access_key: Secret::new(secret),
            session_token: Secret::new(session_token),
            // The portal gives milliseconds since the epoch.
            expires_at: SystemTime::UNIX_EPOCH
                + Duration::from_millis(u64::try_from(credentials.expiration()).unwrap_or(0)),
        })
    }

    /// Every account, all pages.
    pub async fn accounts(&self, token: &Secret) -> Result<Vec<Account>, PortalError> {
        all_pages(|next| async move {
            let page = with_backoff(&self.pace, || {
                self.client
                    .list_accounts()
                    .access_token(token.expose())
                    .max_results(PAGE_SIZE)
                    .set_next_token(next.clone())
                    .send()
            })
            .await?;
            let accounts = page
                .account_list()
                .iter()
                .filter_map(|account| {
                    Some(Account {
                        id: account.account_id()?.to_owned(),
                        name: account.account_name().map(str::to_owned),
                        email: account.email_address().map(str::to_owned),
                    })
                })
                .filter(|account| well_formed("account ID", &account.id, is_account_id))
                .collect();
            Ok((accounts, page.next_token().map(str::to_owned)))
        })
        .await
    }

    /// The roles of one account, all pages.
    pub async fn roles(
        &self,
        token: &Secret,
        account_id: &str,
    ) -> Result<Vec<String>, PortalError> {
        all_pages(|next| async move {
            let page = with_backoff(&self.pace, || {
                self.client
                    .list_account_roles()
                    .access_token(token.expose())
                    .account_id(account_id)
                    .max_results(PAGE_SIZE)
                    .set_next_token(next.clone())
                    .send()
            })
            .await?;
            let roles = page
                .role_list()
                .iter()
                .filter_map(|role| role.role_name().map(str::to_owned))
                .filter(|role| well_formed("role name", role, is_role_name))
                .collect();
            Ok((roles, page.next_token().map(str::to_owned)))
        })
        .await
    }

    /// The origin of the portal endpoint the SDK resolves for this region (so
    /// `AWS_ENDPOINT_URL_SSO` applies), learnt by preparing a call and stopping it before
    /// it is sent.
    pub async fn endpoint(&self) -> Result<String, PortalError> {
        let capture = CaptureEndpoint::default();
        let _stopped = self
            .client
            .logout()
            .access_token("not-sent")
            .customize()
            .interceptor(capture.clone())
            .send()
            .await;
        capture.captured_origin().ok_or_else(|| {
            PortalError::Unreachable("no IAM Identity Center endpoint for this region".to_owned())
        })
    }

    /// Ends the session at IAM Identity Center. A token it no longer accepts is already
    /// signed out, which is not an error.
    pub async fn logout(&self, token: &Secret) -> Result<(), PortalError> {
        match with_backoff(&self.pace, || {
            self.client.logout().access_token(token.expose()).send()
        })
        .await
        {
            Ok(_) | Err(PortalError::Unauthorized) => Ok(()),
            Err(error) => Err(error),
        }
    }
}

/// Every item of a paginated listing: `page` fetches the page after a token (none for
/// the first) and gives its items and the next token, absent or empty on the last.
async fn all_pages<T, F, Fut>(page: F) -> Result<Vec<T>, PortalError>
where
    F: Fn(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), PortalError>>,
{
    let mut items = Vec::new();
    let mut next: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let (found, token) = page(next.clone()).await?;
        items.extend(found);
        match token {
            // A portal handing back the token it was given would page forever.
            Some(token) if !token.is_empty() && next.as_ref() != Some(&token) => {
                next = Some(token);
            }
            Some(token) if !token.is_empty() => break,
            _ => return Ok(items),
        }
    }
    Err(PortalError::Refused(
        "the portal kept answering with another page".to_owned(),
    ))
}

/// Runs `call` in its turn of `pace`, retrying while the portal answers 429, waiting
/// longer each time.
async fn with_backoff<T, E, R, F, Fut>(pace: &Pace, call: F) -> Result<T, PortalError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, SdkError<E, R>>>,
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let mut ceiling = FIRST_BACKOFF;
    for attempt in 1..=THROTTLED_ATTEMPTS {
        let turn = pace.turn().await;
        match call().await.map_err(classify) {
            Err(PortalError::Throttled) => {
                pace.throttled(turn);
                if attempt < THROTTLED_ATTEMPTS {
                    tokio::time::sleep(jitter(ceiling)).await;
                    ceiling = (ceiling * 2).min(MAX_BACKOFF);
                }
            }
            outcome => {
                pace.served();
                return outcome;
            }
        }
    }
    Err(PortalError::Throttled)
}

/// A random wait between half the ceiling and the ceiling, so throttled callers that
/// started together do not retry together.
fn jitter(ceiling: Duration) -> Duration {
    let mut byte = [0u8; 1];
    getrandom::fill(&mut byte).expect("the operating system's random source");
    ceiling / 2 + ceiling / 2 * u32::from(byte[0]) / 255
}

fn classify<E, R>(error: SdkError<E, R>) -> PortalError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match &error {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            return PortalError::Unreachable(crate::sdk::error_chain(&error));
        }
        _ => {}
    }
    match error.code() {
        Some("UnauthorizedException") => PortalError::Unauthorized,
        Some("TooManyRequestsException") => PortalError::Throttled,
        Some("ResourceNotFoundException") => {
            PortalError::NotFound(error.message().unwrap_or("such resource").to_owned())
        }
        Some(code) => PortalError::Refused(match error.message() {
            Some(message) => format!("{code}: {message}"),
            None => code.to_owned(),
        }),
        None => PortalError::Refused(crate::sdk::error_chain(&error)),
    }
}

impl PortalError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        let service = Service::IdentityCenter;
        match self {
            Self::Unauthorized => Problem::NeedsSignIn { session: None },
            Self::NotFound(what) => Problem::NotFound {
                thing: Thing::AccountOrRole,
                name: what.clone(),
            },
            Self::Throttled => Problem::Throttled { service },
            Self::Unreachable(detail) => Problem::NetworkUnreachable {
                service,
                detail: Some(detail.clone()),
            },
            Self::Refused(detail) => Problem::ServiceError {
                service,
                detail: detail.clone(),
            },
        }
    }
}

/// Whether an identifier the portal sent has the shape AWS gives it. One that does not
/// is left out (and logged): it could reach a command line a shell runs.
fn well_formed(what: &str, value: &str, shape: fn(&str) -> bool) -> bool {
    let fits = shape(value);
    if !fits {
        tracing::warn!("the portal listed a malformed {what}, left out: {value:?}");
    }
    fits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_portal_that_hands_back_the_same_page_token_is_refused_rather_than_paged_forever() {
        let looping = all_pages(|_| async { Ok((vec![1], Some("again".to_owned()))) }).await;
        assert!(matches!(looping, Err(PortalError::Refused(_))));
        let pages = ["b", "c", ""];
        let finite = all_pages(|next: Option<String>| async move {
            let at = match next.as_deref() {
                None => 0,
                Some("b") => 1,
                _ => 2,
            };
            Ok((vec![at], Some(pages[at].to_owned())))
        })
        .await;
        assert_eq!(finite.unwrap(), [0, 1, 2]);
    }
}
