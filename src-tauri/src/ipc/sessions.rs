//! The Sessions page: sign in, sign out, cancel, add and remove IAM Identity Center
//! sessions. Progress arrives as `sessions-changed` events.

use std::sync::Arc;

use awning::agent::Agent;
use awning::problem::Problem;
use awning::sso::{NewSsoSession, SignInOptions};
use tauri::State;

use super::off_main_thread;
use super::views::{SessionForm, SessionsView};

#[tauri::command]
#[specta::specta]
pub async fn sessions(agent: State<'_, Arc<Agent>>) -> Result<SessionsView, Problem> {
    Ok(SessionsView::from(&agent.snapshot()))
}

/// Starts the sign-in (or joins the one under way).
#[tauri::command]
#[specta::specta]
pub async fn sign_in(
    agent: State<'_, Arc<Agent>>,
    name: String,
    device_code: bool,
) -> Result<(), Problem> {
    let options = SignInOptions {
        device_code,
        ..SignInOptions::default()
    };
    agent
        .sign_in(&name, options)
        .map(drop)
        .map_err(|error| error.problem())
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_sign_in(agent: State<'_, Arc<Agent>>, name: String) -> Result<(), Problem> {
    agent.cancel_sign_in(&name);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn sign_out(agent: State<'_, Arc<Agent>>, name: String) -> Result<(), Problem> {
    agent
        .sign_out(&name)
        .await
        .map(drop)
        .map_err(|error| error.problem())
}

#[tauri::command]
#[specta::specta]
pub async fn add_session(agent: State<'_, Arc<Agent>>, form: SessionForm) -> Result<(), Problem> {
    let form = NewSsoSession {
        name: form.name,
        start_url: form.start_url,
        region: form.region,
        scopes: form.scopes,
    };
    let agent = Arc::clone(&agent);
    off_main_thread(move || agent.add_session(&form).map_err(|error| error.problem())).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_session(agent: State<'_, Arc<Agent>>, name: String) -> Result<(), Problem> {
    agent
        .remove_session(&name)
        .await
        .map_err(|error| error.problem())
}
