//! Credentials for the CLI's requests: from memory while they last, else through the
//! engine — role credentials of IAM Identity Center, or a console session's. A needed
//! sign-in is one notification, or with `login` one sign-in that every waiting caller
//! shares.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::sign_ins::outcome_of;
use super::{Agent, AgentError, Notice, NoticeKind, Watcher, locked};
use crate::config::ConfigView;
use crate::console::{ConsoleError, ConsoleTarget};
use crate::keys::KeyTarget;
use crate::sso::{SignInOptions, SsoError, SsoTarget};
use crate::vault::{AwsCredentials, SessionKey};

/// What a request for credentials does when the session needs a sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WhenSignedOut {
    /// Start the sign-in (or join one) and wait for it.
    SignIn,
    /// Tell the user in a notification, and fail.
    Notify,
    /// Fail; the caller tells the user in its own words.
    Fail,
}

/// The session profile `name` signs in through, found as [`Agent::source`] finds it
/// (console first, then IAM Identity Center: sso-session, legacy or `awning_` keys).
pub(crate) fn session_of(view: &ConfigView, name: &str) -> Option<SessionKey> {
    match ConsoleTarget::of_profile(view, name) {
        Some(target) => Some(target.key()),
        None => SsoTarget::profile(view, name)
            .ok()
            .map(|(target, _)| target.key),
    }
}

/// Where a profile's credentials come from.
pub(crate) enum Source {
    Sso(SsoTarget, crate::sso::RoleRef),
    Console(ConsoleTarget),
    /// An access key Awning keeps, through its `GetSessionToken` session.
    Key(KeyTarget),
}

impl Source {
    pub(crate) fn key(&self) -> SessionKey {
        match self {
            Self::Sso(target, _) => target.key.clone(),
            Self::Console(target) => target.key(),
            Self::Key(target) => target.key.clone(),
        }
    }

    /// What the agent remembers the credentials under: the session, and the role.
    fn memory_key(&self) -> (SessionKey, String, String) {
        match self {
            Self::Sso(target, role) => (
                target.key.clone(),
                role.account_id.clone(),
                role.role_name.clone(),
            ),
            Self::Console(target) => (target.key(), String::new(), String::new()),
            Self::Key(target) => (target.key.clone(), String::new(), String::new()),
        }
    }

    /// Credentials are served from memory while more than this remains.
    fn reuse_window(&self) -> Duration {
        match self {
            Self::Sso(..) | Self::Key(_) => crate::sso::REUSE_WINDOW,
            Self::Console(_) => crate::console::REUSE_WINDOW,
        }
    }
}

impl Agent {
    /// Credentials for `profile`. Without `login`, a session that needs a sign-in is an
    /// error and a notification offering the sign-in (one per session and token end);
    /// with it, the sign-in starts (or is joined) and this waits for it.
    pub async fn credentials(
        self: &Arc<Self>,
        profile: &str,
        login: bool,
    ) -> Result<AwsCredentials, AgentError> {
        let source = self.source(profile)?;
        let when = if login {
            WhenSignedOut::SignIn
        } else {
            WhenSignedOut::Notify
        };
        self.credentials_of(&source, profile, when).await
    }

    /// The profile's credentials for the window's copy buttons: never a sign-in or a
    /// notice; the window says what is needed.
    pub async fn credentials_for_window(
        self: &Arc<Self>,
        profile: &str,
    ) -> Result<AwsCredentials, AgentError> {
        let source = self.source(profile)?;
        self.credentials_of(&source, profile, WhenSignedOut::Fail)
            .await
    }

    /// Until when the credentials Awning holds for `profile` last, if it holds any.
    pub fn credentials_held_until(&self, profile: &str) -> Option<SystemTime> {
        let source = self.source(profile).ok()?;
        locked(&self.remembered)
            .get(&source.memory_key())
            .map(|credentials| credentials.expires_at)
    }

    /// Credentials from `source` (`profile` names it in notices).
    pub(crate) async fn credentials_of(
        self: &Arc<Self>,
        source: &Source,
        profile: &str,
        when: WhenSignedOut,
    ) -> Result<AwsCredentials, AgentError> {
        let login = when == WhenSignedOut::SignIn;
        let key = source.key();
        let memory_key = source.memory_key();
        if let Some(credentials) = locked(&self.remembered).get(&memory_key)
            && left(credentials) > source.reuse_window()
        {
            return Ok(credentials.clone());
        }
        let gate = self.gate(&key);
        let mut signed_in = false;
        let credentials = loop {
            if let Some(done) = self.running_sign_in(&key) {
                outcome_of(done).await?;
                signed_in = true;
            }
            // One caller at a time asks the engine, so none of them is inside it (waiting
            // for the session's file lock) when a sign-in starts; the others then see the
            // sign-in and wait for it here instead.
            let _turn = gate.lock().await;
            if self.running_sign_in(&key).is_some() {
                continue;
            }
            match self.fetch(source).await {
                Err(error) if needs_sign_in(&error) && login && !signed_in => {
                    // Joins a sign-in another caller started meanwhile.
                    self.start_for(source);
                }
                Err(error) if needs_sign_in(&error) => {
                    if when == WhenSignedOut::Notify {
                        self.ask_for_sign_in(&key, profile);
                    }
                    return Err(error);
                }
                other => break other?,
            }
        };
        locked(&self.remembered).insert(memory_key, credentials.clone());
        // Fetching may have renewed the session.
        self.refresh();
        Ok(credentials)
    }

    pub(crate) fn source(&self, profile: &str) -> Result<Source, AgentError> {
        let view = self.config_view()?;
        if let Some(target) = KeyTarget::of_profile(&view, profile) {
            return Ok(Source::Key(target));
        }
        if let Some(target) = ConsoleTarget::of_profile(&view, profile) {
            return Ok(Source::Console(target));
        }
        let (target, role) =
            SsoTarget::profile(&view, profile).map_err(|cause| self.target_error(cause))?;
        let role = role.ok_or_else(|| AgentError::NoRole(profile.to_owned()))?;
        Ok(Source::Sso(target, role))
    }

    async fn fetch(&self, source: &Source) -> Result<AwsCredentials, AgentError> {
        match source {
            Source::Sso(target, role) => {
                Ok(self.engine.role_credentials(target, role, None).await?)
            }
            Source::Console(target) => Ok(self.console.credentials(target).await?),
            // A code from an MFA device is asked for in a terminal (`awning keys session`).
            Source::Key(target) => Ok(self.engine.keys().credentials(target, None).await?),
        }
    }

    fn start_for(self: &Arc<Self>, source: &Source) {
        match source {
            Source::Sso(target, _) => {
                self.start_sign_in(
                    target.clone(),
                    SignInOptions::default(),
                    Watcher::Background,
                );
            }
            Source::Console(target) => {
                self.start_console_sign_in(target.clone(), false, Watcher::Background);
            }
            // A kept key never needs a sign-in.
            Source::Key(_) => {}
        }
    }

    fn gate(&self, key: &SessionKey) -> Arc<tokio::sync::Mutex<()>> {
        Arc::clone(locked(&self.gates).entry(key.clone()).or_default())
    }

    fn ask_for_sign_in(&self, key: &SessionKey, profile: &str) {
        let ends = self
            .stored()
            .into_iter()
            .find(|(stored, _)| stored == key)
            .map(|(_, entry)| entry.expires_at);
        let first = locked(&self.asked).insert((key.clone(), ends));
        if first {
            self.notifier.notify(Notice {
                session: key.clone(),
                kind: NoticeKind::NeedsSignIn {
                    profile: profile.to_owned(),
                },
            });
        }
    }
}

/// Only a sign-in helps: the session is not signed in, or has ended.
pub(crate) fn needs_sign_in(error: &AgentError) -> bool {
    matches!(
        error,
        AgentError::Sso(SsoError::NeedsSignIn { .. })
            | AgentError::Console(ConsoleError::NeedsSignIn { .. })
    )
}

fn left(credentials: &AwsCredentials) -> Duration {
    credentials
        .expires_at
        .duration_since(SystemTime::now())
        .unwrap_or_default()
}
