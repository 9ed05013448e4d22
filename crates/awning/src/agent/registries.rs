//! The fourth clock's work: every CodeArtifact connection renewed before its token
//! ends, signed with its profile's credentials — from Awning's own sessions, or the
//! profile's own chain. When only a sign-in helps, one notification names the tool and
//! the repository that stop working, and offers the sign-in; the clock tries again
//! shortly after, so the renewal follows the sign-in.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::credentials::{WhenSignedOut, needs_sign_in};
use super::{Agent, AgentError, Notice, NoticeKind, RegistryView, locked};
use crate::clock::deadlines::Watched;
use crate::codeartifact::{
    Caller, CodeArtifact, CodeArtifactEngine, Connection, DomainSummary, FileChange, Preview,
    RepositorySummary, Request,
};
use crate::config::ConfigPathError;
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

    /// The connections as the snapshot shows them, with the sign-in each one waits for.
    pub(crate) fn registry_views(&self) -> Vec<RegistryView> {
        let waits = locked(&self.registry_waits);
        self.registry_connections()
            .into_iter()
            .map(|connection| RegistryView {
                waits_for: waits.get(&connection.id).cloned(),
                connection,
            })
            .collect()
    }

    /// The CodeArtifact domains `profile`'s identity can see, in `region` or the
    /// profile's.
    pub async fn registry_domains(
        self: &Arc<Self>,
        profile: &str,
        region: Option<&str>,
    ) -> Result<Vec<DomainSummary>, AgentError> {
        let client = self.registry_client(profile, region).await?;
        client
            .domains()
            .await
            .map_err(|call| in_words(call, profile))
    }

    /// The repositories of `domain` (owned by `owner`, when named).
    pub async fn registry_repositories(
        self: &Arc<Self>,
        profile: &str,
        region: Option<&str>,
        domain: &str,
        owner: Option<&str>,
    ) -> Result<Vec<RepositorySummary>, AgentError> {
        let client = self.registry_client(profile, region).await?;
        client
            .repositories(domain, owner)
            .await
            .map_err(|call| in_words(call, profile))
    }

    /// What configuring the tool would write, tokens masked; nothing is written.
    pub async fn preview_registry(
        self: &Arc<Self>,
        request: &Request,
    ) -> Result<Preview, AgentError> {
        let client = self
            .registry_client(&request.profile, Some(&request.repository.region))
            .await?;
        Ok(self.codeartifact()?.preview(&client, request).await?)
    }

    /// Configures the tool; the clock renews it from now on.
    pub async fn configure_registry(
        self: &Arc<Self>,
        request: &Request,
    ) -> Result<Connection, AgentError> {
        let client = self
            .registry_client(&request.profile, Some(&request.repository.region))
            .await?;
        let configured = self.codeartifact()?.login(&client, request).await?;
        self.changed();
        Ok(configured.connection)
    }

    /// Takes back everything the connection wrote.
    pub async fn undo_registry(&self, id: &str) -> Result<Vec<FileChange>, AgentError> {
        let changes = self.codeartifact()?.logout(id).await?;
        locked(&self.registry_waits).remove(id);
        self.changed();
        Ok(changes)
    }

    fn codeartifact(&self) -> Result<&CodeArtifactEngine, AgentError> {
        self.codeartifact
            .as_ref()
            .ok_or(AgentError::ConfigPath(ConfigPathError::NoHome))
    }

    /// A client signed for `profile`, in `region` or the profile's own.
    async fn registry_client(
        self: &Arc<Self>,
        profile: &str,
        region: Option<&str>,
    ) -> Result<CodeArtifact, AgentError> {
        let engine = self.codeartifact()?;
        let caller = self.caller_of(profile).await?;
        let profile_region = self
            .config_view()
            .ok()
            .and_then(|view| view.profile(profile)?.region().map(str::to_owned));
        let region = region.map(str::to_owned).or(profile_region);
        Ok(engine.client(profile, region.as_deref(), caller).await?)
    }

    /// Whose credentials sign for `profile`: one of Awning's sessions (a needed sign-in
    /// is an error naming it), or the profile's own chain.
    async fn caller_of(self: &Arc<Self>, profile: &str) -> Result<Caller, AgentError> {
        let source = match self.source(profile) {
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
        let credentials = self
            .credentials_of(&source, profile, WhenSignedOut::Fail)
            .await?;
        Ok(Caller::Awning(credentials))
    }

    /// Renews every connection that uses the token `key`.
    pub(crate) async fn renew_registries(
        self: &Arc<Self>,
        key: &TokenKey,
    ) -> Result<(), AgentError> {
        let Some(engine) = &self.codeartifact else {
            return Ok(());
        };
        let wanted = SessionKey::CodeArtifact(Box::new(key.clone()));
        let connections: Vec<Connection> = self
            .registry_connections()
            .into_iter()
            .filter(|c| c.repository.token_key(&c.profile) == wanted)
            .collect();
        let Some(first) = connections.first() else {
            return Ok(());
        };
        let client = match self
            .registry_client(&first.profile, Some(&first.repository.region))
            .await
        {
            Ok(client) => client,
            Err(error) if needs_sign_in(&error) => {
                self.wait_for_sign_in(&connections, &first.profile);
                return Err(error);
            }
            Err(error) => return Err(error),
        };
        let ids: Vec<String> = connections.iter().map(|c| c.id.clone()).collect();
        engine.renew(&client, &ids).await?;
        let mut waits = locked(&self.registry_waits);
        for id in &ids {
            waits.remove(id);
        }
        drop(waits);
        self.refresh();
        Ok(())
    }

    /// Marks the connections as waiting for the sign-in of `profile`'s session, and
    /// says once per token what stops working.
    fn wait_for_sign_in(&self, connections: &[Connection], profile: &str) {
        let Ok(source) = self.source(profile) else {
            return;
        };
        let session = source.key();
        {
            let mut waits = locked(&self.registry_waits);
            for connection in connections {
                waits.insert(connection.id.clone(), session.clone());
            }
        }
        self.refresh();
        let first = &connections[0];
        if locked(&self.asked).insert((session.clone(), Some(first.expires_at))) {
            self.notifier.notify(Notice {
                session,
                kind: NoticeKind::RegistryNeedsSignIn {
                    tool: first.tool.name().to_owned(),
                    repository: first.repository.label(),
                    left: left(first.expires_at),
                },
            });
        }
    }
}

/// A failed call in the engine's words.
fn in_words(call: crate::codeartifact::CallError, profile: &str) -> AgentError {
    crate::codeartifact::CodeArtifactError::Call {
        call,
        profile: profile.to_owned(),
    }
    .into()
}

fn left(until: SystemTime) -> Duration {
    until.duration_since(SystemTime::now()).unwrap_or_default()
}

#[cfg(test)]
#[path = "registries_tests.rs"]
mod tests;
