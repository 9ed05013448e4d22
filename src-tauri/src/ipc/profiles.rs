//! The Profiles page.

use std::sync::Arc;

use awning::agent::Agent;
use awning::problem::Problem;
use tauri::State;

use super::off_main_thread;
use super::views::ProfileList;

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
