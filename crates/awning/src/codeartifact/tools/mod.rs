//! What each package manager needs written, per scope: a [`Plan`] of file edits, each a
//! list of [`Change`]s in the tool's own terms. Plans are pure — the machine, the
//! repository's endpoint and the person's choices in, edits out — and hold the token
//! only as [`TOKEN`], filled in when written, so a plan can be shown, remembered and
//! replayed with the next token.

mod machine;
mod npm;
mod python;

use std::path::PathBuf;

use aws_sdk_codeartifact::types::PackageFormat;
use serde::{Deserialize, Serialize};

pub use machine::{Machine, Os};

/// Where the token goes in an entry; never in any file as such.
pub const TOKEN: &str = "\u{1}token\u{1}";

/// A package manager Awning configures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tool {
    Npm,
    Pnpm,
    /// Yarn 1 (classic), which reads `.npmrc`.
    Yarn,
    Pip,
    Twine,
}

impl Tool {
    pub const ALL: [Self; 5] = [Self::Npm, Self::Pnpm, Self::Yarn, Self::Pip, Self::Twine];

    /// The name on the command line (`--tool npm`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Npm => "npm",
            Self::Pnpm => "pnpm",
            Self::Yarn => "yarn",
            Self::Pip => "pip",
            Self::Twine => "twine",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|tool| tool.name().eq_ignore_ascii_case(name))
    }

    /// The package format of the repository endpoint the tool is pointed at.
    pub fn format(self) -> PackageFormat {
        match self {
            Self::Npm | Self::Pnpm | Self::Yarn => PackageFormat::Npm,
            Self::Pip | Self::Twine => PackageFormat::Pypi,
        }
    }

    /// The programs that tell the tool is installed.
    pub fn programs(self) -> &'static [&'static str] {
        match self {
            Self::Npm => &["npm"],
            Self::Pnpm => &["pnpm"],
            Self::Yarn => &["yarn"],
            Self::Pip => &["pip", "pip3"],
            Self::Twine => &["twine"],
        }
    }
}

/// Which files get the settings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "folder")]
pub enum Scope {
    /// The tool's user-level file, as `aws codeartifact login` does.
    User,
    /// A project folder: it gets only what may be committed; the token goes to the
    /// user-level file, keyed by the registry.
    Project(PathBuf),
}

/// The person's choices beyond the repository.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Choices {
    /// npm's `@scope` (`--namespace`): only the scope's packages come from the
    /// repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// pip: add the repository beside PyPI (`extra-index-url`) instead of replacing it.
    #[serde(default)]
    pub keep_pypi: bool,
}

/// One change to one file, in the file's own terms.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Change {
    /// `[name]` exists.
    Section { name: String },
    /// `key`'s entry reads `entry` (which may hold [`TOKEN`]).
    Entry {
        section: Option<String>,
        key: String,
        entry: String,
    },
    /// `key`'s list holds `item`, found by `marker` (which never holds the token).
    Item {
        section: Option<String>,
        key: String,
        item: String,
        marker: String,
    },
}

impl Change {
    fn entry(section: Option<&str>, key: &str, entry: String) -> Self {
        Self::Entry {
            section: section.map(str::to_owned),
            key: key.to_owned(),
            entry,
        }
    }

    fn section(name: &str) -> Self {
        Self::Section {
            name: name.to_owned(),
        }
    }

    /// Whether the change puts the token in the file.
    pub fn holds_token(&self) -> bool {
        match self {
            Self::Section { .. } => false,
            Self::Entry { entry, .. } => entry.contains(TOKEN),
            Self::Item { item, .. } => item.contains(TOKEN),
        }
    }
}

/// The changes to one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileEdit {
    pub path: PathBuf,
    pub changes: Vec<Change>,
}

impl FileEdit {
    pub fn holds_token(&self) -> bool {
        self.changes.iter().any(Change::holds_token)
    }
}

/// Everything one tool needs written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub edits: Vec<FileEdit>,
}

/// Why a tool cannot be configured as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("{} keeps the token beside the registry in one file, so it has no project scope that leaves the token out", .0.name())]
    NoProjectScope(Tool),
    #[error("--namespace is only for npm, pnpm and yarn, not {}", .0.name())]
    NamespaceUnsupported(Tool),
    #[error("{0} is not an npm scope (URL-safe characters, no leading dot or underscore)")]
    BadNamespace(String),
}

/// The plan for `tool` pointed at `endpoint` (the repository's URL for its format).
pub fn plan(
    tool: Tool,
    endpoint: &str,
    machine: &Machine,
    scope: &Scope,
    choices: &Choices,
) -> Result<Plan, PlanError> {
    if choices.namespace.is_some() && tool.format() != PackageFormat::Npm {
        return Err(PlanError::NamespaceUnsupported(tool));
    }
    let edits = match tool {
        Tool::Npm | Tool::Pnpm | Tool::Yarn => npm::edits(tool, endpoint, machine, scope, choices)?,
        Tool::Pip | Tool::Twine => match scope {
            Scope::User => python::edits(tool, endpoint, machine, choices),
            Scope::Project(_) => return Err(PlanError::NoProjectScope(tool)),
        },
    };
    Ok(Plan { edits })
}

/// `host/path/` of an endpoint: how npm and netrc-style keys name a registry.
fn host_and_path(endpoint: &str) -> &str {
    endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest)
}

#[cfg(test)]
#[path = "tools_tests.rs"]
mod tests;
