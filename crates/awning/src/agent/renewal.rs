//! Renewing a session for the clock: the engine decides whether it is due. Console
//! sessions get new 15-minute credentials; CodeArtifact tokens are renewed with every
//! connection that uses them (`registries`).

use std::sync::Arc;

use super::{Agent, AgentError};
use crate::sso::SsoTarget;
use crate::vault::SessionKey;

impl Agent {
    /// Renews `key`'s token with its refresh token if it is due (the engine decides).
    pub(crate) async fn renew(self: &Arc<Self>, key: &SessionKey) -> Result<(), AgentError> {
        let name = match key {
            SessionKey::SsoSession(name) => name,
            SessionKey::Login(arn) => {
                let target = self.console_target(arn);
                let renewed = self.console.credentials(&target).await.map(drop);
                self.forget_credentials(key);
                return Ok(renewed?);
            }
            SessionKey::CodeArtifact(token) => return self.renew_registries(token).await,
            // Legacy sessions cannot renew; an access key's session is made on demand.
            SessionKey::SsoStartUrl(_) | SessionKey::AccessKey(_) => return Ok(()),
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
        Ok(renewed?)
    }
}
