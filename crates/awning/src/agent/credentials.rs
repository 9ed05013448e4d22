//! Role credentials for the CLI's requests: from memory while they last, else through
//! the engine; a needed sign-in is one notification, or with `login` one sign-in that
//! every waiting caller shares.

use std::sync::Arc;
use std::time::SystemTime;

use super::sign_ins::outcome_of;
use super::{Agent, AgentError, Notice, NoticeKind, Watcher, locked};
use crate::sso::{REUSE_WINDOW, SignInOptions, SsoError, SsoTarget};
use crate::vault::{AwsCredentials, SessionKey};

impl Agent {
    /// Credentials for `profile`'s role. Without `login`, a session that needs a
    /// sign-in is an error and a notification offering the sign-in (one per session
    /// and token end); with it, the sign-in starts (or is joined) and this waits for it.
    pub async fn credentials(
        self: &Arc<Self>,
        profile: &str,
        login: bool,
    ) -> Result<AwsCredentials, AgentError> {
        let view = self.config_view()?;
        let (target, role) =
            SsoTarget::profile(&view, profile).map_err(|cause| self.target_error(cause))?;
        let role = role.ok_or_else(|| AgentError::NoRole(profile.to_owned()))?;
        let memory_key = (
            target.key.clone(),
            role.account_id.clone(),
            role.role_name.clone(),
        );
        if let Some(credentials) = locked(&self.remembered).get(&memory_key)
            && fresh(credentials)
        {
            return Ok(credentials.clone());
        }
        let gate = self.gate(&target.key);
        let mut signed_in = false;
        let credentials = loop {
            if let Some(done) = self.running_sign_in(&target.key) {
                outcome_of(done).await?;
                signed_in = true;
            }
            // One caller at a time asks the engine, so none of them is inside it (waiting
            // for the session's file lock) when a sign-in starts; the others then see the
            // sign-in and wait for it here instead.
            let _turn = gate.lock().await;
            if self.running_sign_in(&target.key).is_some() {
                continue;
            }
            match self.engine.role_credentials(&target, &role, None).await {
                Err(SsoError::NeedsSignIn { .. }) if login && !signed_in => {
                    // Joins a sign-in another caller started meanwhile.
                    self.start_sign_in(
                        target.clone(),
                        SignInOptions::default(),
                        Watcher::Background,
                    );
                }
                Err(error @ SsoError::NeedsSignIn { .. }) => {
                    self.ask_for_sign_in(&target, profile);
                    return Err(error.into());
                }
                other => break other?,
            }
        };
        locked(&self.remembered).insert(memory_key, credentials.clone());
        // Fetching may have renewed the session.
        self.refresh();
        Ok(credentials)
    }

    fn gate(&self, key: &SessionKey) -> Arc<tokio::sync::Mutex<()>> {
        Arc::clone(locked(&self.gates).entry(key.clone()).or_default())
    }

    fn ask_for_sign_in(&self, target: &SsoTarget, profile: &str) {
        let ends = self
            .stored()
            .into_iter()
            .find(|(key, _)| *key == target.key)
            .map(|(_, entry)| entry.expires_at);
        let first = locked(&self.asked).insert((target.key.clone(), ends));
        if first {
            self.notifier.notify(Notice {
                session: target.key.clone(),
                kind: NoticeKind::NeedsSignIn {
                    profile: profile.to_owned(),
                },
            });
        }
    }
}

fn fresh(credentials: &AwsCredentials) -> bool {
    credentials
        .expires_at
        .duration_since(SystemTime::now())
        .is_ok_and(|left| left > REUSE_WINDOW)
}
