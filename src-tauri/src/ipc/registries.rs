//! The Package registries page: pick a profile, a domain and a repository from the
//! lists CodeArtifact gives, then configure a tool (after a preview of the change) or
//! undo it. The configured tools arrive with `sessions-changed`, so a renewal moves the
//! countdown without a reload.

use std::path::PathBuf;
use std::sync::Arc;

use awning::agent::{Agent, RegistryView};
use awning::codeartifact::tools::{Choices, Scope, Tool};
use awning::codeartifact::{FileChange, Repository, Request, TokenLifetime};
use awning::config;
use awning::problem::{Field, FieldProblem, FieldRule, Problem};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use super::views::millis;

/// A tool configured for a repository.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RegistryRow {
    /// What `undo_registry` takes.
    pub id: String,
    /// `npm`, `pip`, … as the command line names it.
    pub tool: String,
    pub domain: String,
    pub owner: Option<String>,
    pub repository: String,
    pub region: String,
    pub profile: String,
    /// The project folder, for project scope.
    pub project_dir: Option<String>,
    pub files: Vec<String>,
    /// When the token written last ends (ms since the epoch).
    pub expires_at: f64,
    /// When the app renews it.
    pub renews_at: f64,
    /// The session (`sso-session:corp`) whose sign-in the renewal waits for.
    pub waits_for: Option<String>,
}

impl From<&RegistryView> for RegistryRow {
    fn from(view: &RegistryView) -> Self {
        let connection = &view.connection;
        Self {
            id: connection.id.clone(),
            tool: connection.tool.name().to_owned(),
            domain: connection.repository.domain.clone(),
            owner: connection.repository.owner.clone(),
            repository: connection.repository.repository.clone(),
            region: connection.repository.region.clone(),
            profile: connection.profile.clone(),
            project_dir: match &connection.scope {
                Scope::User => None,
                Scope::Project(folder) => Some(folder.display().to_string()),
            },
            files: connection
                .files
                .iter()
                .map(|f| f.display().to_string())
                .collect(),
            expires_at: millis(connection.expires_at),
            renews_at: millis(
                connection
                    .expires_at
                    .checked_sub(connection.renew_before())
                    .unwrap_or(connection.expires_at),
            ),
            waits_for: view.waits_for.as_ref().map(|key| key.item_name()),
        }
    }
}

/// A tool the page offers, the ones found on this machine first.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ToolRow {
    pub tool: String,
    pub installed: bool,
    /// Whether it can leave the token out of a project folder.
    pub project_scope: bool,
    /// Whether it takes an npm scope (`namespace`).
    pub namespace: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DomainRow {
    pub name: String,
    pub owner: String,
}

/// What configuring a tool asks.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RegistryForm {
    pub tool: String,
    pub profile: String,
    pub region: String,
    pub domain: String,
    pub owner: Option<String>,
    pub repository: String,
    /// A project folder for project scope; none for the user's files.
    pub project_dir: Option<String>,
    pub namespace: Option<String>,
    pub keep_pypi: bool,
    pub duration_seconds: Option<u32>,
}

/// One file's change, as a unified diff with every token masked.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FileChangeRow {
    pub path: String,
    pub diff: String,
    pub creates: bool,
    pub removes: bool,
}

impl From<&config::Change> for FileChangeRow {
    fn from(change: &config::Change) -> Self {
        Self {
            path: change.path.display().to_string(),
            diff: change.unified_diff(),
            creates: change.before.is_empty(),
            removes: change.after.is_empty(),
        }
    }
}

impl From<&FileChange> for FileChangeRow {
    fn from(change: &FileChange) -> Self {
        Self {
            path: change.path.display().to_string(),
            diff: change.masked_diff(),
            creates: change.before.is_none(),
            removes: change.after.is_none(),
        }
    }
}

impl RegistryForm {
    fn request(&self) -> Result<Request, Problem> {
        let field = |field, rule| Problem::InvalidFields {
            fields: vec![FieldProblem { field, rule }],
        };
        // The window offers only the tools `registry_tools` names.
        let tool = Tool::parse(&self.tool).ok_or(Problem::Internal)?;
        let lifetime = match self.duration_seconds {
            None => TokenLifetime::ServiceDefault,
            Some(seconds) => {
                TokenLifetime::from_seconds(u64::from(seconds)).map_err(|problem| {
                    Problem::InvalidFields {
                        fields: vec![problem],
                    }
                })?
            }
        };
        let scope = match self.project_dir.as_deref().map(str::trim) {
            None => Scope::User,
            Some("") => return Err(field(Field::ProjectDir, FieldRule::Empty)),
            Some(folder) if !PathBuf::from(folder).is_absolute() => {
                return Err(field(Field::ProjectDir, FieldRule::NotAbsolute));
            }
            Some(folder) => Scope::Project(PathBuf::from(folder)),
        };
        Ok(Request {
            tool,
            repository: Repository {
                domain: self.domain.clone(),
                owner: self.owner.clone().filter(|owner| !owner.is_empty()),
                repository: self.repository.clone(),
                region: self.region.clone(),
            },
            profile: self.profile.clone(),
            lifetime,
            scope,
            choices: Choices {
                namespace: self.namespace.clone().filter(|ns| !ns.is_empty()),
                keep_pypi: self.keep_pypi,
            },
        })
    }
}

/// The tools, those on this machine's PATH first.
#[tauri::command]
#[specta::specta]
pub async fn registry_tools() -> Result<Vec<ToolRow>, Problem> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let on_path =
        |program: &str| std::env::split_paths(&path).any(|dir| dir.join(program).is_file());
    let mut tools: Vec<ToolRow> = Tool::ALL
        .iter()
        .map(|tool| ToolRow {
            tool: tool.name().to_owned(),
            installed: tool.programs().iter().any(|program| on_path(program)),
            project_scope: tool.project_scope(),
            namespace: tool.takes_namespace(),
        })
        .collect();
    // Stable: the catalogue's order within each group.
    tools.sort_by_key(|tool| !tool.installed);
    Ok(tools)
}

#[tauri::command]
#[specta::specta]
pub async fn registry_domains(
    agent: State<'_, Arc<Agent>>,
    profile: String,
    region: Option<String>,
) -> Result<Vec<DomainRow>, Problem> {
    let domains = agent
        .registry_domains(&profile, region.as_deref())
        .await
        .map_err(|error| error.problem())?;
    Ok(domains
        .into_iter()
        .map(|domain| DomainRow {
            name: domain.name,
            owner: domain.owner,
        })
        .collect())
}

/// The repositories' names.
#[tauri::command]
#[specta::specta]
pub async fn registry_repositories(
    agent: State<'_, Arc<Agent>>,
    profile: String,
    region: Option<String>,
    domain: String,
    owner: Option<String>,
) -> Result<Vec<String>, Problem> {
    let repositories = agent
        .registry_repositories(&profile, region.as_deref(), &domain, owner.as_deref())
        .await
        .map_err(|error| error.problem())?;
    Ok(repositories.into_iter().map(|r| r.name).collect())
}

/// What configuring would write, and what the person would paste into their build.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PreviewView {
    pub changes: Vec<FileChangeRow>,
    /// Gradle's repository block, for the build script Awning does not edit.
    pub snippet: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn preview_registry(
    agent: State<'_, Arc<Agent>>,
    form: RegistryForm,
) -> Result<PreviewView, Problem> {
    let preview = agent
        .preview_registry(&form.request()?)
        .await
        .map_err(|error| error.problem())?;
    Ok(PreviewView {
        changes: preview.changes.iter().map(FileChangeRow::from).collect(),
        snippet: preview.snippet,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn configure_registry(
    agent: State<'_, Arc<Agent>>,
    form: RegistryForm,
) -> Result<(), Problem> {
    agent
        .configure_registry(&form.request()?)
        .await
        .map(drop)
        .map_err(|error| error.problem())
}

#[tauri::command]
#[specta::specta]
pub async fn undo_registry(
    agent: State<'_, Arc<Agent>>,
    id: String,
) -> Result<Vec<FileChangeRow>, Problem> {
    let changes = agent
        .undo_registry(&id)
        .await
        .map_err(|error| error.problem())?;
    Ok(changes.iter().map(FileChangeRow::from).collect())
}
