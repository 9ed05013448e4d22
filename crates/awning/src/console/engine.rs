//! [`ConsoleEngine`]: signing in with AWS Sign-In, refreshing the 15-minute credentials
//! until the session's end, and signing out — the vault the only place tokens and the
//! DPoP key live.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::authorize::{CROSS_DEVICE, SAME_DEVICE, authorize_url, confirmation_url, pasted_code};
use super::dpop::DpopKey;
use super::error::ConsoleError;
use super::identity::{IdClaims, account_of};
use super::session_limit;
use super::signin::{SignIn, SignInError};
use super::target::ConsoleTarget;
use crate::reach::Reach;
use crate::sso::browser::Browser;
use crate::sso::lock::SessionLock;
use crate::sso::loopback::{BROWSER_SIGN_IN_LIMIT, Loopback};
use crate::sso::pkce::{Pkce, new_state};
use crate::urls::secure_origin;
use crate::vault::{AwsCredentials, LoginSession, Record, SessionKey, Vault};

/// Credentials are handed out while more than this remains; closer to their end they
/// are refreshed first, as the SDKs do (they last 15 minutes).
pub const REUSE_WINDOW: Duration = Duration::from_secs(5 * 60);
/// Credentials with less than this left are not worth handing out.
const USABLE_MARGIN: Duration = Duration::from_secs(30);
/// How long a refresh waits for another process holding the session.
const REFRESH_PATIENCE: Duration = Duration::from_secs(60);
/// How long a process that may sign in waits for another one's sign-in to finish.
const SIGN_IN_PATIENCE: Duration = Duration::from_secs(BROWSER_SIGN_IN_LIMIT.as_secs() + 60);

/// What the person pasted from the confirmation page; `None` when they gave up.
pub type PastedCode<'a> = Pin<Box<dyn Future<Output = Option<crate::vault::Secret>> + Send + 'a>>;

/// What the person signing in must see, as the sign-in reaches it.
pub trait ConsolePrompt: Send + Sync {
    /// The browser on this machine was sent to `url` (`opened` says whether it started).
    fn browser_sign_in(&self, url: &str, opened: Result<(), String>);
    /// A remote sign-in waits at `url`, opened on any device; the future gives the code
    /// that device's confirmation page shows.
    fn paste_code<'a>(&'a self, url: &'a str) -> PastedCode<'a>;
}

/// How one sign-in asks.
#[derive(Clone, Copy)]
pub struct ConsoleSignIn<'a> {
    /// Approve on another device and paste the code back (`--remote`). Chosen anyway
    /// when no browser can open here.
    pub remote: bool,
    pub prompt: &'a dyn ConsolePrompt,
}

impl std::fmt::Debug for ConsoleSignIn<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ConsoleSignIn")
            .field("remote", &self.remote)
            .finish_non_exhaustive()
    }
}

/// A signed-in session not kept yet: the caller first decides what the profile says
/// (a profile bound to another session asks), and nothing is stored if it declines.
#[derive(Debug)]
pub struct NewSession {
    pub arn: String,
    pub region: String,
    session: LoginSession,
}

impl NewSession {
    pub fn key(&self) -> SessionKey {
        SessionKey::Login(self.arn.clone())
    }

    pub fn session_ends_at(&self) -> Option<SystemTime> {
        self.session.session_ends_at
    }
}

#[derive(Debug, Clone)]
pub struct ConsoleEngine {
    reach: Reach,
}

impl ConsoleEngine {
    /// The engine over `vault`, its locks in `data_dir`, opening the user's browser.
    pub fn new(vault: Vault, data_dir: PathBuf) -> Self {
        Self {
            reach: Reach::new(vault, data_dir),
        }
    }

    /// The engine over what another engine was built over.
    pub(crate) fn over(reach: Reach) -> Self {
        Self { reach }
    }

    /// Every Sign-In call to `url` (tests point it at a sandbox).
    pub fn with_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.reach.endpoint_url = Some(url.into());
        self
    }

    pub fn with_browser(mut self, browser: Arc<dyn Browser>) -> Self {
        self.reach.browser = browser;
        self
    }

    pub fn vault(&self) -> &Vault {
        &self.reach.vault
    }

    /// Signs in at the Sign-In endpoint of `region` with a fresh DPoP key. The session
    /// is returned, not kept: see [`Self::keep`].
    pub async fn sign_in(
        &self,
        region: &str,
        how: ConsoleSignIn<'_>,
    ) -> Result<NewSession, ConsoleError> {
        let key = DpopKey::generate();
        let signin = SignIn::new(&self.reach.sdk_config(region).await, &key, None);
        let (endpoint, base) = self.checked_endpoint(&signin, region).await?;
        let pkce = Pkce::new();
        let state = new_state();
        let remote = how.remote || !self.reach.browser.available();
        let (client_id, redirect_uri, code) = if remote {
            let redirect_uri = confirmation_url(&base);
            let url = authorize_url(&base, CROSS_DEVICE, &state, &redirect_uri, &pkce.challenge);
            let pasted = how
                .prompt
                .paste_code(&url)
                .await
                .ok_or(ConsoleError::Cancelled)?;
            (CROSS_DEVICE, redirect_uri, pasted_code(&pasted, &state)?)
        } else {
            // Bound before the browser opens, so its answer always finds a listener.
            let loopback = Loopback::bind().await?;
            let redirect_uri = loopback.redirect_uri();
            let url = authorize_url(&base, SAME_DEVICE, &state, &redirect_uri, &pkce.challenge);
            how.prompt
                .browser_sign_in(&url, self.reach.browser.open(&url));
            let code = loopback.await_code(&state, BROWSER_SIGN_IN_LIMIT).await?;
            (SAME_DEVICE, redirect_uri, code)
        };
        let issued = signin
            .redeem(client_id, &code, &pkce.verifier, &redirect_uri)
            .await?;
        let claims = issued
            .id_token
            .as_ref()
            .and_then(|token| IdClaims::of(token.expose()))
            .ok_or(ConsoleError::NoIdentity)?;
        let account_id = account_of(&claims.session_arn)
            .ok_or(ConsoleError::NoIdentity)?
            .to_owned();
        Ok(NewSession {
            arn: claims.session_arn,
            region: region.to_owned(),
            session: LoginSession {
                account_id,
                credentials: issued.credentials,
                refresh_token: issued.refresh_token,
                id_token: issued.id_token,
                client_id: client_id.to_owned(),
                dpop_key: key.to_pem(),
                sign_in_region: Some(region.to_owned()),
                sign_in_endpoint: Some(endpoint),
                session_ends_at: Some(SystemTime::now() + session_limit()),
            },
        })
    }

    /// Keeps a new session in the vault, replacing what it held for the same ARN.
    pub async fn keep(&self, new: NewSession) -> Result<(), ConsoleError> {
        let key = new.key();
        let _lock = SessionLock::acquire(&self.reach.data_dir, &key, REFRESH_PATIENCE).await?;
        self.reach
            .vault
            .save(&key, &Record::Login(new.session))
            .await?;
        Ok(())
    }

    /// The session's credentials while more than five minutes remain, else refreshed
    /// ones. Never starts a sign-in: a session that cannot go on is
    /// [`ConsoleError::NeedsSignIn`] (or revoked, or its key rejected).
    pub async fn credentials(
        &self,
        target: &ConsoleTarget,
    ) -> Result<AwsCredentials, ConsoleError> {
        let key = target.key();
        if let Some(session) = self.load(&key).await?
            && left(session.credentials.expires_at) > REUSE_WINDOW
        {
            return Ok(session.credentials);
        }
        let _lock = SessionLock::acquire(&self.reach.data_dir, &key, REFRESH_PATIENCE).await?;
        let session = self.load(&key).await?;
        self.refreshed_locked(target, session).await
    }

    /// Credentials as [`Self::credentials`] gives them, signing in first when the
    /// session needs it: once, whichever process starts; the others wait for it and
    /// use its session. A sign-in as another identity than the profile's is refused.
    pub async fn credentials_or_sign_in(
        &self,
        target: &ConsoleTarget,
        how: ConsoleSignIn<'_>,
    ) -> Result<AwsCredentials, ConsoleError> {
        match self.credentials(target).await {
            Err(ConsoleError::NeedsSignIn { .. }) => {}
            other => return other,
        }
        let key = target.key();
        let _lock = SessionLock::acquire(&self.reach.data_dir, &key, SIGN_IN_PATIENCE).await?;
        let session = self.load(&key).await?;
        match self.refreshed_locked(target, session).await {
            Err(ConsoleError::NeedsSignIn { .. }) => {}
            other => return other,
        }
        let new = self.sign_in(&target.region, how).await?;
        if new.arn != target.arn {
            return Err(ConsoleError::OtherIdentity {
                expected: target.arn.clone(),
                signed_in: new.arn,
            });
        }
        let credentials = new.session.credentials.clone();
        self.reach
            .vault
            .save(&key, &Record::Login(new.session))
            .await?;
        Ok(credentials)
    }

    /// Removes the session's tokens, key and mirror file from this machine. AWS Sign-In
    /// has no call to end a session early: credentials already handed out work until
    /// they expire (at most 15 minutes).
    pub async fn sign_out(&self, key: &SessionKey) -> Result<bool, ConsoleError> {
        let _lock = SessionLock::acquire(&self.reach.data_dir, key, REFRESH_PATIENCE).await?;
        Ok(self.reach.vault.forget(key).await?)
    }

    async fn load(&self, key: &SessionKey) -> Result<Option<LoginSession>, ConsoleError> {
        match self.reach.vault.load(key).await? {
            Some(Record::Login(session)) => Ok(Some(session)),
            Some(_) | None => Ok(None),
        }
    }

    /// The session's credentials, refreshed if they are close to their end. Call with
    /// the lock held.
    async fn refreshed_locked(
        &self,
        target: &ConsoleTarget,
        session: Option<LoginSession>,
    ) -> Result<AwsCredentials, ConsoleError> {
        let key = target.key();
        let needs_sign_in = |reason| ConsoleError::NeedsSignIn {
            session: key.clone(),
            reason,
        };
        let Some(mut session) = session else {
            return Err(needs_sign_in("not signed in"));
        };
        if left(session.credentials.expires_at) > REUSE_WINDOW {
            return Ok(session.credentials);
        }
        if !session.open() {
            return usable(session.credentials)
                .ok_or_else(|| needs_sign_in("the session has ended"));
        }
        let dpop_key =
            DpopKey::from_pem(&session.dpop_key).map_err(|e| ConsoleError::from((e, &key)))?;
        let region = session
            .sign_in_region
            .clone()
            .unwrap_or_else(|| target.region.clone());
        let config = self.reach.sdk_config(&region).await;
        let (configured, _) = self
            .checked_endpoint(&SignIn::new(&config, &dpop_key, None), &region)
            .await?;
        let issued_by = session
            .sign_in_endpoint
            .clone()
            .unwrap_or(configured.clone());
        if issued_by != configured {
            return Err(ConsoleError::EndpointChanged {
                session: key,
                signed_in_at: issued_by,
                configured,
            });
        }
        let signin = SignIn::new(&config, &dpop_key, Some(&issued_by));
        let ended = match signin
            .refresh(&session.client_id, &session.refresh_token)
            .await
        {
            Ok(issued) => {
                session.credentials = issued.credentials;
                session.refresh_token = issued.refresh_token;
                // An imported session is bound to where its first refresh went.
                session.sign_in_endpoint = Some(issued_by);
                session.sign_in_region = Some(region);
                let credentials = session.credentials.clone();
                self.reach.vault.save(&key, &Record::Login(session)).await?;
                return Ok(credentials);
            }
            Err(SignInError::SessionEnded) => {
                needs_sign_in("AWS Sign-In says the session has ended")
            }
            Err(SignInError::CredentialsChanged) => ConsoleError::Revoked {
                session: key.clone(),
            },
            Err(SignInError::KeyRejected(detail)) => ConsoleError::KeyRejected {
                session: key.clone(),
                detail,
            },
            // A refresh that failed for a passing reason (network, throttling, 500)
            // leaves the session as it is; its credentials serve while they last.
            Err(passing) => {
                return usable(session.credentials.clone()).ok_or(passing.into());
            }
        };
        // The session is over for good: remember it, so status says "sign in" and no
        // one sends the same refresh again.
        session.session_ends_at = Some(SystemTime::now());
        self.reach.vault.save(&key, &Record::Login(session)).await?;
        Err(ended)
    }

    /// The endpoint the SDK resolves for `signin` and its origin, refused if it is plain
    /// http to another machine.
    async fn checked_endpoint(
        &self,
        signin: &SignIn,
        region: &str,
    ) -> Result<(String, String), ConsoleError> {
        let endpoint = signin.endpoint().await.ok_or_else(|| {
            SignInError::Unreachable(format!("no AWS Sign-In endpoint is known for {region}"))
        })?;
        match secure_origin(&endpoint) {
            Some(origin) => Ok((endpoint, origin)),
            None => Err(ConsoleError::InsecureEndpoint(endpoint)),
        }
    }
}

fn left(until: SystemTime) -> Duration {
    until.duration_since(SystemTime::now()).unwrap_or_default()
}

fn usable(credentials: AwsCredentials) -> Option<AwsCredentials> {
    (left(credentials.expires_at) > USABLE_MARGIN).then_some(credentials)
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
