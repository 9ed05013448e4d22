//! Starting the agent: the vault, the engine, the clock and the CLI's socket.

use std::sync::Arc;

use awning::agent::{Agent, AwsFiles, scheduler};
use awning::sso::SsoEngine;
use awning::vault::Vault;
use tauri::AppHandle;

use crate::notify::DesktopNotifier;

/// The agent, with its clock and socket running on Tauri's runtime. Fails when the
/// keychain or the data folder cannot be used: Awning keeps no secret anywhere else.
pub fn agent(app: &AppHandle) -> Result<Arc<Agent>, Box<dyn std::error::Error>> {
    let data_dir = awning::paths::data_dir()?;
    let vault = tauri::async_runtime::block_on(Vault::from_env())?;
    let engine = SsoEngine::new(vault, data_dir.clone());
    let notifier = Arc::new(DesktopNotifier::new(app.clone()));
    let (agent, settings_problem) = Agent::new(engine, AwsFiles::from_env()?, data_dir, notifier);
    if let Some(problem) = settings_problem {
        eprintln!("Awning: {problem}");
    }
    tauri::async_runtime::spawn(scheduler::run(Arc::clone(&agent)));
    #[cfg(unix)]
    if let Some(path) = awning::agent::broker::socket_path() {
        let served = Arc::clone(&agent);
        tauri::async_runtime::spawn(async move {
            if let Err(error) = awning::agent::broker::serve(served, &path).await {
                eprintln!(
                    "Awning: the CLI cannot reach the app at {}: {error}",
                    path.display()
                );
            }
        });
    }
    Ok(agent)
}
