//! The Profiles page.

use std::sync::Arc;

use awning::agent::Agent;
use awning::manager::Mark;
use awning::problem::Problem;
use tauri::State;

use super::off_main_thread;
use super::profile_form::{ProfileFormView, ProfileWriteView};
use super::registries::FileChangeRow;
use super::views::{ProfileList, millis};

/// Every profile of the agent's config and credentials files (`AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/…`). Their sessions' states come with
/// `sessions`; the window joins them.
#[tauri::command]
#[specta::specta]
pub async fn list_profiles(agent: State<'_, Arc<Agent>>) -> Result<ProfileList, Problem> {
    let agent = Arc::clone(&agent);
    off_main_thread(move || {
        let listing = agent.profile_listing().map_err(|error| error.problem())?;
        Ok(ProfileList::from(listing))
    })
    .await
}

/// The form of the profile `name`, filled from the files (no secret).
#[tauri::command]
#[specta::specta]
pub async fn profile_form(
    agent: State<'_, Arc<Agent>>,
    name: String,
) -> Result<ProfileFormView, Problem> {
    let agent = Arc::clone(&agent);
    off_main_thread(move || {
        let form = agent.profile_form(&name).map_err(|error| error.problem())?;
        Ok(ProfileFormView::from(form))
    })
    .await
}

/// A profile write checked and previewed: each file's change, secrets masked.
#[derive(Debug, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfilePreviewView {
    pub id: u32,
    pub changes: Vec<FileChangeRow>,
}

#[tauri::command]
#[specta::specta]
pub async fn preview_profile_write(
    agent: State<'_, Arc<Agent>>,
    write: ProfileWriteView,
) -> Result<ProfilePreviewView, Problem> {
    let agent = Arc::clone(&agent);
    off_main_thread(move || {
        let preview = agent
            .preview_profile_write(write.into())
            .map_err(|error| error.problem())?;
        Ok(ProfilePreviewView {
            id: preview.id,
            changes: preview.changes.iter().map(FileChangeRow::from).collect(),
        })
    })
    .await
}

/// Writes the previewed change `id`; the files it changed, for Undo.
#[tauri::command]
#[specta::specta]
pub async fn apply_profile_write(
    agent: State<'_, Arc<Agent>>,
    id: u32,
) -> Result<Vec<String>, Problem> {
    let agent = Arc::clone(&agent);
    off_main_thread(move || {
        let changes = agent
            .apply_profile_write(id)
            .map_err(|error| error.problem())?;
        Ok(changed_files(&changes))
    })
    .await
}

/// Takes back the write that changed `files`.
#[tauri::command]
#[specta::specta]
pub async fn undo_profile_write(
    agent: State<'_, Arc<Agent>>,
    files: Vec<String>,
) -> Result<(), Problem> {
    let agent = Arc::clone(&agent);
    off_main_thread(move || {
        let files: Vec<std::path::PathBuf> = files.into_iter().map(Into::into).collect();
        agent
            .undo_profile_write(&files)
            .map(|_| ())
            .map_err(|error| error.problem())
    })
    .await
}

/// Moves the profile's access key into the keychain; the files it changed.
#[tauri::command]
#[specta::specta]
pub async fn import_access_key(
    agent: State<'_, Arc<Agent>>,
    profile: String,
) -> Result<Vec<String>, Problem> {
    let changes = agent
        .import_access_key(&profile)
        .await
        .map_err(|error| error.problem())?;
    Ok(changed_files(&changes))
}

/// Puts the profile's access key back in the credentials file; the files it changed.
#[tauri::command]
#[specta::specta]
pub async fn restore_access_key(
    agent: State<'_, Arc<Agent>>,
    profile: String,
) -> Result<Vec<String>, Problem> {
    let changes = agent
        .restore_access_key(&profile)
        .await
        .map_err(|error| error.problem())?;
    Ok(changed_files(&changes))
}

fn changed_files(changes: &[awning::config::Change]) -> Vec<String> {
    changes
        .iter()
        .map(|change| change.path.display().to_string())
        .collect()
}

/// What discovery found for a session, each role with the profile the template names
/// for it and the profile that covers it already.
#[derive(Debug, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredView {
    /// When IAM Identity Center was last asked, in milliseconds since the epoch.
    pub fetched_at: f64,
    pub roles: Vec<DiscoveredRoleView>,
}

#[derive(Debug, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredRoleView {
    pub account_id: String,
    pub account_name: Option<String>,
    pub role: String,
    pub planned: String,
    pub covered_by: Option<String>,
}

/// The accounts and roles of `session`: the kept listing, unless `fresh` (or none kept)
/// asks IAM Identity Center again.
#[tauri::command]
#[specta::specta]
pub async fn discovered_accounts(
    agent: State<'_, Arc<Agent>>,
    session: String,
    template: String,
    fresh: bool,
) -> Result<DiscoveredView, Problem> {
    let found = agent
        .discovered(&session, &template, fresh)
        .await
        .map_err(|error| error.problem())?;
    Ok(DiscoveredView {
        fetched_at: millis(found.fetched_at),
        roles: found
            .roles
            .into_iter()
            .map(|role| DiscoveredRoleView {
                account_id: role.account_id,
                account_name: role.account_name,
                role: role.role,
                planned: role.planned,
                covered_by: role.covered_by,
            })
            .collect(),
    })
}

/// Marks the profile: favourite, hidden, an environment tag (kept by Awning, never in
/// the AWS files).
#[tauri::command]
#[specta::specta]
pub async fn mark_profile(
    agent: State<'_, Arc<Agent>>,
    profile: String,
    mark: Mark,
) -> Result<(), Problem> {
    agent
        .mark_profile(&profile, mark)
        .map_err(|error| error.problem())
}
