//! Using a profile from the window: its credentials copied as shell lines and its
//! `credential_process` line — both written to the clipboard by the app, so no secret
//! passes through the web view — and until when Awning holds its credentials.

use std::sync::Arc;

use awning::agent::Agent;
use awning::credentials::bridge::bridge_command;
use awning::credentials::export::{ExportFormat, Shell, export};
use awning::problem::Problem;
use serde::Deserialize;
use specta::Type;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

/// The system clipboard, for commands that are not generic over the runtime.
pub struct Clipboard(Box<dyn Fn(String) -> Result<(), String> + Send + Sync>);

impl Clipboard {
    pub fn of<R: Runtime>(app: AppHandle<R>) -> Self {
        Self(Box::new(move |text| {
            app.clipboard()
                .write_text(text)
                .map_err(|error| error.to_string())
        }))
    }

    pub fn copy(&self, text: String) -> Result<(), Problem> {
        (self.0)(text).map_err(|detail| Problem::ClipboardUnavailable { detail })
    }
}

use super::views::millis;

/// The shells whose lines the window copies.
#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum ShellView {
    /// bash, zsh and other POSIX shells: `export NAME=value`.
    Posix,
    PowerShell,
    Fish,
}

/// Copies the profile's credentials as `shell` lines to the clipboard. A profile whose
/// session needs a sign-in is refused with that code: the window offers the sign-in.
#[tauri::command]
#[specta::specta]
pub async fn copy_profile_exports(
    clipboard: State<'_, Clipboard>,
    agent: State<'_, Arc<Agent>>,
    profile: String,
    shell: ShellView,
) -> Result<(), Problem> {
    let credentials = agent
        .credentials_for_window(&profile)
        .await
        .map_err(|error| error.problem())?;
    let shell = match shell {
        ShellView::Posix => Shell::Env,
        ShellView::PowerShell => Shell::PowerShell,
        ShellView::Fish => Shell::Fish,
    };
    clipboard.copy(export(&credentials, ExportFormat::Shell(shell)))
}

/// Copies `credential_process = awning credential-process --profile NAME`.
#[tauri::command]
#[specta::specta]
pub async fn copy_credential_process_line(
    clipboard: State<'_, Clipboard>,
    profile: String,
) -> Result<(), Problem> {
    clipboard.copy(credential_process_line(&profile))
}

/// Until when Awning holds the profile's credentials (milliseconds since the epoch).
#[tauri::command]
#[specta::specta]
pub async fn profile_held_until(
    agent: State<'_, Arc<Agent>>,
    profile: String,
) -> Result<Option<f64>, Problem> {
    Ok(agent.credentials_held_until(&profile).map(millis))
}

/// The line SDKs run through a shell (the name quoted where a shell would split it).
fn credential_process_line(profile: &str) -> String {
    format!("credential_process = {}\n", bridge_command(profile))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_the_key_and_the_quoted_command() {
        assert_eq!(
            credential_process_line("old admin"),
            "credential_process = awning credential-process --profile 'old admin'\n"
        );
    }
}
