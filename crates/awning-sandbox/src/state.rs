//! Everything the sandbox remembers between requests.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::faults::{Counters, Faults};
use crate::scenario::Scenario;

/// The sandbox's state, shared by every request handler.
#[derive(Debug, Clone)]
pub struct Shared(Arc<Mutex<World>>);

impl Shared {
    pub fn new(scenario: Scenario) -> Self {
        // An IAM user's long-term key works until the scenario ends.
        let credentials = scenario
            .iam_users
            .iter()
            .map(|user| {
                let identity = Identity {
                    account_id: user.account.clone(),
                    arn: user.arn(),
                    user_id: format!("AIDA{}", user.name.to_ascii_uppercase()),
                    expires_at: u64::MAX,
                };
                (user.access_key_id.clone(), identity)
            })
            .collect();
        // Their secret keys are secrets like any other: the scan looks for them.
        let issued = scenario
            .iam_users
            .iter()
            .map(|user| user.secret_access_key.clone())
            .collect();
        Self(Arc::new(Mutex::new(World {
            faults: scenario.faults.clone(),
            id_token_key: random_token(""),
            credentials,
            issued,
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
    pub faults: Faults,
    pub counters: Counters,
    /// Signs Sign-In id tokens; new each run.
    pub id_token_key: String,
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
    /// `aws login` refresh tokens. They stay valid until their session ends (the service
    /// calls refresh idempotent), and work only with the key they are bound to.
    pub login_refresh_tokens: HashMap<String, LoginGrant>,
    /// DPoP proof ids already seen: a proof is good for one request.
    pub seen_proofs: std::collections::HashSet<String>,
    /// Identity Center and `aws login` sessions alike.
    pub sessions: HashMap<String, SignInSession>,
    /// Access key id → whose credentials they are, for STS and CodeArtifact.
    pub credentials: HashMap<String, Identity>,
    /// Every secret handed out (tokens, codes, keys), for tests that look for leaks.
    pub issued: Vec<String>,
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
    /// How often the client asked for the token so far.
    pub polls: u32,
}

/// Which service's browser flow an authorize request belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    IdentityCenter,
    SignIn,
}

#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    pub service: Service,
    pub client_id: String,
    pub redirect_uri: String,
    pub state: String,
    pub code_challenge: String,
    pub expires_at: u64,
}

/// Why an authorization code could not be exchanged; each service words it its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefusal {
    UnknownUsedOrExpired,
    RedirectDiffers,
    VerifierDiffers,
}

impl CodeRefusal {
    pub fn message(self) -> &'static str {
        match self {
            Self::UnknownUsedOrExpired => "the authorization code is unknown, used or expired",
            Self::RedirectDiffers => "redirectUri differs from the one that was authorized",
            Self::VerifierDiffers => "the code verifier does not match the code challenge",
        }
    }
}

impl AuthorizeRequest {
    /// PKCE (RFC 7636, S256): the verifier hashes to the challenge the page was opened with.
    fn verifier_matches(&self, verifier: &str) -> bool {
        URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == self.code_challenge
    }
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

#[derive(Debug, Clone)]
pub struct LoginGrant {
    pub session: String,
    /// The RFC 7638 thumbprint of the DPoP key the session was started with.
    pub key_thumbprint: String,
}

/// Whose credentials an access key is, and until when they work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account_id: String,
    pub arn: String,
    pub user_id: String,
    pub expires_at: u64,
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

    /// Exchanges an authorization code of `service`, once: it is gone whatever the outcome.
    pub fn redeem_code(
        &mut self,
        service: Service,
        code: &str,
        client_id: &str,
        redirect_uri: &str,
        verifier: &str,
    ) -> Result<AuthorizeRequest, CodeRefusal> {
        let request = self
            .codes
            .remove(code)
            .filter(|request| {
                request.service == service
                    && request.client_id == client_id
                    && request.expires_at > now()
            })
            .ok_or(CodeRefusal::UnknownUsedOrExpired)?;
        if request.redirect_uri != redirect_uri {
            return Err(CodeRefusal::RedirectDiffers);
        }
        if !request.verifier_matches(verifier) {
            return Err(CodeRefusal::VerifierDiffers);
        }
        Ok(request)
    }

    /// The session behind an access token or a refresh token of either service.
    pub fn session_of(&self, token: &str) -> Option<String> {
        self.access_tokens
            .get(token)
            .map(|access| access.session.clone())
            .or_else(|| self.refresh_tokens.get(token).cloned())
            .or_else(|| {
                self.login_refresh_tokens
                    .get(token)
                    .map(|grant| grant.session.clone())
            })
    }

    /// Whether `session` exists, was not revoked and has not ended.
    pub fn session_is_live(&self, session: &str) -> bool {
        self.sessions
            .get(session)
            .is_some_and(|session| !session.revoked && session.expires_at > now())
    }

    /// New temporary credentials for `identity`, remembered so STS and CodeArtifact know
    /// whose they are. Returns the access key id, secret key and session token.
    pub fn issue_credentials(&mut self, identity: Identity) -> (String, String, String) {
        let upper = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let access_key_id = format!("ASIA{}", random_chars(upper, 16));
        self.credentials.insert(access_key_id.clone(), identity);
        (
            access_key_id,
            self.issue_secret(""),
            self.issue_secret("session-token-"),
        )
    }

    /// A new [`random_token`], remembered among the secrets issued.
    pub fn issue_secret(&mut self, prefix: &str) -> String {
        let secret = random_token(prefix);
        self.issued.push(secret.clone());
        secret
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
