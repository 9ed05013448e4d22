//! The AWS CLI's token caches, byte for byte what `aws sso login` and `aws login` write
//! (aws-auth-protocols.md §4.1 and §6.8), and read in every form the SDKs write back.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::records::{AwsCredentials, ClientRegistration, LoginSession, SsoToken};
use super::secret::{Secret, exposed, exposed_option};
use crate::console::{IdClaims, session_limit};
use crate::timestamps::{cache_time, cache_time_option};

/// `~/.aws/sso/cache/<sha1>.json`, its keys in the order the CLI writes them.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SsoCacheFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(with = "exposed")]
    pub access_token: Secret,
    #[serde(with = "cache_time")]
    pub expires_at: SystemTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(
        with = "exposed_option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_secret: Option<Secret>,
    #[serde(
        with = "cache_time_option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub registration_expires_at: Option<SystemTime>,
    #[serde(
        with = "exposed_option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token: Option<Secret>,
}

impl SsoCacheFile {
    pub fn of(token: &SsoToken) -> Self {
        let registration = token.registration.as_ref();
        Self {
            start_url: Some(token.start_url.clone()),
            region: Some(token.region.clone()),
            access_token: token.access_token.clone(),
            expires_at: token.expires_at,
            client_id: registration.map(|r| r.client_id.clone()),
            client_secret: registration.map(|r| r.client_secret.clone()),
            registration_expires_at: registration.map(|r| r.expires_at),
            refresh_token: token.refresh_token.clone(),
        }
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        serde_json::from_slice(bytes).map_err(without_values)
    }

    pub fn render(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(serde_json::to_vec(self).expect("a cache file always serialises"))
    }

    /// The token this file holds. `start_url` and `region` fill in what the file lacks
    /// (the Rust SDK's files may omit them); `scopes` are those the config registers.
    pub fn into_token(self, start_url: &str, region: &str, scopes: Vec<String>) -> SsoToken {
        let registration = match (self.client_id, self.client_secret) {
            (Some(client_id), Some(client_secret)) => Some(ClientRegistration {
                client_id,
                client_secret,
                expires_at: self.registration_expires_at.unwrap_or(self.expires_at),
                scopes,
                grant_types: Vec::new(),
            }),
            _ => None,
        };
        SsoToken {
            start_url: self.start_url.unwrap_or_else(|| start_url.to_owned()),
            region: self.region.unwrap_or_else(|| region.to_owned()),
            access_token: self.access_token,
            expires_at: self.expires_at,
            refresh_token: self.refresh_token,
            registration,
            role_credentials: Vec::new(),
            issued_by: None,
        }
    }
}

/// `~/.aws/login/cache/<sha256>.json`, its keys in the order the CLI writes them.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LoginCacheFile {
    pub access_token: LoginCredentials,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    pub client_id: String,
    #[serde(with = "exposed")]
    pub refresh_token: Secret,
    #[serde(
        with = "exposed_option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub id_token: Option<Secret>,
    #[serde(with = "exposed")]
    pub dpop_key: Secret,
    /// Honoured by botocore 1.44.5 for refreshes; the CLI does not write it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_region: Option<String>,
}

/// The `accessToken` object of a login cache file. The aliases are the other spellings
/// the Rust SDK accepts.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LoginCredentials {
    pub access_key_id: String,
    #[serde(with = "exposed")]
    pub secret_access_key: Secret,
    #[serde(with = "exposed", alias = "Token", alias = "SessionToken")]
    pub session_token: Secret,
    pub account_id: String,
    #[serde(
        with = "cache_time",
        alias = "expiration",
        alias = "Expiration",
        alias = "ExpiresAt"
    )]
    pub expires_at: SystemTime,
}

/// A parse error in words that never quote the file: serde_json's "invalid type" and
/// "invalid value" messages include the offending value, which may be a token.
fn without_values(error: serde_json::Error) -> String {
    let words = error.to_string();
    let names_a_key_or_time = words.starts_with("missing field") || words.contains("RFC 3339");
    match error.classify() {
        serde_json::error::Category::Data if names_a_key_or_time => words,
        serde_json::error::Category::Data => format!(
            "a value has the wrong type at line {} column {}",
            error.line(),
            error.column()
        ),
        _ => format!("it is not complete JSON (line {})", error.line()),
    }
}

const SIGV4_TOKEN_TYPE: &str = "aws_sigv4";

impl LoginCacheFile {
    pub fn of(session: &LoginSession) -> Self {
        let credentials = &session.credentials;
        Self {
            access_token: LoginCredentials {
                access_key_id: credentials.access_key_id.clone(),
                secret_access_key: credentials.secret_access_key.clone(),
                session_token: credentials.session_token.clone(),
                account_id: session.account_id.clone(),
                expires_at: credentials.expires_at,
            },
            token_type: Some(SIGV4_TOKEN_TYPE.to_owned()),
            client_id: session.client_id.clone(),
            refresh_token: session.refresh_token.clone(),
            id_token: session.id_token.clone(),
            dpop_key: session.dpop_key.clone(),
            // The CLI forgets the region it signed in at; botocore reads it back.
            sign_in_region: session.sign_in_region.clone(),
        }
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        serde_json::from_slice(bytes).map_err(without_values)
    }

    pub fn render(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(serde_json::to_vec(self).expect("a cache file always serialises"))
    }

    pub fn into_session(self) -> LoginSession {
        // Some writers leave the PEM's newlines as the two characters `\n`; the Rust SDK
        // accepts that, so Awning does too.
        let pem = self.dpop_key.expose();
        let dpop_key = if pem.contains("\\n") {
            Secret::new(pem.replace("\\n", "\n"))
        } else {
            self.dpop_key
        };
        // AWS Sign-In sessions end 12 hours after the sign-in the id token records.
        let session_ends_at = self
            .id_token
            .as_ref()
            .and_then(|token| IdClaims::of(token.expose()))
            .and_then(|claims| claims.issued_at)
            .map(|signed_in| signed_in + session_limit());
        LoginSession {
            account_id: self.access_token.account_id,
            credentials: AwsCredentials {
                access_key_id: self.access_token.access_key_id,
                secret_access_key: self.access_token.secret_access_key,
                session_token: self.access_token.session_token,
                expires_at: self.access_token.expires_at,
            },
            refresh_token: self.refresh_token,
            id_token: self.id_token,
            client_id: self.client_id,
            session_ends_at,
            dpop_key,
            sign_in_region: self.sign_in_region,
            sign_in_endpoint: None,
        }
    }
}

#[cfg(test)]
#[path = "cli_cache_tests.rs"]
mod tests;
