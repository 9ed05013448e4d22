//! Renewing a session for the clock: the engine decides whether it is due.

use super::Agent;
use crate::sso::{SsoError, SsoTarget};
use crate::vault::SessionKey;

impl Agent {
    /// Renews `key`'s token with its refresh token if it is due (the engine decides).
    pub(crate) async fn renew(&self, key: &SessionKey) -> Result<(), SsoError> {
        let SessionKey::SsoSession(name) = key else {
            // Only sessions named in the config renew; legacy ones cannot.
            return Ok(());
        };
        let target = match self
            .config_view()
            .map(|view| SsoTarget::session(&view, name))
        {
            Ok(Ok(target)) => target,
            // A session the config no longer names keeps what it has until it ends.
            _ => return Ok(()),
        };
        let renewed = self.engine.access_token(&target).await.map(drop);
        self.forget_credentials(key);
        renewed
    }
}
