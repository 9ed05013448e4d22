//! The Sessions page: sign in, sign out, cancel, add and remove IAM Identity Center
//! sessions; console sign-ins, with the code of a remote one. Progress arrives as
//! `sessions-changed` events.

use std::sync::Arc;

use awning::agent::{Agent, SignInFor};
use awning::console::NewConsoleSignIn;
use awning::problem::{Problem, Thing};
use awning::sso::{NewSsoSession, SignInOptions};
use awning::vault::SessionKey;
use tauri::State;

use super::off_main_thread;
use super::views::{ConsoleForm, SessionForm, SessionsView};

#[tauri::command]
#[specta::specta]
pub async fn sessions(agent: State<'_, Arc<Agent>>) -> Result<SessionsView, Problem> {
    Ok(SessionsView::from(&agent.snapshot()))
}

/// The session a window row names (`sso-session:corp`, `login:arn:…`).
fn session_key(session: &str) -> Result<SessionKey, Problem> {
    SessionKey::parse(session).ok_or_else(|| Problem::NotFound {
        thing: Thing::StoredSession,
        name: session.to_owned(),
    })
}

/// Starts the sign-in (or joins the one under way). `device_code` is, for a console
/// session, the remote sign-in: approve on another device and paste the code here.
#[tauri::command]
#[specta::specta]
pub async fn sign_in(
    agent: State<'_, Arc<Agent>>,
    session: String,
    device_code: bool,
) -> Result<(), Problem> {
    let options = SignInOptions {
        device_code,
        ..SignInOptions::default()
    };
    agent
        .sign_in(&session_key(&session)?, options)
        .map(drop)
        .map_err(|error| error.problem())
}

/// Stops a sign-in under way: `sign_in` is a session or `new-console:PROFILE`.
#[tauri::command]
#[specta::specta]
pub async fn cancel_sign_in(agent: State<'_, Arc<Agent>>, sign_in: String) -> Result<(), Problem> {
    if let Some(slot) = SignInFor::parse(&sign_in) {
        agent.cancel_sign_in(&slot);
    }
    Ok(())
}

/// The code a remote console sign-in's confirmation page showed.
#[tauri::command]
#[specta::specta]
pub async fn submit_code(
    agent: State<'_, Arc<Agent>>,
    sign_in: String,
    code: String,
) -> Result<(), Problem> {
    let slot = SignInFor::parse(&sign_in).ok_or(Problem::SignInCancelled)?;
    agent
        .submit_code(&slot, &code)
        .map_err(|error| error.problem())
}

#[tauri::command]
#[specta::specta]
pub async fn sign_out(agent: State<'_, Arc<Agent>>, session: String) -> Result<(), Problem> {
    agent
        .sign_out(&session_key(&session)?)
        .await
        .map_err(|error| error.problem())
}

/// A first console sign-in for a profile; answers when it is done (the window shows
/// its progress from `sessions-changed` meanwhile).
#[tauri::command]
#[specta::specta]
pub async fn add_console_sign_in(
    agent: State<'_, Arc<Agent>>,
    form: ConsoleForm,
) -> Result<(), Problem> {
    let checked = NewConsoleSignIn {
        profile: form.profile,
        region: form.region,
    };
    agent
        .add_console_sign_in(&checked, form.remote)
        .await
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
