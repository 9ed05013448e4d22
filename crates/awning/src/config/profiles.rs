//! The profiles of a config file, read the way the AWS SDKs read them.

use std::collections::HashMap;
use std::path::Path;

use super::document::{Document, LineKind};
use super::file::{ConfigFile, FileError};
use super::section_header::SectionHeader;
use super::sections::FileKind;

/// How a profile gets its credentials. When a profile names several sources, the first
/// in the AWS SDK for Rust's order wins (web identity — which also needs `role_arn` —
/// then `role_arn`, SSO, `login_session`, `credential_process`, static keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(serde::Serialize, specta::Type))]
#[cfg_attr(feature = "specta", serde(rename_all = "kebab-case"))]
pub enum ProfileKind {
    AssumeRole,
    WebIdentity,
    /// `sso_session` plus account and role: renews silently with a refresh token.
    SsoSession,
    /// `sso_start_url` in the profile itself: no refresh, a fixed session.
    LegacySso,
    /// `login_session` from `aws login`.
    ConsoleLogin,
    CredentialProcess,
    StaticKeys,
    /// Settings only (region, output, services), no credentials.
    NoCredentials,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub kind: ProfileKind,
    pub sso_session: Option<String>,
    pub region: Option<String>,
    /// 1-based line of the section header that defines it (the first, if repeated).
    pub line: usize,
}

/// The profiles in the config file at `path`, in the order they first appear. A missing
/// file has no profiles; that is not an error.
pub fn load_profiles(path: &Path) -> Result<Vec<Profile>, FileError> {
    Ok(profiles(&ConfigFile::new(path, FileKind::Config).read()?))
}

/// Collected keys of one profile; repeated sections merge, later values win.
#[derive(Default)]
struct ProfileKeys {
    line: usize,
    keys: HashMap<String, String>,
}

pub(super) fn profiles(document: &Document) -> Vec<Profile> {
    let mut order: Vec<String> = Vec::new();
    let mut found: HashMap<String, ProfileKeys> = HashMap::new();
    let has_prefixed_default = document.lines().iter().any(|line| {
        matches!(line.kind(), LineKind::Section(SectionHeader::Profile { name, bare_default: false }) if name == "default")
    });
    let mut current: Option<String> = None;
    for (index, line) in document.lines().iter().enumerate() {
        match line.kind() {
            LineKind::Section(SectionHeader::Profile { name, bare_default }) => {
                // `[profile default]` replaces `[default]` entirely, as in the Rust SDK.
                if *bare_default && has_prefixed_default {
                    current = None;
                    continue;
                }
                let entry = found.entry(name.clone()).or_insert_with(|| {
                    order.push(name.clone());
                    ProfileKeys {
                        line: index + 1,
                        ..ProfileKeys::default()
                    }
                });
                entry.line = entry.line.min(index + 1);
                current = Some(name.clone());
            }
            LineKind::Section(_) => current = None,
            LineKind::Property { key, value } => {
                if let Some(keys) = current.as_ref().and_then(|name| found.get_mut(name)) {
                    keys.keys.insert(key.to_ascii_lowercase(), value.clone());
                }
            }
            _ => {}
        }
    }
    order
        .into_iter()
        .filter_map(|name| {
            let keys = found.remove(&name)?;
            Some(Profile {
                kind: kind_of(&keys.keys),
                sso_session: keys.keys.get("sso_session").cloned(),
                region: keys.keys.get("region").cloned(),
                line: keys.line,
                name,
            })
        })
        .collect()
}

fn kind_of(keys: &HashMap<String, String>) -> ProfileKind {
    let has = |key: &str| keys.get(key).is_some_and(|value| !value.is_empty());
    if has("web_identity_token_file") {
        ProfileKind::WebIdentity
    } else if has("role_arn") {
        ProfileKind::AssumeRole
    } else if has("sso_account_id") || has("sso_role_name") {
        if has("sso_session") {
            ProfileKind::SsoSession
        } else {
            ProfileKind::LegacySso
        }
    } else if has("login_session") {
        ProfileKind::ConsoleLogin
    } else if has("credential_process") {
        ProfileKind::CredentialProcess
    } else if has("aws_access_key_id") {
        ProfileKind::StaticKeys
    } else {
        ProfileKind::NoCredentials
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Profile> {
        profiles(&Document::parse(text))
    }

    const CONFIG: &str = "\
# team config
[default]
region = eu-west-1

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = us-west-2

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1

[profile old]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Admin

[profile console]
login_session = arn:aws:sts::111122223333:assumed-role/Admin/ada
[profile tool]
credential_process = awning credential-process --profile dev
[profile chain]
role_arn = arn:aws:iam::111122223333:role/Deploy
source_profile = dev
credential_process = ignored
[profile ci]
role_arn = arn:aws:iam::111122223333:role/Ci
web_identity_token_file = /var/run/token
";

    #[test]
    fn each_profile_is_recognised_by_how_it_gets_credentials() {
        let found: Vec<(String, ProfileKind)> = read(CONFIG)
            .into_iter()
            .map(|profile| (profile.name, profile.kind))
            .collect();
        assert_eq!(
            found,
            vec![
                ("default".into(), ProfileKind::NoCredentials),
                ("dev".into(), ProfileKind::SsoSession),
                ("old".into(), ProfileKind::LegacySso),
                ("console".into(), ProfileKind::ConsoleLogin),
                ("tool".into(), ProfileKind::CredentialProcess),
                ("chain".into(), ProfileKind::AssumeRole),
                ("ci".into(), ProfileKind::WebIdentity),
            ]
        );
    }

    #[test]
    fn a_profile_knows_its_session_region_and_line() {
        let dev = read(CONFIG)
            .into_iter()
            .find(|profile| profile.name == "dev")
            .unwrap();
        assert_eq!(dev.sso_session.as_deref(), Some("corp"));
        assert_eq!(dev.region.as_deref(), Some("us-west-2"));
        assert_eq!(dev.line, 5);
    }

    #[test]
    fn profile_default_replaces_bare_default() {
        let found = read("[default]\nregion = a\n[profile default]\noutput = json\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].region, None, "keys of [default] must not leak in");
        assert_eq!(found[0].line, 3);
    }

    #[test]
    fn repeated_sections_merge_and_later_values_win() {
        let found = read("[profile a]\nregion = one\n[profile b]\n[profile a]\nregion = two\n");
        assert_eq!(
            found.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(found[0].region.as_deref(), Some("two"));
        assert_eq!(found[0].line, 1);
    }

    #[test]
    fn keys_under_other_sections_belong_to_no_profile() {
        let found = read("[profile a]\n[sso-session s]\nregion = x\n[services t]\nregion = y\n");
        assert_eq!(found[0].region, None);
    }

    #[test]
    fn a_missing_file_has_no_profiles_and_a_directory_is_a_clear_error() {
        let folder = tempfile::tempdir().unwrap();
        assert!(
            load_profiles(&folder.path().join("absent"))
                .unwrap()
                .is_empty()
        );
        let error = load_profiles(folder.path()).unwrap_err();
        let expected = format!("cannot read {}: ", folder.path().display());
        assert!(error.to_string().starts_with(&expected), "{error}");
    }

    #[test]
    fn a_file_that_is_not_utf8_is_named_in_the_error() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("config");
        std::fs::write(&path, b"[profile a]\nregion = \xff\n").unwrap();
        let error = load_profiles(&path).unwrap_err();
        assert!(error.to_string().contains("is not UTF-8"), "{error}");
    }
}
