//! What `validate` finds, as codes from a closed set — worded by each catalogue, in the
//! CLI and in the window alike — and the fixes that are mechanical enough to make with
//! one click.

use serde::{Deserialize, Serialize};

use super::document::Document;
use super::edit::EditError;
use super::sections::{FileKind, SectionName};
use super::session_move::move_to_session;

/// One problem of a config file: where it is, what it is, and its one-click fix if it
/// has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
// Named apart from the engine's `Problem` where the window's types are generated.
#[serde(rename = "ConfigProblem", rename_all = "camelCase")]
pub struct Problem {
    /// 1-based line number.
    pub line: u32,
    /// The profile whose section holds the line, if any.
    pub profile: Option<String>,
    pub issue: Issue,
    pub fix: Option<Fix>,
}

/// A way of getting credentials that a profile names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    AssumeRole,
    WebIdentity,
    IdentityCenter,
    ConsoleLogin,
    CredentialProcess,
    AccessKeys,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "issue",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum Issue {
    /// Not a section, a key or a comment.
    UnparsedLine,
    /// The section appeared before, on line `first`; botocore refuses the file.
    RepeatedSection {
        header: String,
        first: u32,
    },
    /// A name the AWS SDK for Rust rejects; `suggestion` is one it accepts.
    BadProfileName {
        name: String,
        suggestion: String,
    },
    BadSessionName {
        name: String,
        suggestion: String,
    },
    /// `[name]` without `profile`: the tools ignore it in the config file.
    BareSection {
        name: String,
    },
    MalformedSection {
        text: String,
    },
    SessionMissingKey {
        session: String,
        key: String,
    },
    /// The key appeared before in the section, on line `first`.
    RepeatedKey {
        key: String,
        first: u32,
    },
    UnknownSession {
        profile: String,
        session: String,
        /// The session it most likely meant.
        near: Option<String>,
    },
    /// `sso_start_url` or `sso_region` beside `sso_session`.
    SsoKeyBesideSession {
        profile: String,
        key: String,
        session: String,
    },
    AccountWithoutRole {
        profile: String,
    },
    RoleWithoutAccount {
        profile: String,
    },
    /// `first` is the one the AWS SDK for Rust uses.
    SeveralSources {
        profile: String,
        sources: Vec<Source>,
        first: Source,
    },
    UnknownSourceProfile {
        profile: String,
        source: String,
    },
    /// `key = value # comment`: botocore reads the comment as part of the value, the
    /// AWS SDK for Rust does not.
    InlineComment {
        key: String,
    },
    /// An indented header: botocore reads it as a section, the AWS SDK for Rust does not.
    IndentedHeader {
        header: String,
    },
    /// `[ default ]`: botocore reads the name with its spaces.
    SpacedHeader {
        header: String,
    },
}

/// A fix a person can make with one click, previewed like any write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "fix",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum Fix {
    /// Renames the profile (references follow).
    RenameProfile {
        from: String,
        to: String,
    },
    RenameSession {
        from: String,
        to: String,
    },
    /// Drops the earlier of two lines setting `key` in the profile (the one the AWS SDK
    /// for Rust ignores).
    DropShadowed {
        profile: String,
        key: String,
        line: u32,
    },
    /// Points the profile's `sso_session` at the session it most likely meant.
    PointAtSession {
        profile: String,
        session: String,
    },
    /// Moves `key` out of the profile into its session (where the session lacks it).
    MoveIntoSession {
        profile: String,
        key: String,
        session: String,
    },
    /// Moves a legacy SSO profile onto `session` (created from its start URL and region
    /// where the config lacks it), so its sign-in renews silently.
    MoveToSession {
        profile: String,
        session: String,
    },
    /// Moves the inline comment of the 1-based `line` onto a line of its own above it.
    CommentOnOwnLine {
        line: u32,
    },
    /// Writes the header of the 1-based `line` as every SDK reads it alike.
    TidyHeader {
        line: u32,
    },
}

impl Fix {
    /// Makes the fix in the config file.
    pub fn apply(&self, document: &mut Document) -> Result<(), EditError> {
        let kind = FileKind::Config;
        let profile = |name: &str| SectionName::Profile(name.to_owned());
        match self {
            Self::RenameProfile { from, to } => document.rename_section(kind, &profile(from), to),
            Self::RenameSession { from, to } => {
                document.rename_section(kind, &SectionName::SsoSession(from.clone()), to)
            }
            Self::DropShadowed {
                profile: name,
                key,
                line,
            } => document.remove_key_line(kind, &profile(name), key, *line as usize),
            Self::PointAtSession {
                profile: name,
                session,
            } => document.set(kind, &profile(name), "sso_session", session),
            Self::MoveIntoSession {
                profile: name,
                key,
                session,
            } => {
                let section = SectionName::SsoSession(session.clone());
                let value = document.value(kind, &profile(name), key).map(str::to_owned);
                if let Some(value) = value
                    && document.value(kind, &section, key).is_none()
                {
                    document.set(kind, &section, key, &value)?;
                }
                document.unset(kind, &profile(name), key)
            }
            Self::MoveToSession {
                profile: name,
                session,
            } => move_to_session(document, name, session),
            Self::CommentOnOwnLine { line } => document.comment_on_own_line(*line as usize),
            Self::TidyHeader { line } => document.tidy_header(*line as usize),
        }
    }
}

#[cfg(test)]
#[path = "issues_tests.rs"]
mod tests;
