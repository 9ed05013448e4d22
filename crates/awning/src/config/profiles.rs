//! The typed view of the config and credentials files, read the way the AWS SDKs read
//! them, and saying which line wins where a key is repeated.

use std::collections::BTreeMap;
use std::path::Path;

use super::document::{Document, LineKind};
use super::file::{ConfigFile, FileError};
use super::section_header::SectionHeader;
use super::sections::{FileKind, SectionSpan, readable_spans};

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

/// Where a line is: which file, which 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub file: FileKind,
    pub line: usize,
}

/// One key as the SDKs read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub value: String,
    /// The line that wins: the last one, and the credentials file over the config file.
    pub origin: Origin,
    /// Earlier lines setting the same key, which the winner overrides.
    pub shadowed: Vec<Origin>,
    /// Indented keys under an empty value (`s3 =`, blocks of `[services NAME]`).
    pub nested: BTreeMap<String, String>,
}

/// A section's keys, lowercased as the SDKs compare them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SectionKeys(BTreeMap<String, Setting>);

impl SectionKeys {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.setting(key)
            .map(|setting| setting.value.as_str())
            .filter(|value| !value.is_empty())
    }

    pub fn setting(&self, key: &str) -> Option<&Setting> {
        self.0.get(&key.to_ascii_lowercase())
    }

    /// Every key (lowercased) with its setting.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Setting)> {
        self.0.iter()
    }

    /// Where each key's winning line is.
    pub fn origins(&self) -> impl Iterator<Item = Origin> + '_ {
        self.0.values().map(|setting| setting.origin)
    }

    /// Sets `key`, recording the lines of any earlier value it overrides.
    fn insert(&mut self, key: String, mut setting: Setting) {
        if let Some(older) = self.0.remove(&key) {
            setting
                .shadowed
                .splice(0..0, older.shadowed.into_iter().chain([older.origin]));
        }
        self.0.insert(key, setting);
    }

    fn merge(&mut self, newer: SectionKeys) {
        for (key, setting) in newer.0 {
            self.insert(key, setting);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub kind: ProfileKind,
    /// Where the profile is first defined.
    pub origin: Origin,
    pub settings: SectionKeys,
}

impl Profile {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.settings.get(key)
    }

    pub fn sso_session(&self) -> Option<&str> {
        self.get("sso_session")
    }

    pub fn region(&self) -> Option<&str> {
        self.get("region")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoSession {
    pub name: String,
    pub origin: Origin,
    pub settings: SectionKeys,
}

impl SsoSession {
    pub fn start_url(&self) -> Option<&str> {
        self.settings.get("sso_start_url")
    }

    pub fn region(&self) -> Option<&str> {
        self.settings.get("sso_region")
    }

    /// `sso_registration_scopes`, split on commas, trimmed, empty entries dropped.
    pub fn scopes(&self) -> Vec<&str> {
        self.settings
            .get("sso_registration_scopes")
            .map_or_else(Vec::new, |scopes| {
                scopes
                    .split(',')
                    .map(str::trim)
                    .filter(|scope| !scope.is_empty())
                    .collect()
            })
    }
}

/// A `[services NAME]` block: per-service settings, nested under each service name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Services {
    pub name: String,
    pub origin: Origin,
    pub settings: SectionKeys,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error(
        "profile {profile} takes credentials from profile `{source_name}`, which does not exist"
    )]
    Missing {
        profile: String,
        source_name: String,
    },
    #[error("profiles take credentials from each other in a circle: {}", .0.join(" → "))]
    Cycle(Vec<String>),
}

/// Everything the two files define, merged as the SDKs merge them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigView {
    pub profiles: Vec<Profile>,
    pub sso_sessions: Vec<SsoSession>,
    pub services: Vec<Services>,
}

impl ConfigView {
    pub fn read(config: &Document, credentials: &Document) -> Self {
        let mut view = Self::default();
        let mut profiles: Vec<(String, Origin, SectionKeys)> = Vec::new();
        for (kind, document) in [
            (FileKind::Config, config),
            (FileKind::Credentials, credentials),
        ] {
            for Found {
                name,
                section,
                origin,
                settings,
            } in sections(document, kind)
            {
                match section {
                    Section::Profile => merge_into(&mut profiles, name, origin, settings),
                    Section::SsoSession => {
                        view.sso_sessions.push(SsoSession {
                            name,
                            origin,
                            settings,
                        });
                    }
                    Section::Services => view.services.push(Services {
                        name,
                        origin,
                        settings,
                    }),
                }
            }
        }
        view.profiles = profiles
            .into_iter()
            .map(|(name, origin, settings)| Profile {
                kind: kind_of(&settings),
                name,
                origin,
                settings,
            })
            .collect();
        view
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|profile| profile.name == name)
    }

    pub fn sso_session(&self, name: &str) -> Option<&SsoSession> {
        self.sso_sessions
            .iter()
            .find(|session| session.name == name)
    }

    /// `name` and the profiles it takes credentials from through `source_profile`, in
    /// order. A profile naming itself (a role assumed with its own keys) ends the chain.
    pub fn source_chain(&self, name: &str) -> Result<Vec<&Profile>, ChainError> {
        let mut chain: Vec<&Profile> = Vec::new();
        let mut wanted = name;
        loop {
            let Some(profile) = self.profile(wanted) else {
                let profile = chain.last().map_or(name, |last| last.name.as_str());
                return Err(ChainError::Missing {
                    profile: profile.to_owned(),
                    source_name: wanted.to_owned(),
                });
            };
            if chain.iter().any(|seen| seen.name == profile.name) {
                let mut names: Vec<String> = chain.iter().map(|p| p.name.clone()).collect();
                names.push(profile.name.clone());
                return Err(ChainError::Cycle(names));
            }
            chain.push(profile);
            match profile.get("source_profile") {
                Some(next) if next != profile.name => wanted = next,
                _ => return Ok(chain),
            }
        }
    }
}

/// The profiles of the config file at `path`, in the order they first appear. A missing
/// file has no profiles; that is not an error.
pub fn load_profiles(path: &Path) -> Result<Vec<Profile>, FileError> {
    let config = ConfigFile::new(path, FileKind::Config).read()?;
    Ok(ConfigView::read(&config, &Document::default()).profiles)
}

enum Section {
    Profile,
    SsoSession,
    Services,
}

/// One section occurrence found in a file.
struct Found {
    name: String,
    section: Section,
    origin: Origin,
    settings: SectionKeys,
}

/// The sections a file of `kind` defines, in order, with each occurrence's settings.
fn sections(document: &Document, kind: FileKind) -> Vec<Found> {
    readable_spans(document, kind)
        .iter()
        .filter_map(|(span, header)| {
            let (name, section) = match (header, kind) {
                (SectionHeader::Profile { name, .. }, FileKind::Config) => {
                    (name.clone(), Section::Profile)
                }
                (
                    SectionHeader::Profile {
                        name,
                        bare_default: true,
                    },
                    FileKind::Credentials,
                )
                | (SectionHeader::Bare(name), FileKind::Credentials) => {
                    (name.clone(), Section::Profile)
                }
                (SectionHeader::SsoSession(name), FileKind::Config) => {
                    (name.clone(), Section::SsoSession)
                }
                (SectionHeader::Services(name), FileKind::Config) => {
                    (name.clone(), Section::Services)
                }
                _ => return None,
            };
            let origin = Origin {
                file: kind,
                line: span.header + 1,
            };
            Some(Found {
                name,
                section,
                origin,
                settings: settings_of(document, span, kind),
            })
        })
        .collect()
}

/// Repeated occurrences of a profile merge; later keys win.
fn merge_into(
    profiles: &mut Vec<(String, Origin, SectionKeys)>,
    name: String,
    origin: Origin,
    settings: SectionKeys,
) {
    match profiles.iter_mut().find(|(existing, ..)| *existing == name) {
        Some((_, _, merged)) => merged.merge(settings),
        None => profiles.push((name, origin, settings)),
    }
}

fn settings_of(document: &Document, span: &SectionSpan, file: FileKind) -> SectionKeys {
    let mut settings = SectionKeys::default();
    let mut parent: Option<String> = None;
    for index in span.lines.clone() {
        match document.lines()[index].kind() {
            LineKind::Property { key, value } => {
                let key = key.to_ascii_lowercase();
                let origin = Origin {
                    file,
                    line: index + 1,
                };
                let setting = Setting {
                    value: value.clone(),
                    origin,
                    shadowed: Vec::new(),
                    nested: BTreeMap::new(),
                };
                settings.insert(key.clone(), setting);
                parent = value.is_empty().then_some(key);
            }
            LineKind::SubProperty { key, value } => {
                if let Some(setting) = parent.as_ref().and_then(|key| settings.0.get_mut(key)) {
                    setting
                        .nested
                        .insert(key.to_ascii_lowercase(), value.clone());
                }
            }
            _ => {}
        }
    }
    settings
}

fn kind_of(settings: &SectionKeys) -> ProfileKind {
    let has = |key: &str| settings.get(key).is_some();
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
#[path = "profiles_tests.rs"]
mod tests;
