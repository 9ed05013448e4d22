//! Whether the agent runs: the window asks first, and shows the problem with Retry
//! when the keychain could not be used at start.

use awning::messages::Language;
use awning::problem::Problem;
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::start::Startup;

#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StartupView {
    /// Why the agent does not run; `None` when it does.
    pub problem: Option<Problem>,
    /// The language the window speaks, known even when the agent does not run.
    pub language: Language,
}

#[tauri::command]
#[specta::specta]
pub async fn startup(startup: State<'_, Startup>) -> Result<StartupView, Problem> {
    Ok(StartupView {
        problem: startup.problem(),
        language: startup.language(),
    })
}

/// Tries to start the agent again (after the user unlocked the keychain, say).
#[tauri::command]
#[specta::specta]
pub async fn retry_startup(startup: State<'_, Startup>) -> Result<StartupView, Problem> {
    Ok(StartupView {
        problem: startup.retry().await.err(),
        language: startup.language(),
    })
}
