//! What each package manager needs written, per scope: a [`Plan`] of file edits, each a
//! list of [`Change`]s in the tool's own terms. Plans are pure — the machine, the
//! repository's endpoint and the person's choices in, edits out — and hold the token
//! only as [`TOKEN`], filled in when written, so a plan can be shown, remembered and
//! replayed with the next token.

mod cargo;
mod gradle;
mod machine;
mod maven;
mod npm;
mod nuget;
mod poetry;
mod python;
mod uv;
mod yarn_berry;

use std::path::PathBuf;

use aws_sdk_codeartifact::types::PackageFormat;
use serde::{Deserialize, Serialize};

use super::repository::Repository;

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
    /// Yarn 2 and later, which read `.yarnrc.yml` only.
    YarnBerry,
    Pip,
    Twine,
    Uv,
    Poetry,
    Maven,
    Gradle,
    /// NuGet and `dotnet`, which read the same `NuGet.Config`.
    Nuget,
    Cargo,
}

impl Tool {
    pub const ALL: [Self; 12] = [
        Self::Npm,
        Self::Pnpm,
        Self::Yarn,
        Self::YarnBerry,
        Self::Pip,
        Self::Uv,
        Self::Poetry,
        Self::Twine,
        Self::Maven,
        Self::Gradle,
        Self::Nuget,
        Self::Cargo,
    ];

    /// The name on the command line (`--tool npm`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Npm => "npm",
            Self::Pnpm => "pnpm",
            Self::Yarn => "yarn",
            Self::YarnBerry => "yarn-berry",
            Self::Pip => "pip",
            Self::Twine => "twine",
            Self::Uv => "uv",
            Self::Poetry => "poetry",
            Self::Maven => "maven",
            Self::Gradle => "gradle",
            Self::Nuget => "nuget",
            Self::Cargo => "cargo",
        }
    }

    /// Other names a tool answers to: the AWS CLI's (`dotnet`), its program's (`mvn`).
    pub const ALIASES: [(&'static str, Self); 2] = [("dotnet", Self::Nuget), ("mvn", Self::Maven)];

    /// The tool by its name or an alias.
    pub fn parse(name: &str) -> Option<Self> {
        let names = Self::ALL.map(|tool| (tool.name(), tool));
        names
            .iter()
            .chain(&Self::ALIASES)
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, tool)| *tool)
    }

    /// The package format of the repository endpoint the tool is pointed at.
    pub fn format(self) -> PackageFormat {
        match self {
            Self::Npm | Self::Pnpm | Self::Yarn | Self::YarnBerry => PackageFormat::Npm,
            Self::Pip | Self::Twine | Self::Uv | Self::Poetry => PackageFormat::Pypi,
            Self::Maven | Self::Gradle => PackageFormat::Maven,
            Self::Nuget => PackageFormat::Nuget,
            Self::Cargo => PackageFormat::Cargo,
        }
    }

    /// Whether the tool can leave the token out of a project folder.
    pub fn project_scope(self) -> bool {
        match self {
            // Cargo's file holds no token at all: it asks Awning for one; uv's is in
            // ~/.netrc, Poetry's in its auth.toml, NuGet's in the user's NuGet.Config.
            Self::Npm
            | Self::Pnpm
            | Self::Yarn
            | Self::YarnBerry
            | Self::Uv
            | Self::Poetry
            | Self::Nuget
            | Self::Cargo => true,
            // Gradle's token would be in the project's gradle.properties; Maven reads
            // repositories beside their servers only from settings.xml, and a project's
            // pom.xml is a build file Awning does not edit.
            Self::Pip | Self::Twine | Self::Maven | Self::Gradle => false,
        }
    }

    /// Whether `--namespace` (an npm scope) applies.
    pub fn takes_namespace(self) -> bool {
        self.format() == PackageFormat::Npm
    }

    /// The programs that tell the tool is installed.
    pub fn programs(self) -> &'static [&'static str] {
        match self {
            Self::Npm => &["npm"],
            Self::Pnpm => &["pnpm"],
            // Both Yarns answer to `yarn`; which one a project uses, its files say.
            Self::Yarn | Self::YarnBerry => &["yarn"],
            Self::Pip => &["pip", "pip3"],
            Self::Twine => &["twine"],
            Self::Uv => &["uv"],
            Self::Poetry => &["poetry"],
            Self::Maven => &["mvn"],
            Self::Gradle => &["gradle"],
            Self::Nuget => &["dotnet", "nuget"],
            Self::Cargo => &["cargo"],
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
    /// The TOML table at `path` exists (see `toml_doc::TablePath`).
    TomlTable { path: Vec<String> },
    /// `key` of the TOML table at `path` holds `value` (TOML).
    TomlValue {
        path: Vec<String>,
        key: String,
        value: String,
    },
    /// The YAML value at the path of keys holds `value` (YAML).
    YamlValue { path: Vec<String>, value: String },
    /// The XML element at `path` exists and, with a `value`, reads it: as its text, or
    /// as the attribute a last `@NAME` step names (see `xml_doc`).
    XmlElement {
        path: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<String>,
    },
}

impl Change {
    fn yaml_value(path: &[&str], value: String) -> Self {
        Self::YamlValue {
            path: path.iter().map(|key| (*key).to_owned()).collect(),
            value,
        }
    }

    fn xml_element(path: &[&str], value: Option<String>) -> Self {
        Self::XmlElement {
            path: path.iter().map(|step| (*step).to_owned()).collect(),
            value,
        }
    }

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

    fn toml_table(path: &[&str]) -> Self {
        Self::TomlTable {
            path: path.iter().map(|segment| (*segment).to_owned()).collect(),
        }
    }

    fn toml_value(path: &[&str], key: &str, value: String) -> Self {
        Self::TomlValue {
            path: path.iter().map(|segment| (*segment).to_owned()).collect(),
            key: key.to_owned(),
            value,
        }
    }

    /// Whether the change puts the token in the file.
    pub fn holds_token(&self) -> bool {
        match self {
            Self::Section { .. } | Self::TomlTable { .. } => false,
            Self::Entry { entry, .. } => entry.contains(TOKEN),
            Self::Item { item, .. } => item.contains(TOKEN),
            Self::TomlValue { value, .. } | Self::YamlValue { value, .. } => value.contains(TOKEN),
            Self::XmlElement { value, .. } => value.as_deref().is_some_and(|v| v.contains(TOKEN)),
        }
    }

    /// What part of the file the change is about, whatever it writes there.
    pub fn place(&self) -> String {
        match self {
            Self::Section { name } => format!("section {name}"),
            Self::Entry { section, key, .. } => format!("entry {section:?} {key}"),
            Self::Item {
                section,
                key,
                marker,
                ..
            } => format!("item {section:?} {key} {marker}"),
            Self::TomlTable { path } => format!("table {path:?}"),
            Self::TomlValue { path, key, .. } => format!("value {path:?} {key}"),
            Self::YamlValue { path, .. } => format!("yaml {path:?}"),
            Self::XmlElement { path, .. } => format!("xml {path:?}"),
        }
    }

    /// The change with `token` in its slot.
    pub fn rendered(&self, token: &crate::vault::Secret) -> Self {
        let fill = |text: &String| text.replace(TOKEN, token.expose());
        match self {
            Self::Section { .. } | Self::TomlTable { .. } => self.clone(),
            Self::Entry {
                section,
                key,
                entry,
            } => Self::Entry {
                section: section.clone(),
                key: key.clone(),
                entry: fill(entry),
            },
            Self::Item {
                section,
                key,
                item,
                marker,
            } => Self::Item {
                section: section.clone(),
                key: key.clone(),
                item: fill(item),
                marker: marker.clone(),
            },
            Self::TomlValue { path, key, value } => Self::TomlValue {
                path: path.clone(),
                key: key.clone(),
                value: fill(value),
            },
            Self::YamlValue { path, value } => Self::YamlValue {
                path: path.clone(),
                value: fill(value),
            },
            Self::XmlElement { path, value } => Self::XmlElement {
                path: path.clone(),
                value: value.as_ref().map(fill),
            },
        }
    }
}

/// How a tool's file is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `.npmrc`, `pip.conf`, `.pypirc`: key-value lines (see `lines`).
    #[default]
    Ini,
    /// `~/.netrc`: a line per machine.
    Netrc,
    Toml,
    /// `.yarnrc.yml`: block mappings (see `yaml_doc`).
    Yaml,
    /// Maven's `settings.xml`, `NuGet.Config`: XML with this root element (see
    /// `xml_doc`).
    Xml(XmlRoot),
}

/// The root element of an XML file Awning edits; a file with another is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum XmlRoot {
    Settings,
    Configuration,
}

impl XmlRoot {
    pub fn name(self) -> &'static str {
        match self {
            Self::Settings => "settings",
            Self::Configuration => "configuration",
        }
    }
}

/// The changes to one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileEdit {
    pub path: PathBuf,
    #[serde(default)]
    pub format: Format,
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
    /// What the person pastes into their build, where Awning edits no file (Gradle's
    /// repository block).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
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
    #[error("{} keeps its sources in a project's pyproject.toml: choose the project's folder", .0.name())]
    NeedsProject(Tool),
    /// Cargo runs its credential provider split at spaces.
    #[error("profile {0:?} holds a space, which Cargo's credential provider cannot pass on")]
    SpacedProfile(String),
}

/// The repository a plan points a tool at, and whose identity gets its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The repository's URL for the tool's format.
    pub endpoint: String,
    pub repository: Repository,
    pub profile: String,
}

impl Target {
    /// `acme-packages`: how the tools' files name the repository (Cargo's
    /// `registry = "…"`, uv's `--index`).
    pub fn name(&self) -> String {
        format!("{}-{}", self.repository.domain, self.repository.repository)
            .to_ascii_lowercase()
            .replace(
                |c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_',
                "-",
            )
    }
}

/// The plan for `tool` pointed at `target`.
pub fn plan(
    tool: Tool,
    target: &Target,
    machine: &Machine,
    scope: &Scope,
    choices: &Choices,
) -> Result<Plan, PlanError> {
    if choices.namespace.is_some() && !tool.takes_namespace() {
        return Err(PlanError::NamespaceUnsupported(tool));
    }
    if matches!(scope, Scope::Project(_)) && !tool.project_scope() {
        return Err(PlanError::NoProjectScope(tool));
    }
    let endpoint = &target.endpoint;
    let edits = match tool {
        Tool::Npm | Tool::Pnpm | Tool::Yarn => npm::edits(tool, endpoint, machine, scope, choices)?,
        Tool::YarnBerry => yarn_berry::edits(endpoint, machine, scope, choices)?,
        Tool::Pip | Tool::Twine => python::edits(tool, endpoint, machine, choices),
        Tool::Uv => uv::edits(target, machine, scope, choices),
        Tool::Poetry => poetry::edits(target, machine, scope, choices)?,
        Tool::Maven => maven::edits(target, machine),
        Tool::Gradle => gradle::edits(target, machine),
        Tool::Nuget => nuget::edits(target, machine, scope),
        Tool::Cargo => cargo::edits(target, machine, scope)?,
    };
    let snippet = (tool == Tool::Gradle).then(|| gradle::snippet(target));
    Ok(Plan { edits, snippet })
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
