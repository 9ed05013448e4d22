//! The AWS Sign-In calls of a console session (aws-auth-protocols.md §6.5, §6.10): one
//! operation, `CreateOAuth2Token`, for the code exchange and for each refresh, through
//! the SDK with a DPoP proof on every request.

use std::time::{Duration, SystemTime};

use aws_config::SdkConfig;
use aws_sdk_signin::Client;
use aws_sdk_signin::error::SdkError;
use aws_sdk_signin::operation::create_o_auth2_token::CreateOAuth2TokenError;
use aws_sdk_signin::types::{CreateOAuth2TokenRequestBody, OAuth2ErrorCode};

use super::dpop::{DpopKey, DpopOnly, DpopScheme};
use crate::sdk::{CaptureEndpoint, error_chain, service_words};
use crate::vault::{AwsCredentials, Secret};

/// The path of `CreateOAuth2Token` under the Sign-In endpoint.
const TOKEN_PATH: &str = "/v1/token";

/// Why AWS Sign-In gave no credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    #[error("the authorization code expired before it was redeemed")]
    CodeExpired,
    #[error("the console session has ended")]
    SessionEnded,
    #[error("the console session was ended because the password or credentials changed")]
    CredentialsChanged,
    #[error("the identity may not call signin:CreateOAuth2Token")]
    MissingPermission,
    #[error("AWS Sign-In refused this session's DPoP key ({0})")]
    KeyRejected(String),
    #[error("AWS Sign-In is throttling requests")]
    Throttled,
    #[error("AWS Sign-In could not be reached: {0}")]
    Unreachable(String),
    #[error("AWS Sign-In refused the request: {0}")]
    Refused(String),
}

/// What one `CreateOAuth2Token` call issued.
#[derive(Debug)]
pub struct Issued {
    pub credentials: AwsCredentials,
    pub refresh_token: Secret,
    /// Only the code exchange returns one.
    pub id_token: Option<Secret>,
}

/// The Sign-In client of one region, proving possession of `key` on every call.
#[derive(Debug, Clone)]
pub struct SignIn {
    client: Client,
}

impl SignIn {
    /// A client for `config`, sent to `endpoint` when given (so a refresh goes only where
    /// the session was issued), else where the SDK resolves.
    pub fn new(config: &SdkConfig, key: &DpopKey, endpoint: Option<&str>) -> Self {
        let mut builder = aws_sdk_signin::config::Builder::from(config)
            .auth_scheme_resolver(DpopOnly)
            .push_auth_scheme(DpopScheme::new(key.clone()));
        if let Some(endpoint) = endpoint {
            builder = builder.endpoint_url(endpoint);
        }
        Self {
            client: Client::from_conf(builder.build()),
        }
    }

    /// The endpoint this client sends to (`https://us-east-1.signin.aws.amazon.com`, or
    /// what `AWS_ENDPOINT_URL_SIGNIN` says), learnt by preparing a call and stopping it
    /// before it is sent; `None` when the SDK resolves none for the region.
    pub async fn endpoint(&self) -> Option<String> {
        let capture = CaptureEndpoint::default();
        let _stopped = self
            .client
            .create_o_auth2_token()
            .token_input(
                body("authorization_code")
                    .client_id(super::SAME_DEVICE)
                    .build()
                    .ok()?,
            )
            .customize()
            .interceptor(capture.clone())
            .send()
            .await;
        let uri = capture.captured()?;
        Some(uri.strip_suffix(TOKEN_PATH).unwrap_or(&uri).to_owned())
    }

    /// Redeems the code the browser brought, with the PKCE verifier.
    pub async fn redeem(
        &self,
        client_id: &str,
        code: &Secret,
        verifier: &Secret,
        redirect_uri: &str,
    ) -> Result<Issued, SignInError> {
        let input = body("authorization_code")
            .client_id(client_id)
            .code(code.expose())
            .code_verifier(verifier.expose())
            .redirect_uri(redirect_uri);
        self.create_token(input, Grant::Code).await
    }

    /// New credentials and a rotated refresh token for the session.
    pub async fn refresh(
        &self,
        client_id: &str,
        refresh_token: &Secret,
    ) -> Result<Issued, SignInError> {
        let input = body("refresh_token")
            .client_id(client_id)
            .refresh_token(refresh_token.expose());
        self.create_token(input, Grant::Refresh).await
    }

    async fn create_token(
        &self,
        input: aws_sdk_signin::types::builders::CreateOAuth2TokenRequestBodyBuilder,
        grant: Grant,
    ) -> Result<Issued, SignInError> {
        let input = input
            .build()
            .map_err(|error| SignInError::Refused(error.to_string()))?;
        let output = self
            .client
            .create_o_auth2_token()
            .token_input(input)
            .send()
            .await
            .map_err(|error| refusal(error, grant))?;
        let issued = output
            .token_output()
            .ok_or_else(|| SignInError::Refused("the answer holds no tokens".to_owned()))?;
        let credentials = issued
            .access_token()
            .ok_or_else(|| SignInError::Refused("the answer holds no credentials".to_owned()))?;
        Ok(Issued {
            credentials: AwsCredentials {
                access_key_id: credentials.access_key_id().to_owned(),
                secret_access_key: Secret::new(credentials.secret_access_key()),
                session_token: Secret::new(credentials.session_token()),
                expires_at: SystemTime::now()
                    + Duration::from_secs(u64::try_from(issued.expires_in()).unwrap_or(0)),
            },
            refresh_token: Secret::new(issued.refresh_token()),
            id_token: issued.id_token().map(Secret::new),
        })
    }
}

fn body(grant_type: &str) -> aws_sdk_signin::types::builders::CreateOAuth2TokenRequestBodyBuilder {
    CreateOAuth2TokenRequestBody::builder().grant_type(grant_type)
}

#[derive(Debug, Clone, Copy)]
enum Grant {
    Code,
    Refresh,
}

fn refusal<R: std::fmt::Debug>(
    error: SdkError<CreateOAuth2TokenError, R>,
    grant: Grant,
) -> SignInError {
    let words = service_words(&error);
    match (error.as_service_error(), grant) {
        (Some(CreateOAuth2TokenError::AccessDeniedException(denied)), _) => match denied.error() {
            OAuth2ErrorCode::AuthcodeExpired => SignInError::CodeExpired,
            OAuth2ErrorCode::TokenExpired => SignInError::SessionEnded,
            OAuth2ErrorCode::UserCredentialsChanged => SignInError::CredentialsChanged,
            OAuth2ErrorCode::InsufficientPermissions => SignInError::MissingPermission,
            _ => SignInError::Refused(words),
        },
        (Some(CreateOAuth2TokenError::TooManyRequestsError(_)), _) => SignInError::Throttled,
        // Awning's refresh request is always well formed: a service that calls it
        // invalid does not accept the proof of this session's key.
        (Some(CreateOAuth2TokenError::ValidationException(_)), Grant::Refresh) => {
            SignInError::KeyRejected(words)
        }
        (Some(_), _) => SignInError::Refused(words),
        (None, _) => match &error {
            SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
                SignInError::Unreachable(error_chain(&error))
            }
            // A 500 without the error header, or an answer that is not JSON.
            _ => SignInError::Refused(error_chain(&error)),
        },
    }
}
