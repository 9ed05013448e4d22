//! Everything the sandbox remembers between requests.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::scenario::Scenario;

/// The sandbox's state, shared by every request handler.
#[derive(Debug, Clone)]
pub struct Shared(Arc<Mutex<World>>);

impl Shared {
    pub fn new(scenario: Scenario) -> Self {
        Self(Arc::new(Mutex::new(World {
            scenario,
            ..World::default()
        })))
    }

    /// The state, even if a handler panicked while holding it: a sandbox that keeps
    /// answering is more useful to a failing test than one that hangs.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[derive(Debug, Default)]
pub struct World {
    pub scenario: Scenario,
    pub registrations: HashMap<String, Registration>,
    /// By device code.
    pub devices: HashMap<String, DeviceAuthorization>,
    /// Authorize requests waiting for the user's decision, by request id.
    pub authorize_requests: HashMap<String, AuthorizeRequest>,
    /// Authorization codes waiting to be exchanged, by code.
    pub codes: HashMap<String, AuthorizeRequest>,
    pub access_tokens: HashMap<String, AccessToken>,
    /// Refresh token → sign-in session id. Each refresh replaces the token (rotation).
    pub refresh_tokens: HashMap<String, String>,
    pub sessions: HashMap<String, SignInSession>,
    /// Access key id → who the role credentials belong to, for STS GetCallerIdentity.
    pub role_credentials: HashMap<String, Identity>,
}

#[derive(Debug, Clone)]
pub struct Registration {
    pub secret: String,
    pub expires_at: u64,
    pub scopes: Vec<String>,
    pub grant_types: Vec<String>,
    pub redirect_uris: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Pending,
    Approved,
    Denied,
}

#[derive(Debug, Clone)]
pub struct DeviceAuthorization {
    pub client_id: String,
    pub user_code: String,
    pub expires_at: u64,
    pub decision: Decision,
}

#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: String,
    pub code_challenge: String,
    pub expires_at: u64,
}

#[derive(Debug, Clone)]
pub struct AccessToken {
    pub session: String,
    pub expires_at: u64,
}

/// One sign-in: it ends at a fixed time, however often its tokens are refreshed.
#[derive(Debug, Clone)]
pub struct SignInSession {
    pub expires_at: u64,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account_id: String,
    pub role_name: String,
    pub user: String,
}

impl World {
    /// The session behind a live access token.
    pub fn live_session(&self, access_token: &str) -> Option<&str> {
        let now = now();
        let token = self.access_tokens.get(access_token)?;
        let session = self.sessions.get(&token.session)?;
        (token.expires_at > now && session.expires_at > now && !session.revoked)
            .then_some(token.session.as_str())
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// An unguessable token, URL-safe, with a readable prefix saying what it is.
pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0_u8; 24];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// `n` random characters from `alphabet`.
pub fn random_chars(alphabet: &[u8], n: usize) -> String {
    let mut bytes = vec![0_u8; n];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
        .iter()
        .map(|byte| char::from(alphabet[usize::from(*byte) % alphabet.len()]))
        .collect()
}
