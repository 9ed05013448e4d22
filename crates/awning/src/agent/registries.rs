//! The fourth clock's work: every CodeArtifact connection renewed before its token
//! ends, signed with its profile's credentials — from Awning's own sessions, or the
//! profile's own chain. When only a sign-in helps, one notification names the tool and
//! the repository that stop working, and offers the sign-in; the clock tries again
//! shortly after, so the renewal follows the sign-in.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::credentials::{WhenSignedOut, needs_sign_in};
use super::{Agent, AgentError, Notice, NoticeKind, locked};
use crate::clock::deadlines::Watched;
use crate::codeartifact::{Caller, Connection};
use crate::sso::TargetError;
use crate::vault::{SessionKey, TokenKey};

impl Agent {
    /// The CodeArtifact connections, as the clock watches them: one entry per token,
    /// due when its first connection is.
    pub(crate) fn registry_watch(&self) -> Vec<Watched> {
        let mut by_token: BTreeMap<SessionKey, Watched> = BTreeMap::new();
        for connection in self.registry_connections() {
            let key = connection.repository.token_key(&connection.profile);
            let watched = Watched {
                key: key.clone(),
                expires_at: connection.expires_at,
                renewable: true,
                renew_before: connection.renew_before(),
                ends_at: None,
            };
            by_token
                .entry(key)
                .and_modify(|known| {
                    let renew_at = |w: &Watched| w.expires_at.checked_sub(w.renew_before);
                    if renew_at(&watched) < renew_at(known) {
                        *known = watched.clone();
                    }
                })
                .or_insert(watched);
        }
        by_token.into_values().collect()
    }

    /// Every connection Awning has configured (none when they cannot be read: the
    /// window says why).
    pub(crate) fn registry_connections(&self) -> Vec<Connection> {
        self.codeartifact
            .as_ref()
            .and_then(|engine| engine.connections().ok())
            .unwrap_or_default()
    }

    /// Renews every connection that uses the token `key`.
    pub(crate) async fn renew_registries(
        self: &Arc<Self>,
        key: &TokenKey,
    ) -> Result<(), AgentError> {
        let Some(engine) = &self.codeartifact else {
            return Ok(());
        };
        let connections: Vec<Connection> = self
            .registry_connections()
            .into_iter()
            .filter(|c| {
                c.repository.token_key(&c.profile)
                    == SessionKey::CodeArtifact(Box::new(key.clone()))
            })
            .collect();
        let Some(first) = connections.first() else {
            return Ok(());
        };
        let caller = self.caller_for(first).await?;
        let client = engine
            .client(&first.profile, Some(&first.repository.region), caller)
            .await?;
        for connection in &connections {
            engine.renew(&client, &connection.id).await?;
        }
        Ok(())
    }

    /// Whose credentials sign for the connection's profile. A session that needs a
    /// sign-in is one notice naming what stops working.
    async fn caller_for(self: &Arc<Self>, connection: &Connection) -> Result<Caller, AgentError> {
        let source = match self.source(&connection.profile) {
            Ok(source) => source,
            Err(AgentError::Target { cause, .. })
                if matches!(
                    *cause,
                    TargetError::NotSso(_) | TargetError::NoSuchProfile(_)
                ) =>
            {
                return Ok(Caller::ProfileChain);
            }
            Err(error) => return Err(error),
        };
        match self
            .credentials_of(&source, &connection.profile, WhenSignedOut::Fail)
            .await
        {
            Ok(credentials) => Ok(Caller::Awning(credentials)),
            Err(error) if needs_sign_in(&error) => {
                let session = source.key();
                if locked(&self.asked).insert((session.clone(), Some(connection.expires_at))) {
                    self.notifier.notify(Notice {
                        session,
                        kind: NoticeKind::RegistryNeedsSignIn {
                            tool: connection.tool.name().to_owned(),
                            repository: connection.repository.label(),
                            left: left(connection.expires_at),
                        },
                    });
                }
                Err(error)
            }
            Err(error) => Err(error),
        }
    }
}

fn left(until: SystemTime) -> Duration {
    until.duration_since(SystemTime::now()).unwrap_or_default()
}

#[cfg(test)]
#[path = "registries_tests.rs"]
mod tests;
