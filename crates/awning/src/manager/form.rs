//! A profile as the window's form edits it: the fields of its kind, the region it works
//! in and its output, and every other key as a raw row — so reading a profile into the
//! form and writing it back changes nothing.

use crate::config::{FileKind, Profile, ProfileKind, Setting};
use crate::vault::Secret;

/// The keys the form's own fields stand for; any other key is an "other" row.
pub const FORM_KEYS: [&str; 21] = [
    "sso_session",
    "sso_account_id",
    "sso_role_name",
    "sso_start_url",
    "sso_region",
    "login_session",
    "credential_process",
    "role_arn",
    "source_profile",
    "credential_source",
    "mfa_serial",
    "external_id",
    "duration_seconds",
    "role_session_name",
    "web_identity_token_file",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
    "region",
    "output",
];

pub use crate::config::SECRET_KEYS;

#[derive(Debug, Clone)]
pub struct ProfileForm {
    pub name: String,
    pub credentials: Credentials,
    /// Where the profile's calls go; empty for none.
    pub region: String,
    pub output: String,
    /// Every other key, in the order the file has them.
    pub other: Vec<(String, String)>,
}

/// How the profile gets credentials, with the fields of that kind.
#[derive(Debug, Clone)]
pub enum Credentials {
    SsoSession {
        session: String,
        account_id: String,
        role_name: String,
    },
    /// `sso_start_url` in the profile itself (no silent renewal).
    LegacySso {
        start_url: String,
        sso_region: String,
        account_id: String,
        role_name: String,
    },
    ConsoleLogin {
        login_session: String,
    },
    CredentialProcess {
        command: String,
    },
    AssumeRole(AssumeRole),
    WebIdentity {
        role_arn: String,
        token_file: String,
        session_name: String,
    },
    StaticKeys {
        access_key_id: String,
        /// `None` keeps the one the files hold: the form never gets it back.
        secret_access_key: Option<Secret>,
        session_token: Option<Secret>,
    },
    /// Settings only.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRole {
    pub role_arn: String,
    pub source: RoleSource,
    pub mfa_serial: String,
    pub external_id: String,
    pub duration_seconds: String,
    pub session_name: String,
}

/// Whose credentials assume the role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleSource {
    Profile(String),
    /// `Environment`, `Ec2InstanceMetadata` or `EcsContainer`.
    CredentialSource(String),
}

/// A key's value as the form wants it written.
#[derive(Debug, Clone, Copy)]
pub enum Wanted<'a> {
    Value(&'a str),
    Secret(&'a Secret),
    /// Whatever the files hold now.
    Kept,
}

impl ProfileForm {
    /// The form filled from `profile`; secrets are left out (kept unless replaced).
    pub fn of(profile: &Profile) -> Self {
        let get = |key: &str| profile.get(key).unwrap_or_default().to_owned();
        let credentials = match profile.kind {
            ProfileKind::SsoSession => Credentials::SsoSession {
                session: get("sso_session"),
                account_id: get("sso_account_id"),
                role_name: get("sso_role_name"),
            },
            ProfileKind::LegacySso => Credentials::LegacySso {
                start_url: get("sso_start_url"),
                sso_region: get("sso_region"),
                account_id: get("sso_account_id"),
                role_name: get("sso_role_name"),
            },
            ProfileKind::ConsoleLogin => Credentials::ConsoleLogin {
                login_session: get("login_session"),
            },
            ProfileKind::CredentialProcess => Credentials::CredentialProcess {
                command: get("credential_process"),
            },
            ProfileKind::AssumeRole => Credentials::AssumeRole(AssumeRole {
                role_arn: get("role_arn"),
                source: match profile.get("credential_source") {
                    Some(source) if profile.get("source_profile").is_none() => {
                        RoleSource::CredentialSource(source.to_owned())
                    }
                    _ => RoleSource::Profile(get("source_profile")),
                },
                mfa_serial: get("mfa_serial"),
                external_id: get("external_id"),
                duration_seconds: get("duration_seconds"),
                session_name: get("role_session_name"),
            }),
            ProfileKind::WebIdentity => Credentials::WebIdentity {
                role_arn: get("role_arn"),
                token_file: get("web_identity_token_file"),
                session_name: get("role_session_name"),
            },
            ProfileKind::StaticKeys => Credentials::StaticKeys {
                access_key_id: get("aws_access_key_id"),
                secret_access_key: None,
                session_token: None,
            },
            ProfileKind::NoCredentials => Credentials::None,
        };
        Self {
            name: profile.name.clone(),
            credentials,
            region: get("region"),
            output: get("output"),
            other: other_keys(profile),
        }
    }

    /// The profile's name as it is written.
    pub fn section_name(&self) -> &str {
        self.name.trim()
    }

    /// Every key the form wants the profile to hold, in the order a new profile is
    /// written; empty fields are left out.
    pub fn wanted(&self) -> Vec<(&str, Wanted<'_>)> {
        let mut keys = Vec::new();
        match &self.credentials {
            Credentials::SsoSession {
                session,
                account_id,
                role_name,
            } => {
                text(&mut keys, "sso_session", session);
                text(&mut keys, "sso_account_id", account_id);
                text(&mut keys, "sso_role_name", role_name);
            }
            Credentials::LegacySso {
                start_url,
                sso_region,
                account_id,
                role_name,
            } => {
                text(&mut keys, "sso_start_url", start_url);
                text(&mut keys, "sso_region", sso_region);
                text(&mut keys, "sso_account_id", account_id);
                text(&mut keys, "sso_role_name", role_name);
            }
            Credentials::ConsoleLogin { login_session } => {
                text(&mut keys, "login_session", login_session);
            }
            Credentials::CredentialProcess { command } => {
                text(&mut keys, "credential_process", command);
            }
            Credentials::AssumeRole(role) => {
                text(&mut keys, "role_arn", &role.role_arn);
                match &role.source {
                    RoleSource::Profile(name) => text(&mut keys, "source_profile", name),
                    RoleSource::CredentialSource(source) => {
                        text(&mut keys, "credential_source", source);
                    }
                }
                text(&mut keys, "mfa_serial", &role.mfa_serial);
                text(&mut keys, "external_id", &role.external_id);
                text(&mut keys, "duration_seconds", &role.duration_seconds);
                text(&mut keys, "role_session_name", &role.session_name);
            }
            Credentials::WebIdentity {
                role_arn,
                token_file,
                session_name,
            } => {
                text(&mut keys, "role_arn", role_arn);
                text(&mut keys, "web_identity_token_file", token_file);
                text(&mut keys, "role_session_name", session_name);
            }
            Credentials::StaticKeys {
                access_key_id,
                secret_access_key,
                session_token,
            } => {
                text(&mut keys, "aws_access_key_id", access_key_id);
                keys.push(("aws_secret_access_key", secret(secret_access_key.as_ref())));
                keys.push(("aws_session_token", secret(session_token.as_ref())));
                if session_token.is_none() {
                    keys.push(("aws_security_token", Wanted::Kept));
                }
            }
            Credentials::None => {}
        }
        text(&mut keys, "region", &self.region);
        text(&mut keys, "output", &self.output);
        for (key, value) in &self.other {
            keys.push((key.trim(), Wanted::Value(value.trim())));
        }
        keys
    }
}

/// The keys no field stands for, in the order the files have them.
fn other_keys(profile: &Profile) -> Vec<(String, String)> {
    let mut other: Vec<(&String, &Setting)> = profile
        .settings
        .iter()
        .filter(|(key, _)| !FORM_KEYS.contains(&key.as_str()))
        .collect();
    other.sort_by_key(|(_, setting)| {
        (
            setting.origin.file == FileKind::Credentials,
            setting.origin.line,
        )
    });
    other
        .into_iter()
        .map(|(key, setting)| (key.clone(), setting.value.clone()))
        .collect()
}

/// `key` with the field's text, unless the field is empty.
fn text<'a>(keys: &mut Vec<(&'a str, Wanted<'a>)>, key: &'a str, value: &'a str) {
    let value = value.trim();
    if !value.is_empty() {
        keys.push((key, Wanted::Value(value)));
    }
}

/// A secret the person typed, or the one the files hold.
fn secret(typed: Option<&Secret>) -> Wanted<'_> {
    typed.map_or(Wanted::Kept, Wanted::Secret)
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
