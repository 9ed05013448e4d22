//! What a sign-in is for, read from the config: an `[sso-session NAME]`, or the
//! start URL of a legacy SSO profile — and which role a profile wants.

use crate::config::{ConfigView, Profile, ProfileKind};
use crate::problem::{ConfigRule, Problem, Thing};
use crate::vault::SessionKey;

/// The default scope of a browser sign-in when none is configured.
pub const DEFAULT_SCOPE: &str = "sso:account:access";

/// One IAM Identity Center sign-in session as the config describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoTarget {
    pub key: SessionKey,
    /// The start URL as configured: the session's name in the AWS caches for legacy
    /// profiles, and what the token records.
    pub start_url: String,
    pub region: String,
    /// `sso_registration_scopes`; empty when none are configured.
    pub scopes: Vec<String>,
}

/// The account and role a profile signs in to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRef {
    pub account_id: String,
    pub role_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("there is no [sso-session {0}] in the AWS config file")]
    NoSuchSession(String),
    #[error("there is no profile {0} in the AWS config file")]
    NoSuchProfile(String),
    #[error(
        "profile {0} does not sign in with IAM Identity Center; give it sso_session, \
         sso_account_id and sso_role_name, or name another profile"
    )]
    NotSso(String),
    #[error("{section} has no {key}; add it to the AWS config file")]
    Missing {
        section: String,
        key: &'static str,
        /// The section's header line (1-based).
        line: usize,
    },
    #[error(
        "profile {profile} sets {key} = {profile_value}, but [sso-session {session}] says \
         {session_value}; remove it from the profile"
    )]
    Conflict {
        profile: String,
        session: String,
        key: &'static str,
        profile_value: String,
        session_value: String,
        /// The profile's line that sets the key (1-based).
        line: usize,
    },
    #[error("the start URL {url} must begin with https://")]
    NotHttps {
        url: String,
        section: String,
        /// The section's header line (1-based).
        line: usize,
    },
}

impl SsoTarget {
    /// The `[sso-session NAME]` section.
    pub fn session(view: &ConfigView, name: &str) -> Result<Self, TargetError> {
        let session = view
            .sso_session(name)
            .ok_or_else(|| TargetError::NoSuchSession(name.to_owned()))?;
        let place = Place {
            section: format!("[sso-session {name}]"),
            line: session.origin.line,
        };
        let start_url = required(session.start_url(), &place, "sso_start_url")?;
        let region = region_of(start_url, session.region(), &place)?;
        Ok(Self {
            key: SessionKey::SsoSession(name.to_owned()),
            start_url: start_url.to_owned(),
            region,
            scopes: session.scopes().into_iter().map(str::to_owned).collect(),
        })
    }

    /// The session of profile `name` and the role it uses (`None` for a profile that
    /// names only an sso-session, which can sign in but not give credentials).
    pub fn profile(view: &ConfigView, name: &str) -> Result<(Self, Option<RoleRef>), TargetError> {
        let profile = view
            .profile(name)
            .ok_or_else(|| TargetError::NoSuchProfile(name.to_owned()))?;
        let target = match (profile.kind, sso_setting(profile, "sso_session")) {
            (_, Some(session)) => {
                let target = Self::session(view, session)?;
                for (key, session_value) in [
                    ("sso_start_url", target.start_url.as_str()),
                    ("sso_region", target.region.as_str()),
                ] {
                    if let Some(setting) = profile.settings.setting(key)
                        && setting.value != session_value
                    {
                        return Err(TargetError::Conflict {
                            profile: name.to_owned(),
                            session: session.to_owned(),
                            key,
                            profile_value: setting.value.clone(),
                            session_value: session_value.to_owned(),
                            line: setting.origin.line,
                        });
                    }
                }
                target
            }
            (ProfileKind::LegacySso, None) => Self::legacy(profile)?,
            _ => return Err(TargetError::NotSso(name.to_owned())),
        };
        let role = match (
            sso_setting(profile, "sso_account_id"),
            sso_setting(profile, "sso_role_name"),
        ) {
            (Some(account), Some(role)) => Some(RoleRef {
                account_id: account.to_owned(),
                role_name: role.to_owned(),
            }),
            _ => None,
        };
        Ok((target, role))
    }

    fn legacy(profile: &Profile) -> Result<Self, TargetError> {
        let place = Place {
            section: format!("[profile {}]", profile.name),
            line: profile.origin.line,
        };
        let start_url = required(profile.get("sso_start_url"), &place, "sso_start_url")?;
        let region = region_of(start_url, profile.get("sso_region"), &place)?;
        Ok(Self {
            key: SessionKey::SsoStartUrl(start_url.to_owned()),
            start_url: start_url.to_owned(),
            region,
            scopes: Vec::new(),
        })
    }

    /// Legacy profiles have no session name; they sign in with the device flow only and
    /// never renew, as with the AWS CLI.
    pub fn is_legacy(&self) -> bool {
        matches!(self.key, SessionKey::SsoStartUrl(_))
    }

    /// The name people know the session by: the sso-session name, or the start URL.
    pub fn display_name(&self) -> &str {
        match &self.key {
            SessionKey::SsoSession(name) => name,
            _ => &self.start_url,
        }
    }

    /// Scopes to register a browser-flow client with: the configured ones, or the
    /// default (the AWS CLI does the same).
    pub fn browser_scopes(&self) -> Vec<String> {
        if self.scopes.is_empty() {
            vec![DEFAULT_SCOPE.to_owned()]
        } else {
            self.scopes.clone()
        }
    }
}

/// Process-style profiles (`awning profiles discover --style process`) keep their SSO
/// settings under `awning_` keys, which the SDKs ignore: they run the
/// `credential_process` instead of signing in on their own.
fn sso_setting<'a>(profile: &'a Profile, key: &str) -> Option<&'a str> {
    profile
        .get(key)
        .or_else(|| profile.get(&format!("{PROCESS_STYLE_PREFIX}{key}")))
}

/// The prefix of the SSO keys of process-style profiles.
pub const PROCESS_STYLE_PREFIX: &str = "awning_";

/// A section of the config, and its header line, for the errors that name it.
struct Place {
    section: String,
    line: usize,
}

fn required<'a>(
    value: Option<&'a str>,
    place: &Place,
    key: &'static str,
) -> Result<&'a str, TargetError> {
    value.ok_or_else(|| TargetError::Missing {
        section: place.section.clone(),
        key,
        line: place.line,
    })
}

/// The SSO region: read from the start URL's host where AWS encodes it (the CLI's
/// rule, §2.9), else `sso_region`.
fn region_of(
    start_url: &str,
    configured: Option<&str>,
    place: &Place,
) -> Result<String, TargetError> {
    let url = url::Url::parse(start_url)
        .ok()
        .filter(|url| url.scheme() == "https")
        .ok_or_else(|| TargetError::NotHttps {
            url: start_url.to_owned(),
            section: place.section.clone(),
            line: place.line,
        })?;
    let from_host = url.host_str().and_then(region_in_host);
    match (from_host, configured) {
        (Some(region), _) => Ok(region),
        (None, Some(region)) => Ok(region.to_owned()),
        (None, None) => Err(TargetError::Missing {
            section: place.section.clone(),
            key: "sso_region",
            line: place.line,
        }),
    }
}

/// The region in hosts of the forms `<id>.portal.<region>.app.aws`,
/// `<id>.<region>.portal.amazonaws.com` and their partition twins.
fn region_in_host(host: &str) -> Option<String> {
    let host = host.to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    const AFTER_PORTAL: [&str; 3] = [
        "app.aws",
        "app.amazonwebservices.com.cn",
        "api.amazonwebservices.eu",
    ];
    const BEFORE_PORTAL: [&str; 3] = ["amazonaws.com", "amazonaws.com.cn", "amazonaws.eu"];
    for suffix in AFTER_PORTAL {
        let count = suffix.split('.').count();
        if labels.len() == count + 3 && labels[1] == "portal" && labels[3..].join(".") == suffix {
            return Some(labels[2].to_owned());
        }
    }
    for suffix in BEFORE_PORTAL {
        let count = suffix.split('.').count();
        if labels.len() == count + 3 && labels[2] == "portal" && labels[3..].join(".") == suffix {
            return Some(labels[1].to_owned());
        }
    }
    None
}

impl TargetError {
    /// The code the person is shown; `file` is the config file the target was read from.
    pub fn problem(&self, file: &std::path::Path) -> Problem {
        let invalid =
            |section: &str, key: Option<&str>, line: Option<usize>, rule| Problem::ConfigInvalid {
                file: file.display().to_string(),
                line: line.map(|line| line as u32),
                section: section.to_owned(),
                key: key.map(str::to_owned),
                rule,
            };
        match self {
            Self::NoSuchSession(name) => Problem::NotFound {
                thing: Thing::SsoSession,
                name: name.clone(),
            },
            Self::NoSuchProfile(name) => Problem::NotFound {
                thing: Thing::Profile,
                name: name.clone(),
            },
            Self::NotSso(profile) => invalid(
                &format!("[profile {profile}]"),
                None,
                None,
                ConfigRule::NotSso,
            ),
            Self::Missing { section, key, line } => {
                invalid(section, Some(key), Some(*line), ConfigRule::MissingKey)
            }
            Self::Conflict {
                profile, key, line, ..
            } => invalid(
                &format!("[profile {profile}]"),
                Some(key),
                Some(*line),
                ConfigRule::ConflictingKey,
            ),
            Self::NotHttps { section, line, .. } => invalid(
                section,
                Some("sso_start_url"),
                Some(*line),
                ConfigRule::NotHttps,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Document;

    fn view(text: &str) -> ConfigView {
        ConfigView::read(&Document::parse(text), &Document::default())
    }

    const CONFIG: &str = "\
[sso-session corp]
sso_start_url = https://d-9067000000.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access, codecatalyst:read_write

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer

[profile old]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_account_id = 222233334444
sso_role_name = ReadOnly

[profile clash]
sso_session = corp
sso_region = us-west-2

[profile piped]
credential_process = awning credential-process --profile piped
awning_sso_session = corp
awning_sso_account_id = 333344445555
awning_sso_role_name = ReadOnly

[profile keys]
aws_access_key_id = AKIA
aws_secret_access_key = x
";

    #[test]
    fn a_session_profile_names_its_session_and_role() {
        let (target, role) = SsoTarget::profile(&view(CONFIG), "dev").unwrap();
        assert_eq!(target.key, SessionKey::SsoSession("corp".to_owned()));
        assert_eq!(target.region, "eu-west-1");
        assert_eq!(
            target.scopes,
            ["sso:account:access", "codecatalyst:read_write"]
        );
        assert_eq!(role.unwrap().role_name, "Developer");
        assert!(!target.is_legacy());
    }

    #[test]
    fn a_process_style_profile_reads_its_prefixed_keys() {
        let (target, role) = SsoTarget::profile(&view(CONFIG), "piped").unwrap();
        assert_eq!(target.key, SessionKey::SsoSession("corp".to_owned()));
        assert_eq!(role.unwrap().account_id, "333344445555");
    }

    #[test]
    fn a_legacy_profile_is_known_by_its_start_url() {
        let (target, role) = SsoTarget::profile(&view(CONFIG), "old").unwrap();
        assert_eq!(
            target.key,
            SessionKey::SsoStartUrl("https://d-1234567890.awsapps.com/start".to_owned())
        );
        assert!(target.is_legacy());
        assert_eq!(role.unwrap().account_id, "222233334444");
        assert_eq!(target.browser_scopes(), [DEFAULT_SCOPE]);
    }

    #[test]
    fn config_mistakes_are_named() {
        let config = view(CONFIG);
        let error = |name: &str| SsoTarget::profile(&config, name).unwrap_err().to_string();
        assert!(
            error("clash").contains("sso_region = us-west-2"),
            "{}",
            error("clash")
        );
        assert!(error("keys").contains("does not sign in with IAM Identity Center"));
        assert!(error("nope").contains("no profile nope"));
        let missing =
            SsoTarget::session(&view("[sso-session x]\nsso_region = r\n"), "x").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "[sso-session x] has no sso_start_url; add it to the AWS config file"
        );
        let http = SsoTarget::session(
            &view(
                "[sso-session x]\nsso_start_url = http://d-1.awsapps.com/start\nsso_region = r\n",
            ),
            "x",
        )
        .unwrap_err();
        assert!(matches!(http, TargetError::NotHttps { .. }));
    }

    #[test]
    fn regions_in_aws_hosts_win_over_the_configured_one() {
        assert_eq!(
            region_in_host("ssoins-1.portal.eu-central-1.app.aws").as_deref(),
            Some("eu-central-1")
        );
        assert_eq!(
            region_in_host("D-1.US-EAST-2.portal.amazonaws.com").as_deref(),
            Some("us-east-2")
        );
        assert_eq!(
            region_in_host("x.cn-north-1.portal.amazonaws.com.cn").as_deref(),
            Some("cn-north-1")
        );
        assert_eq!(region_in_host("d-1.awsapps.com"), None);
        assert_eq!(
            region_in_host("evil.portal.eu-west-1.app.aws.example.com"),
            None
        );
        let session = SsoTarget::session(
            &view("[sso-session s]\nsso_start_url = https://i.portal.ap-south-1.app.aws/\nsso_region = us-east-1\n"),
            "s",
        )
        .unwrap();
        assert_eq!(session.region, "ap-south-1");
    }
}
