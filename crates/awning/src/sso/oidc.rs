//! The OIDC calls of a sign-in (aws-auth-protocols.md §2): client registration, the
//! device-code flow with its polling rules, and refresh.

use std::time::{Duration, SystemTime};

use aws_sdk_ssooidc::Client;
use aws_sdk_ssooidc::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_ssooidc::operation::create_token::CreateTokenError;

use crate::problem::{Problem, Service};
use crate::sdk::{CaptureEndpoint, error_chain, service_words};
use crate::urls::sign_in_page;
use crate::vault::{ClientRegistration, Secret};

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// The grants a client of the authorization-code flow registers for.
pub const AUTH_CODE_GRANTS: [&str; 2] = ["authorization_code", "refresh_token"];
/// The registered redirect: loopback without a port (RFC 8252 §7.3).
const REDIRECT_URI: &str = "http://127.0.0.1/oauth/callback";
/// RFC 8628 §3.5: a `slow_down` answer adds five seconds to the polling interval.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);

/// Why a sign-in or a refresh did not give a token, in words for the user.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OidcError {
    #[error("the sign-in was denied in the browser; run the sign-in again to retry")]
    Denied,
    #[error("the sign-in code expired before it was approved; run the sign-in again")]
    CodeExpired,
    #[error("the session can no longer be renewed ({0}); sign in again")]
    RenewalRefused(String),
    #[error("IAM Identity Center could not be reached: {0}")]
    Unreachable(String),
    #[error("IAM Identity Center refused the request: {0}")]
    Refused(String),
}

/// Waits between polls. The real one sleeps; tests record the intervals instead.
pub trait Pause {
    fn pause(&self, interval: Duration) -> impl Future<Output = ()> + Send;
}

/// Sleeps on the tokio timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sleep;

impl Pause for Sleep {
    async fn pause(&self, interval: Duration) {
        tokio::time::sleep(interval).await;
    }
}

/// A pending device authorization: what the user must see, and what Awning polls with.
#[derive(Debug)]
pub struct DeviceAuthorization {
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub expires_at: SystemTime,
    device_code: Secret,
    interval: Duration,
}

/// A token the service issued.
#[derive(Debug)]
pub struct IssuedToken {
    pub access_token: Secret,
    pub expires_at: SystemTime,
    pub refresh_token: Option<Secret>,
}

/// The OIDC client of one SSO region.
#[derive(Debug, Clone)]
pub struct Oidc {
    client: Client,
}

impl Oidc {
    pub fn new(config: &aws_config::SdkConfig) -> Self {
        Self {
            client: Client::new(config),
        }
    }

    /// Registers a public client for the device flow, with `scopes` (a refresh token is
    /// issued only when scopes were registered).
    pub async fn register_for_device(
        &self,
        client_name: &str,
        scopes: &[String],
    ) -> Result<ClientRegistration, OidcError> {
        self.register(client_name, scopes, None).await
    }

    /// Registers a public client for the authorization-code flow with PKCE: the
    /// loopback redirect without a port (RFC 8252 lets the port vary), the grants, and
    /// the start URL as issuer.
    pub async fn register_for_auth_code(
        &self,
        client_name: &str,
        scopes: &[String],
        issuer_url: &str,
    ) -> Result<ClientRegistration, OidcError> {
        self.register(client_name, scopes, Some(issuer_url)).await
    }

    async fn register(
        &self,
        client_name: &str,
        scopes: &[String],
        auth_code_issuer: Option<&str>,
    ) -> Result<ClientRegistration, OidcError> {
        let grant_types: Vec<String> = match auth_code_issuer {
            Some(_) => AUTH_CODE_GRANTS.iter().map(|&g| g.to_owned()).collect(),
            None => Vec::new(),
        };
        let output = self
            .client
            .register_client()
            .client_name(client_name)
            .client_type("public")
            .set_scopes((!scopes.is_empty()).then(|| scopes.to_vec()))
            .set_grant_types((!grant_types.is_empty()).then(|| grant_types.clone()))
            .set_redirect_uris(auth_code_issuer.map(|_| vec![REDIRECT_URI.to_owned()]))
            .set_issuer_url(auth_code_issuer.map(str::to_owned))
            .send()
            .await
            .map_err(describe)?;
        let (Some(client_id), Some(client_secret)) = (output.client_id(), output.client_secret())
        else {
            return Err(OidcError::Refused(
                "no client id in the registration".to_owned(),
            ));
        };
        Ok(ClientRegistration {
            client_id: client_id.to_owned(),
            client_secret: Secret::new(client_secret),
            expires_at: epoch(output.client_secret_expires_at()),
            scopes: scopes.to_vec(),
            grant_types,
        })
    }

    /// The origin of the OIDC endpoint the SDK resolves for this region (so
    /// `AWS_ENDPOINT_URL_SSO_OIDC` applies), where the browser goes to authorize: found
    /// as the CLI does by preparing a RegisterClient call and keeping its scheme and
    /// host. Nothing is sent.
    pub async fn endpoint(&self) -> Result<String, OidcError> {
        let capture = CaptureEndpoint::default();
        let _refused = self
            .client
            .register_client()
            .client_name("awning")
            .client_type("public")
            .customize()
            .interceptor(capture.clone())
            .send()
            .await;
        capture.captured_origin().ok_or_else(|| {
            OidcError::Unreachable("no IAM Identity Center endpoint for this region".to_owned())
        })
    }

    /// Redeems the code the browser's redirect brought, with the PKCE verifier.
    pub async fn redeem_code(
        &self,
        registration: &ClientRegistration,
        code: &Secret,
        redirect_uri: &str,
        verifier: &Secret,
    ) -> Result<IssuedToken, OidcError> {
        let output = self
            .create_token(registration, "authorization_code")
            .code(code.expose())
            .redirect_uri(redirect_uri)
            .code_verifier(verifier.expose())
            .send()
            .await
            .map_err(|error| match error.as_service_error() {
                Some(CreateTokenError::ExpiredTokenException(_)) => OidcError::CodeExpired,
                Some(CreateTokenError::AccessDeniedException(_)) => OidcError::Denied,
                _ => describe(error),
            })?;
        issued(
            output.access_token(),
            output.expires_in(),
            output.refresh_token(),
        )
    }

    pub async fn start_device(
        &self,
        registration: &ClientRegistration,
        start_url: &str,
    ) -> Result<DeviceAuthorization, OidcError> {
        let output = self
            .client
            .start_device_authorization()
            .client_id(&registration.client_id)
            .client_secret(registration.client_secret.expose())
            .start_url(start_url)
            .send()
            .await
            .map_err(describe)?;
        let (Some(device_code), Some(user_code), Some(uri)) = (
            output.device_code(),
            output.user_code(),
            output.verification_uri(),
        ) else {
            return Err(OidcError::Refused(
                "an incomplete device authorization".to_owned(),
            ));
        };
        // What the service names is shown, printed and opened: only AWS's pages, and a
        // code of the characters codes have.
        sign_in_page(uri, start_url).map_err(OidcError::Refused)?;
        let verification_uri_complete = output
            .verification_uri_complete()
            .filter(|complete| sign_in_page(complete, start_url).is_ok());
        let user_code: String = user_code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if user_code.is_empty() {
            return Err(OidcError::Refused(
                "a device code with no letters".to_owned(),
            ));
        }
        Ok(DeviceAuthorization {
            user_code,
            verification_uri: uri.to_owned(),
            verification_uri_complete: verification_uri_complete.map(str::to_owned),
            expires_at: SystemTime::now() + seconds(output.expires_in()),
            device_code: Secret::new(device_code),
            interval: seconds(output.interval()).max(Duration::from_secs(1)),
        })
    }

    /// Polls until the user approves or denies, or the code expires. `slow_down` adds
    /// five seconds to the interval for the rest of the flow, as RFC 8628 requires.
    pub async fn await_device_token(
        &self,
        registration: &ClientRegistration,
        device: &DeviceAuthorization,
        pause: &impl Pause,
    ) -> Result<IssuedToken, OidcError> {
        let mut interval = device.interval;
        loop {
            pause.pause(interval).await;
            let answer = self
                .create_token(registration, DEVICE_GRANT)
                .device_code(device.device_code.expose())
                .send()
                .await;
            match answer {
                Ok(output) => {
                    return issued(
                        output.access_token(),
                        output.expires_in(),
                        output.refresh_token(),
                    );
                }
                Err(error) => match error.as_service_error() {
                    Some(CreateTokenError::AuthorizationPendingException(_)) => {}
                    Some(CreateTokenError::SlowDownException(_)) => interval += SLOW_DOWN_STEP,
                    Some(CreateTokenError::AccessDeniedException(_)) => {
                        return Err(OidcError::Denied);
                    }
                    Some(CreateTokenError::ExpiredTokenException(_)) => {
                        return Err(OidcError::CodeExpired);
                    }
                    _ => return Err(describe(error)),
                },
            }
        }
    }

    /// Renews an access token with the refresh token (which the service rotates).
    pub async fn refresh(
        &self,
        registration: &ClientRegistration,
        refresh_token: &Secret,
    ) -> Result<IssuedToken, OidcError> {
        let output = self
            .create_token(registration, "refresh_token")
            .refresh_token(refresh_token.expose())
            .send()
            .await
            .map_err(|error| match error.as_service_error() {
                Some(
                    CreateTokenError::InvalidGrantException(_)
                    | CreateTokenError::ExpiredTokenException(_)
                    | CreateTokenError::InvalidClientException(_),
                ) => OidcError::RenewalRefused(service_words(&error)),
                _ => describe(error),
            })?;
        issued(
            output.access_token(),
            output.expires_in(),
            output.refresh_token(),
        )
    }
}

fn issued(
    access_token: Option<&str>,
    expires_in: i32,
    refresh_token: Option<&str>,
) -> Result<IssuedToken, OidcError> {
    let access_token = access_token
        .ok_or_else(|| OidcError::Refused("no access token in the answer".to_owned()))?;
    Ok(IssuedToken {
        access_token: Secret::new(access_token),
        expires_at: SystemTime::now() + seconds(expires_in),
        refresh_token: refresh_token.map(Secret::new),
    })
}

fn seconds(value: i32) -> Duration {
    Duration::from_secs(u64::try_from(value).unwrap_or(0))
}

fn epoch(value: i64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(value).unwrap_or(0))
}

fn describe<E: ProvideErrorMetadata + std::error::Error + 'static, R: std::fmt::Debug>(
    error: SdkError<E, R>,
) -> OidcError {
    match &error {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            OidcError::Unreachable(error_chain(&error))
        }
        _ => OidcError::Refused(service_words(&error)),
    }
}

impl Oidc {
    /// A CreateToken call of `grant` by the client of `registration`.
    fn create_token(
        &self,
        registration: &ClientRegistration,
        grant: &str,
    ) -> aws_sdk_ssooidc::operation::create_token::builders::CreateTokenFluentBuilder {
        self.client
            .create_token()
            .client_id(&registration.client_id)
            .client_secret(registration.client_secret.expose())
            .grant_type(grant)
    }
}

#[cfg(test)]
#[path = "oidc_tests.rs"]
mod tests;

impl OidcError {
    /// The code the person is shown. A refused renewal means signing in again.
    pub fn problem(&self) -> Problem {
        let service = Service::IdentityCenter;
        match self {
            Self::Denied => Problem::SignInDenied,
            Self::CodeExpired => Problem::SignInExpired,
            Self::RenewalRefused(_) => Problem::NeedsSignIn { session: None },
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
