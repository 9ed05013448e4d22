//! The profile list: one row per profile of the two files, with what a person searches
//! and filters by — kind, session, account (id and name), role, and the region the
//! profile works in kept apart from the region IAM Identity Center is in.

use std::collections::BTreeMap;
use std::path::Path;

use super::marks::{Mark, Marks};
use crate::config::{ConfigView, FileKind, Profile, ProfileKind};
use crate::sso::discover::Discovery;
use crate::sso::generate::GENERATED_FROM;
use crate::vault::SessionKey;

/// One profile as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(serde::Serialize, specta::Type))]
#[cfg_attr(feature = "specta", serde(rename_all = "camelCase"))]
pub struct ProfileRow {
    pub name: String,
    pub kind: ProfileKind,
    pub sso_session: Option<String>,
    /// `sso_account_id`, or the account of `role_arn`.
    pub account_id: Option<String>,
    /// The account's name, as the last discovery of its session found it.
    pub account_name: Option<String>,
    /// `sso_role_name`, or the role of `role_arn` (its last path segment).
    pub role: Option<String>,
    /// `region`: where the profile's calls go.
    pub region: Option<String>,
    /// Where IAM Identity Center is: the session's `sso_region` (or the legacy
    /// profile's own) — not where the profile works.
    pub sso_region: Option<String>,
    pub source_profile: Option<String>,
    /// Whether `~/.aws/credentials` holds part of it (static keys, most often).
    pub in_credentials: bool,
    /// The 1-based line of its section header, in the file it is first defined in.
    pub line: u32,
    /// Made by discovery from this session (and so removed by its prune).
    pub generated_from: Option<String>,
    /// Favourite, hidden, tag: the person's marks, from Awning's data folder.
    pub mark: Mark,
}

/// Account ids to the names the portal gave them, from every cached discovery.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountNames(BTreeMap<String, String>);

impl AccountNames {
    /// The names the last discoveries of `sessions` found.
    pub fn cached<'a>(data_dir: &Path, sessions: impl IntoIterator<Item = &'a str>) -> Self {
        let mut names = BTreeMap::new();
        for session in sessions {
            let key = SessionKey::SsoSession(session.to_owned());
            let Some(discovery) = Discovery::cached(data_dir, &key) else {
                continue;
            };
            for entry in discovery.accounts {
                if let Some(name) = entry.account.name {
                    names.insert(entry.account.id, name);
                }
            }
        }
        Self(names)
    }

    pub fn name_of(&self, account_id: &str) -> Option<&str> {
        self.0.get(account_id).map(String::as_str)
    }
}

impl FromIterator<(String, String)> for AccountNames {
    fn from_iter<T: IntoIterator<Item = (String, String)>>(iter: T) -> Self {
        Self(iter.into_iter().collect())
    }
}

/// Every profile of `view`, in the order the files define them, with its marks.
pub fn rows(view: &ConfigView, names: &AccountNames, marks: &Marks) -> Vec<ProfileRow> {
    view.profiles
        .iter()
        .map(|profile| row(view, profile, names, marks))
        .collect()
}

fn row(view: &ConfigView, profile: &Profile, names: &AccountNames, marks: &Marks) -> ProfileRow {
    let role_arn = profile.get("role_arn").and_then(RoleArn::parse);
    let account_id = profile
        .get("sso_account_id")
        .map(str::to_owned)
        .or_else(|| role_arn.as_ref().map(|arn| arn.account.to_owned()));
    let role = profile
        .get("sso_role_name")
        .map(str::to_owned)
        .or_else(|| role_arn.as_ref().map(|arn| arn.role.to_owned()));
    let sso_region = match profile.sso_session() {
        Some(session) => view
            .sso_session(session)
            .and_then(|session| session.region()),
        None => profile.get("sso_region"),
    };
    let in_credentials = std::iter::once(profile.origin)
        .chain(profile.settings.origins())
        .any(|origin| origin.file == FileKind::Credentials);
    ProfileRow {
        account_name: account_id
            .as_deref()
            .and_then(|id| names.name_of(id))
            .map(str::to_owned),
        name: profile.name.clone(),
        kind: profile.kind,
        sso_session: profile.sso_session().map(str::to_owned),
        account_id,
        role,
        region: profile.region().map(str::to_owned),
        sso_region: sso_region.map(str::to_owned),
        source_profile: profile.get("source_profile").map(str::to_owned),
        in_credentials,
        line: u32::try_from(profile.origin.line).unwrap_or(u32::MAX),
        generated_from: profile.get(GENERATED_FROM).map(str::to_owned),
        mark: marks.of(&profile.name),
    }
}

/// `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`, as far as the list needs it.
pub(super) struct RoleArn<'a> {
    pub account: &'a str,
    pub role: &'a str,
}

impl<'a> RoleArn<'a> {
    pub fn parse(arn: &'a str) -> Option<Self> {
        let mut parts = arn.splitn(6, ':');
        let (Some("arn"), Some(_), Some("iam"), Some(_), Some(account), Some(resource)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        let role = resource.strip_prefix("role/")?.rsplit('/').next()?;
        Some(Self { account, role })
    }
}

#[cfg(test)]
#[path = "rows_tests.rs"]
mod tests;
