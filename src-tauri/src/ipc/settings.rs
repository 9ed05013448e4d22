//! The Settings page.

use std::sync::Arc;

use awning::agent::{Agent, Settings};
use awning::problem::Problem;
use tauri::State;
use tauri_plugin_autostart::AutoLaunchManager;

use super::views::SettingsView;

#[tauri::command]
#[specta::specta]
pub async fn settings(agent: State<'_, Arc<Agent>>) -> Result<SettingsView, Problem> {
    Ok(view(&agent))
}

/// Saves the settings and turns start at login on or off with them: checked first,
/// then the login item switched, then the file saved — and the login item switched
/// back when saving fails, so the two never disagree.
#[tauri::command]
#[specta::specta]
pub async fn save_settings(
    autostart: State<'_, AutoLaunchManager>,
    agent: State<'_, Arc<Agent>>,
    settings: Settings,
) -> Result<SettingsView, Problem> {
    settings.check().map_err(|error| error.problem())?;
    let was_on = autostart.is_enabled().unwrap_or(false);
    switch(&autostart, settings.start_at_login)?;
    if let Err(error) = agent.set_settings(settings) {
        // Best effort: the failure to report is the save's.
        let _ = switch(&autostart, was_on);
        return Err(error.problem());
    }
    Ok(view(&agent))
}

fn switch(autostart: &AutoLaunchManager, on: bool) -> Result<(), Problem> {
    let switched = if on {
        autostart.enable()
    } else {
        autostart.disable()
    };
    switched.map_err(|error| Problem::StartAtLoginFailed {
        detail: error.to_string(),
    })
}

fn view(agent: &Agent) -> SettingsView {
    let settings = agent.settings();
    SettingsView {
        language: settings.language.resolve(),
        settings,
        problem: agent.settings_problem(),
    }
}
