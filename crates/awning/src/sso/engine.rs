//! [`SsoEngine`]: signing in to IAM Identity Center, keeping the session renewed, and
//! handing out role credentials — with the vault as the only place tokens live.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::browser::Browser;
use super::discover::Discovery;
use super::error::SsoError;
use super::lock::SessionLock;
use super::loopback::{BROWSER_SIGN_IN_LIMIT, Loopback};
use super::oidc::{AUTH_CODE_GRANTS, DeviceAuthorization, IssuedToken, Oidc, OidcError, Sleep};
use super::pkce::{Pkce, authorize_url, new_state};
use super::portal::{Portal, PortalError};
use super::target::{RoleRef, SsoTarget};
use crate::reach::Reach;
use crate::urls::secure_origin;
use crate::vault::{
    AwsCredentials, ClientRegistration, Record, RoleCredentials, SessionKey, SsoEndpoints,
    SsoToken, Vault,
};

/// Tokens, registrations and role credentials are reused only while more than this
/// remains, as the AWS CLI does; a token closer to its end is renewed first.
pub const REUSE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long a process that only renews waits for another one holding the session.
const RENEWAL_PATIENCE: Duration = Duration::from_secs(60);
/// How long a process that may sign in waits for another one's sign-in to finish.
const SIGN_IN_PATIENCE: Duration = Duration::from_secs(BROWSER_SIGN_IN_LIMIT.as_secs() + 60);
/// A token with less than this left is not worth sending.
const USABLE_MARGIN: Duration = Duration::from_secs(30);

/// How a sign-in asks the user.
#[derive(Debug, Clone, Copy, Default)]
pub struct SignInOptions {
    /// The device-code flow even where the browser flow would serve.
    pub device_code: bool,
    /// Do not open a browser; show the device code and its URL, for any device
    /// (`--no-browser`).
    pub no_browser: bool,
}

/// What the person signing in must see, as the sign-in reaches it.
pub trait SignInPrompt: Send + Sync {
    /// The browser flow waits at `url`; `opened` says whether a browser was started.
    fn browser_sign_in(&self, url: &str, opened: Result<(), String>);
    /// The device flow waits for the user to enter `device.user_code`.
    fn device_sign_in(&self, device: &DeviceAuthorization, opened: Result<(), String>);
}

/// A caller that may start a sign-in when one is needed.
#[derive(Clone, Copy)]
pub struct Interactive<'a> {
    pub options: SignInOptions,
    pub prompt: &'a dyn SignInPrompt,
}

impl std::fmt::Debug for Interactive<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Interactive")
            .field("options", &self.options)
            .finish()
    }
}

/// What signing out did.
#[derive(Debug)]
pub struct SignedOut {
    /// Whether the vault held the session.
    pub was_signed_in: bool,
    /// Why IAM Identity Center was not told, if it was not (the local sign-out happens
    /// anyway: the tokens are gone from this machine).
    pub server: Result<(), SsoError>,
}

#[derive(Debug, Clone)]
pub struct SsoEngine {
    reach: Reach,
}

impl SsoEngine {
    /// The engine over `vault`, its locks in `data_dir`, opening the user's browser.
    /// AWS endpoints come from the SDK's resolution, so `AWS_ENDPOINT_URL_SSO_OIDC` and
    /// `AWS_ENDPOINT_URL_SSO` apply.
    pub fn new(vault: Vault, data_dir: PathBuf) -> Self {
        Self {
            reach: Reach::new(vault, data_dir),
        }
    }

    /// Every AWS call to `url` (tests point it at a sandbox).
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

    /// The console sign-in engine over the same vault, locks, endpoints and browser.
    pub fn console(&self) -> crate::console::ConsoleEngine {
        crate::console::ConsoleEngine::over(self.reach.clone())
    }

    /// The engine of kept access keys over the same vault, locks and endpoints.
    pub fn keys(&self) -> crate::keys::KeysEngine {
        crate::keys::KeysEngine::over(self.reach.clone())
    }

    /// The CodeArtifact engine over the same vault, data folder and endpoints, writing
    /// the tools' files on `machine`.
    pub fn codeartifact(
        &self,
        machine: crate::codeartifact::tools::Machine,
    ) -> crate::codeartifact::CodeArtifactEngine {
        crate::codeartifact::CodeArtifactEngine::new(
            self.reach.vault.clone(),
            self.reach.data_dir.clone(),
            machine,
        )
        .with_endpoint_url(self.reach.endpoint_url.clone())
    }

    /// Signs in afresh, whatever the vault holds (as `aws sso login` does), and keeps
    /// the tokens in the vault. Another process signing in to the same session is
    /// waited for first.
    pub async fn sign_in(
        &self,
        target: &SsoTarget,
        how: Interactive<'_>,
    ) -> Result<SsoToken, SsoError> {
        let _lock =
            SessionLock::acquire(&self.reach.data_dir, &target.key, SIGN_IN_PATIENCE).await?;
        let previous = self.load(target).await?;
        self.sign_in_locked(target, how, previous).await
    }

    /// An access token with time left, renewed with the refresh token when it is close
    /// to its end. Never starts a sign-in: a session that cannot be renewed is
    /// [`SsoError::NeedsSignIn`].
    pub async fn access_token(&self, target: &SsoTarget) -> Result<SsoToken, SsoError> {
        if let Some(token) = self.load(target).await?
            && left(token.expires_at) > REUSE_WINDOW
        {
            return Ok(token);
        }
        let _lock =
            SessionLock::acquire(&self.reach.data_dir, &target.key, RENEWAL_PATIENCE).await?;
        let token = self.load(target).await?;
        self.usable_token_locked(target, token).await
    }

    /// Credentials for `role`: the vault's while more than 15 minutes remain, else
    /// fresh ones from the portal, renewing the session first if needed. With
    /// `interactive`, a session that needs a sign-in gets one (only one, whichever
    /// process starts it); without, it is [`SsoError::NeedsSignIn`].
    pub async fn role_credentials(
        &self,
        target: &SsoTarget,
        role: &RoleRef,
        interactive: Option<Interactive<'_>>,
    ) -> Result<AwsCredentials, SsoError> {
        if let Some(credentials) = self.load(target).await?.and_then(|t| cached(&t, role)) {
            return Ok(credentials);
        }
        let patience = if interactive.is_some() {
            SIGN_IN_PATIENCE
        } else {
            RENEWAL_PATIENCE
        };
        let _lock = SessionLock::acquire(&self.reach.data_dir, &target.key, patience).await?;
        let stored = self.load(target).await?;
        if let Some(credentials) = stored.as_ref().and_then(|t| cached(t, role)) {
            return Ok(credentials);
        }
        let mut token = match (
            self.usable_token_locked(target, stored.clone()).await,
            interactive,
        ) {
            (Ok(token), _) => token,
            (Err(SsoError::NeedsSignIn { .. }), Some(how)) => {
                self.sign_in_locked(target, how, stored).await?
            }
            (Err(error), _) => return Err(error),
        };
        let clients = self.clients(target, &token).await?;
        token.issued_by = Some(clients.endpoints);
        let credentials = match clients
            .portal
            .role_credentials(&token.access_token, role)
            .await
        {
            Err(PortalError::Unauthorized) => {
                return Err(SsoError::needs_sign_in(
                    target,
                    "IAM Identity Center no longer accepts the session",
                ));
            }
            other => other?,
        };
        let now = SystemTime::now();
        token.role_credentials.retain(|kept| {
            kept.credentials.expires_at > now
                && !(kept.account_id == role.account_id && kept.role_name == role.role_name)
        });
        token.role_credentials.push(RoleCredentials {
            account_id: role.account_id.clone(),
            role_name: role.role_name.clone(),
            credentials: credentials.clone(),
        });
        self.reach
            .vault
            .save(&target.key, &Record::Sso(token))
            .await?;
        Ok(credentials)
    }

    /// Ends the session at IAM Identity Center and removes its tokens, role credentials
    /// and mirror file from this machine. Works from the vault alone, so a session the
    /// config no longer names can be signed out too.
    pub async fn sign_out(&self, key: &SessionKey) -> Result<SignedOut, SsoError> {
        let _lock = SessionLock::acquire(&self.reach.data_dir, key, RENEWAL_PATIENCE).await?;
        let token = match self.reach.vault.load(key).await? {
            Some(Record::Sso(token)) => Some(token),
            _ => None,
        };
        let server = match &token {
            Some(token) if left(token.expires_at) > Duration::ZERO => {
                match self
                    .clients_at(key, &token.region, token.issued_by.as_ref())
                    .await
                {
                    Ok(clients) => Ok(clients.portal.logout(&token.access_token).await?),
                    Err(error) => Err(error),
                }
            }
            _ => Ok(()),
        };
        let forgotten = self.reach.vault.forget(key).await?;
        Ok(SignedOut {
            was_signed_in: token.is_some() || forgotten,
            server,
        })
    }

    /// Every account and role of the session, fetched now and kept for
    /// [`Discovery::cached`].
    pub async fn discover(&self, target: &SsoTarget) -> Result<Discovery, SsoError> {
        let token = self.access_token(target).await?;
        let portal = self.clients(target, &token).await?.portal;
        let discovery = match Discovery::fetch(&portal, &token.access_token).await {
            Err(PortalError::Unauthorized) => {
                return Err(SsoError::needs_sign_in(
                    target,
                    "IAM Identity Center no longer accepts the session",
                ));
            }
            other => other?,
        };
        // A list that cannot be kept only costs a fetch next time.
        let _ = discovery.keep(&self.reach.data_dir, &target.key);
        Ok(discovery)
    }

    async fn load(&self, target: &SsoTarget) -> Result<Option<SsoToken>, SsoError> {
        match self.reach.vault.load(&target.key).await? {
            Some(Record::Sso(token)) => Ok(Some(token)),
            Some(_) | None => Ok(None),
        }
    }

    /// The session's token, renewed if it is close to its end. Call with the lock held.
    async fn usable_token_locked(
        &self,
        target: &SsoTarget,
        token: Option<SsoToken>,
    ) -> Result<SsoToken, SsoError> {
        let Some(mut token) = token else {
            return Err(SsoError::needs_sign_in(target, "not signed in"));
        };
        if left(token.expires_at) > REUSE_WINDOW {
            return Ok(token);
        }
        let renewal = match (&token.refresh_token, &token.registration) {
            (Some(refresh), Some(registration))
                if left(registration.expires_at) > Duration::ZERO =>
            {
                let clients = self.clients(target, &token).await?;
                token.issued_by = Some(clients.endpoints);
                Some(clients.oidc.refresh(registration, refresh).await)
            }
            _ => None,
        };
        match renewal {
            Some(Ok(issued)) => {
                token.access_token = issued.access_token;
                token.expires_at = issued.expires_at;
                // The service may rotate the refresh token; without a new one the old
                // one stays valid.
                if let Some(refresh) = issued.refresh_token {
                    token.refresh_token = Some(refresh);
                }
                self.reach
                    .vault
                    .save(&target.key, &Record::Sso(token.clone()))
                    .await?;
                return Ok(token);
            }
            Some(Err(OidcError::RenewalRefused(why))) => {
                // Remember that it cannot renew, so status shows "needs sign-in" when
                // the token runs out instead of failing the same refresh again.
                token.refresh_token = None;
                self.reach
                    .vault
                    .save(&target.key, &Record::Sso(token.clone()))
                    .await?;
                if left(token.expires_at) > USABLE_MARGIN {
                    return Ok(token);
                }
                return Err(SsoError::needs_sign_in(target, &why));
            }
            // A renewal that failed for a passing reason (network, 500) leaves the
            // token as it is; it is used while it lasts.
            Some(Err(error)) if left(token.expires_at) <= USABLE_MARGIN => {
                return Err(error.into());
            }
            Some(Err(_)) | None => {}
        }
        if left(token.expires_at) > USABLE_MARGIN {
            Ok(token)
        } else if target.is_legacy() || token.refresh_token.is_none() {
            Err(SsoError::needs_sign_in(target, "the session has ended"))
        } else {
            Err(SsoError::needs_sign_in(
                target,
                "the client registration has expired",
            ))
        }
    }

    async fn sign_in_locked(
        &self,
        target: &SsoTarget,
        how: Interactive<'_>,
        previous: Option<SsoToken>,
    ) -> Result<SsoToken, SsoError> {
        let Clients {
            oidc, endpoints, ..
        } = self.clients_at(&target.key, &target.region, None).await?;
        // A registration made at another endpoint is not shown its secret's way here.
        let previous = previous
            .filter(|token| token.issued_by.as_ref().is_none_or(|at| *at == endpoints))
            .and_then(|token| token.registration);
        // The browser flow needs a browser on this machine: its answer comes to a
        // listener on 127.0.0.1.
        let browser_flow = !target.is_legacy()
            && !how.options.device_code
            && !how.options.no_browser
            && self.reach.browser.available();
        let registration = match previous.filter(|r| reusable(r, target, browser_flow)) {
            Some(registration) => registration,
            None if browser_flow => {
                oidc.register_for_auth_code(
                    &client_name(target),
                    &target.browser_scopes(),
                    &target.start_url,
                )
                .await?
            }
            None => {
                oidc.register_for_device(&client_name(target), &target.scopes)
                    .await?
            }
        };
        let issued = if browser_flow {
            self.browser_flow(&oidc, &endpoints.oidc, target, &registration, how)
                .await?
        } else {
            self.device_flow(&oidc, target, &registration, how).await?
        };
        let token = SsoToken {
            start_url: target.start_url.clone(),
            region: target.region.clone(),
            access_token: issued.access_token,
            expires_at: issued.expires_at,
            refresh_token: issued.refresh_token,
            registration: Some(registration),
            role_credentials: Vec::new(),
            issued_by: Some(endpoints),
        };
        self.reach
            .vault
            .save(&target.key, &Record::Sso(token.clone()))
            .await?;
        Ok(token)
    }

    /// Authorization code with PKCE: the listener is bound before the browser opens.
    async fn browser_flow(
        &self,
        oidc: &Oidc,
        oidc_origin: &str,
        target: &SsoTarget,
        registration: &ClientRegistration,
        how: Interactive<'_>,
    ) -> Result<IssuedToken, SsoError> {
        let loopback = Loopback::bind().await?;
        let redirect_uri = loopback.redirect_uri();
        let pkce = Pkce::new();
        let state = new_state();
        let url = authorize_url(
            oidc_origin,
            &registration.client_id,
            &redirect_uri,
            &state,
            &target.browser_scopes(),
            &pkce.challenge,
        );
        how.prompt
            .browser_sign_in(&url, self.open(&url, how.options));
        let code = loopback.await_code(&state, BROWSER_SIGN_IN_LIMIT).await?;
        Ok(oidc
            .redeem_code(registration, &code, &redirect_uri, &pkce.verifier)
            .await?)
    }

    async fn device_flow(
        &self,
        oidc: &Oidc,
        target: &SsoTarget,
        registration: &ClientRegistration,
        how: Interactive<'_>,
    ) -> Result<IssuedToken, SsoError> {
        let device = oidc.start_device(registration, &target.start_url).await?;
        let page = device
            .verification_uri_complete
            .as_deref()
            .unwrap_or(&device.verification_uri);
        how.prompt
            .device_sign_in(&device, self.open(page, how.options));
        // The service answers ExpiredToken once the code lapses; this deadline is for a
        // service that never does.
        let left_on_code = device
            .expires_at
            .duration_since(SystemTime::now())
            .unwrap_or_default();
        tokio::time::timeout(
            left_on_code + USABLE_MARGIN,
            oidc.await_device_token(registration, &device, &Sleep),
        )
        .await
        .unwrap_or(Err(OidcError::CodeExpired))
        .map_err(SsoError::from)
    }

    fn open(&self, url: &str, options: SignInOptions) -> Result<(), String> {
        if options.no_browser {
            return Err("not opened (--no-browser)".to_owned());
        }
        self.reach.browser.open(url)
    }

    /// The clients for `token`'s session: at the region it was issued in, and only where
    /// it was issued.
    async fn clients(&self, target: &SsoTarget, token: &SsoToken) -> Result<Clients, SsoError> {
        self.clients_at(&target.key, &token.region, token.issued_by.as_ref())
            .await
    }

    /// The OIDC and portal clients of `region`, sent where the SDK resolves them —
    /// refused when that is plain http off this machine, or not where the session's
    /// tokens were issued (`issued_by`): a token goes only to its issuer.
    async fn clients_at(
        &self,
        key: &SessionKey,
        region: &str,
        issued_by: Option<&SsoEndpoints>,
    ) -> Result<Clients, SsoError> {
        let config = self.reach.sdk_config(region).await;
        let oidc = Oidc::new(&config);
        let portal = Portal::new(&config);
        let endpoints = SsoEndpoints {
            oidc: secure(oidc.endpoint().await?)?,
            portal: secure(portal.endpoint().await?)?,
        };
        if let Some(issued) = issued_by {
            for (signed_in_at, configured) in [
                (&issued.oidc, &endpoints.oidc),
                (&issued.portal, &endpoints.portal),
            ] {
                if signed_in_at != configured {
                    return Err(SsoError::EndpointChanged {
                        session: key.to_string(),
                        signed_in_at: signed_in_at.clone(),
                        configured: configured.clone(),
                    });
                }
            }
        }
        Ok(Clients {
            oidc,
            portal,
            endpoints,
        })
    }
}

/// A session's clients, and the endpoints they send to.
struct Clients {
    oidc: Oidc,
    portal: Portal,
    endpoints: SsoEndpoints,
}

fn secure(origin: String) -> Result<String, SsoError> {
    secure_origin(&origin).ok_or(SsoError::InsecureEndpoint(origin))
}

fn left(until: SystemTime) -> Duration {
    until.duration_since(SystemTime::now()).unwrap_or_default()
}

fn cached(token: &SsoToken, role: &RoleRef) -> Option<AwsCredentials> {
    token
        .role_credentials
        .iter()
        .find(|kept| kept.account_id == role.account_id && kept.role_name == role.role_name)
        .filter(|kept| left(kept.credentials.expires_at) > REUSE_WINDOW)
        .map(|kept| kept.credentials.clone())
}

/// A kept registration serves while more than 15 minutes remain, for the flow it was
/// made for, with the scopes the config asks for now.
fn reusable(registration: &ClientRegistration, target: &SsoTarget, browser_flow: bool) -> bool {
    let for_browser = registration
        .grant_types
        .iter()
        .any(|grant| grant == AUTH_CODE_GRANTS[0]);
    let scopes = if browser_flow {
        target.browser_scopes()
    } else {
        target.scopes.clone()
    };
    left(registration.expires_at) > REUSE_WINDOW
        && for_browser == browser_flow
        && registration.scopes == scopes
}

/// `awning-<session>`; legacy profiles have no name, so the time stands in, as with
/// the AWS CLI.
fn client_name(target: &SsoTarget) -> String {
    if target.is_legacy() {
        let seconds = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        format!("awning-{seconds}")
    } else {
        format!("awning-{}", target.display_name())
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
