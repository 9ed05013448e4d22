//! Discovery in the window: the accounts and roles an sso-session reaches, each with
//! the name a template gives its profile and the profile that covers it already; and
//! the profiles for those ticked, written through the preview like any profile write.

use std::collections::BTreeSet;
use std::time::SystemTime;

use super::{Agent, AgentError};
use crate::config::{Document, EditError};
use crate::sso::SsoTarget;
use crate::sso::discover::Discovery;
use crate::sso::generate::{PlannedProfile, ProfileStyle, plan, write_profiles};

/// What discovery found for a session, as the window lists it.
#[derive(Debug, Clone)]
pub struct Discovered {
    pub fetched_at: SystemTime,
    pub roles: Vec<DiscoveredRole>,
}

/// One account and role, with the profile the template names for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredRole {
    pub account_id: String,
    pub account_name: Option<String>,
    pub role: String,
    /// The profile the template would write.
    pub planned: String,
    /// A profile that already signs in to this account and role through the session.
    pub covered_by: Option<String>,
}

/// The profiles discovery is to write.
#[derive(Debug, Clone)]
pub struct DiscoveryWrite {
    pub session: String,
    pub template: String,
    pub style: ProfileStyle,
    /// Remove the profiles Awning made from the session that are not written now.
    pub prune: bool,
    /// The account and role of each profile to write.
    pub chosen: BTreeSet<(String, String)>,
}

impl Agent {
    /// The accounts and roles of `session`: the last list kept, unless `fresh` asks
    /// IAM Identity Center again (as does a session never listed).
    pub async fn discovered(
        &self,
        session: &str,
        template: &str,
        fresh: bool,
    ) -> Result<Discovered, AgentError> {
        let view = self.config_view()?;
        let target = self.session_target(session)?;
        let kept = (!fresh)
            .then(|| Discovery::cached(&self.data_dir, &target.key))
            .flatten();
        let discovery = match kept {
            Some(kept) => kept,
            None => self.engine.discover(&target).await?,
        };
        let covered = |account: &str, role: &str| {
            view.profiles
                .iter()
                .find(|profile| {
                    profile.sso_session() == Some(session)
                        && profile.get("sso_account_id") == Some(account)
                        && profile.get("sso_role_name") == Some(role)
                })
                .map(|profile| profile.name.clone())
        };
        // `plan` goes through the accounts and their roles in this same order.
        let names = discovery
            .accounts
            .iter()
            .flat_map(|entry| entry.roles.iter().map(move |role| (&entry.account, role)));
        let planned = plan(&discovery, template, session);
        let roles = names
            .zip(planned)
            .map(|((account, role), planned)| DiscoveredRole {
                covered_by: covered(&account.id, role),
                account_id: account.id.clone(),
                account_name: account.name.clone(),
                role: role.clone(),
                planned: planned.name,
            })
            .collect();
        Ok(Discovered {
            fetched_at: discovery.fetched_at,
            roles,
        })
    }

    /// The session's kept discovery (the one the window listed) and where its profiles
    /// sign in, for a write.
    pub(super) fn discovery_of(&self, session: &str) -> Result<(SsoTarget, Discovery), AgentError> {
        let target = self.session_target(session)?;
        let discovery = Discovery::cached(&self.data_dir, &target.key)
            .ok_or_else(|| AgentError::NotListed(session.to_owned()))?;
        Ok((target, discovery))
    }
}

/// Writes the chosen profiles of `discovery` into the config.
pub(super) fn write_discovered(
    document: &mut Document,
    write: &DiscoveryWrite,
    target: &SsoTarget,
    discovery: &Discovery,
) -> Result<(), EditError> {
    // The plan names every account and role; only the chosen ones are written.
    let chosen: Vec<PlannedProfile> = plan(discovery, &write.template, &write.session)
        .into_iter()
        .filter(|profile| {
            write
                .chosen
                .contains(&(profile.account_id.clone(), profile.role_name.clone()))
        })
        .collect();
    write_profiles(
        document,
        &write.session,
        &target.region,
        &chosen,
        write.style,
        write.prune,
    )
}

#[cfg(test)]
#[path = "discovery_tests.rs"]
mod tests;
