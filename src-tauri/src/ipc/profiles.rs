//! The Profiles page.

use awning::config;
use awning::problem::Problem;

use super::off_main_thread;
use super::views::{ProfileList, ProfileView};

/// The profiles of the AWS config file (`AWS_CONFIG_FILE`, else `~/.aws/config`). Their
/// sessions' states come with `sessions`; the window joins them.
#[tauri::command]
#[specta::specta]
pub async fn list_profiles() -> Result<ProfileList, Problem> {
    off_main_thread(|| {
        let path = config::config_file_path().map_err(|error| error.problem())?;
        let profiles = config::load_profiles(&path).map_err(|error| error.problem())?;
        Ok(ProfileList {
            config_file: path.display().to_string(),
            profiles: profiles.into_iter().map(ProfileView::from).collect(),
        })
    })
    .await
}
