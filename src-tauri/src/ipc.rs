//! The typed IPC surface between the web view and the engine's agent.
//!
//! Every command is a short adapter: call the agent, map its result to a view type and
//! its error to an [`IpcError`]. The TypeScript bindings in `ui/src/ipc/bindings.ts` are
//! generated from this module (see the `bindings_are_current` test).

use std::sync::Arc;
use std::time::SystemTime;

use awning::agent::{
    Agent, AgentError, NewSsoSession, SessionView, Settings, SignInProgress, Snapshot,
};
use awning::config::{self, Profile, ProfileKind};
use awning::sso::SignInOptions;
use awning::status::SessionState;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Manager, State};
use tauri_specta::{Builder, Event, collect_commands, collect_events};

/// Every command the web view may call, and the events it may hear.
pub fn commands() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            list_profiles,
            sessions,
            sign_in,
            cancel_sign_in,
            sign_out,
            add_session,
            remove_session,
            settings,
            save_settings
        ])
        .events(collect_events![SessionsChanged])
        // One type per view serves both directions.
        .disable_serde_phases()
}

/// Sends every change of the agent's snapshot to the web view, while there is one.
pub fn forward_changes(app: &AppHandle) {
    let agent = Arc::clone(&app.state::<Arc<Agent>>());
    let mut changes = agent.subscribe();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        while changes.changed().await.is_ok() {
            let view = SessionsView::from(&*changes.borrow_and_update());
            // No window means nobody listens; that is fine.
            let _ = SessionsChanged(view).emit(&app);
        }
    });
}

/// A failure the UI can act on: it switches on `code` and shows `message` as written.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    /// For `invalid-form`: what is wrong with each field.
    pub fields: Vec<FieldError>,
}

#[derive(Debug, Clone, Copy, Serialize, Type, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The config file exists but cannot be read, or is not text.
    ConfigUnreadable,
    /// Nothing tells where the config file is (no home folder, no `AWS_CONFIG_FILE`).
    ConfigNotLocated,
    /// A form field is not right; `fields` says which.
    InvalidForm,
    /// The config does not name that session (any more).
    NoSuchSession,
    /// Profiles still use the session.
    SessionInUse,
    /// IAM Identity Center, the keychain or the network failed; the message says which.
    SessionFailed,
    /// The settings could not be saved, or a value is out of range.
    Settings,
    /// A bug on our side, for example a task that panicked.
    Internal,
}

#[derive(Debug, Serialize, Type)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl IpcError {
    fn new(code: ErrorCode, error: impl std::fmt::Display) -> Self {
        Self {
            code,
            message: error.to_string(),
            fields: Vec::new(),
        }
    }
}

impl From<AgentError> for IpcError {
    fn from(error: AgentError) -> Self {
        let code = match &error {
            AgentError::Invalid(problems) => {
                return Self {
                    code: ErrorCode::InvalidForm,
                    message: error.to_string(),
                    fields: problems
                        .iter()
                        .map(|problem| FieldError {
                            field: problem.field.to_owned(),
                            message: problem.message.clone(),
                        })
                        .collect(),
                };
            }
            AgentError::ConfigFile(_) => ErrorCode::ConfigUnreadable,
            AgentError::ConfigPath(_) => ErrorCode::ConfigNotLocated,
            AgentError::NoSuchSession(_) | AgentError::Target(_) => ErrorCode::NoSuchSession,
            AgentError::SessionInUse { .. } => ErrorCode::SessionInUse,
            _ => ErrorCode::SessionFailed,
        };
        Self::new(code, error)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionsView {
    pub sessions: Vec<SessionRow>,
    pub config_problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionRow {
    pub name: String,
    pub state: SessionState,
    /// Milliseconds since the epoch, for the live countdown.
    pub expires_at: Option<f64>,
    pub renews_silently: bool,
    /// False when only the vault remembers it: it can be signed out, not in.
    pub configured: bool,
    pub sign_in: Option<SignInView>,
    pub problem: Option<String>,
}

/// A sign-in under way, as the window shows it.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SignInView {
    Starting,
    Browser {
        url: String,
        opened: bool,
    },
    Device {
        user_code: String,
        verification_uri: String,
        expires_at: f64,
        opened: bool,
    },
}

/// Sent whenever any session changes, and once a minute.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct SessionsChanged(pub SessionsView);

fn millis(at: SystemTime) -> f64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as f64
}

impl From<&Snapshot> for SessionsView {
    fn from(snapshot: &Snapshot) -> Self {
        Self {
            sessions: snapshot.sessions.iter().map(SessionRow::from).collect(),
            config_problem: snapshot.config_problem.clone(),
        }
    }
}

impl From<&SessionView> for SessionRow {
    fn from(session: &SessionView) -> Self {
        Self {
            name: session.name.clone(),
            state: session.status.state,
            expires_at: session.status.expires_at.map(millis),
            renews_silently: session.status.renews_silently,
            configured: session.configured,
            sign_in: session.sign_in.as_ref().map(|progress| match progress {
                SignInProgress::Starting => SignInView::Starting,
                SignInProgress::Browser { url, opened } => SignInView::Browser {
                    url: url.clone(),
                    opened: *opened,
                },
                SignInProgress::Device {
                    user_code,
                    verification_uri,
                    expires_at,
                    opened,
                } => SignInView::Device {
                    user_code: user_code.clone(),
                    verification_uri: verification_uri.clone(),
                    expires_at: millis(*expires_at),
                    opened: *opened,
                },
            }),
            problem: session.problem.clone(),
        }
    }
}

#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileList {
    /// The file the profiles were read from, to show the user where they live.
    pub config_file: String,
    pub profiles: Vec<ProfileView>,
}

#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    pub name: String,
    pub kind: ProfileKind,
    pub sso_session: Option<String>,
    pub region: Option<String>,
}

impl From<Profile> for ProfileView {
    fn from(profile: Profile) -> Self {
        Self {
            sso_session: profile.sso_session().map(str::to_owned),
            region: profile.region().map(str::to_owned),
            kind: profile.kind,
            name: profile.name,
        }
    }
}

/// The new sso-session form as the window sends it.
#[derive(Debug, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionForm {
    pub name: String,
    pub start_url: String,
    pub region: String,
    pub scopes: String,
}

/// The profiles of the AWS config file (`AWS_CONFIG_FILE`, else `~/.aws/config`). Their
/// sessions' states come with `sessions`; the window joins them.
#[tauri::command]
#[specta::specta]
async fn list_profiles() -> Result<ProfileList, IpcError> {
    // File reads stay off the main thread, which runs the GTK loop.
    tauri::async_runtime::spawn_blocking(read_profiles)
        .await
        .map_err(|error| IpcError::new(ErrorCode::Internal, error))?
}

fn read_profiles() -> Result<ProfileList, IpcError> {
    let path = config::config_file_path()
        .map_err(|error| IpcError::new(ErrorCode::ConfigNotLocated, error))?;
    let profiles = config::load_profiles(&path)
        .map_err(|error| IpcError::new(ErrorCode::ConfigUnreadable, error))?;
    Ok(ProfileList {
        config_file: path.display().to_string(),
        profiles: profiles.into_iter().map(ProfileView::from).collect(),
    })
}

#[tauri::command]
#[specta::specta]
async fn sessions(agent: State<'_, Arc<Agent>>) -> Result<SessionsView, IpcError> {
    Ok(SessionsView::from(&agent.snapshot()))
}

/// Starts the sign-in (or joins the one under way); progress arrives as events.
#[tauri::command]
#[specta::specta]
async fn sign_in(
    agent: State<'_, Arc<Agent>>,
    name: String,
    device_code: bool,
) -> Result<(), IpcError> {
    let options = SignInOptions {
        device_code,
        ..SignInOptions::default()
    };
    agent.sign_in(&name, options)?;
    Ok(())
}

#[tauri::command]
#[specta::specta]
async fn cancel_sign_in(agent: State<'_, Arc<Agent>>, name: String) -> Result<(), IpcError> {
    agent.cancel_sign_in(&name);
    Ok(())
}

#[tauri::command]
#[specta::specta]
async fn sign_out(agent: State<'_, Arc<Agent>>, name: String) -> Result<(), IpcError> {
    agent.sign_out(&name).await?;
    Ok(())
}

#[tauri::command]
#[specta::specta]
async fn add_session(agent: State<'_, Arc<Agent>>, form: SessionForm) -> Result<(), IpcError> {
    let form = NewSsoSession {
        name: form.name,
        start_url: form.start_url,
        region: form.region,
        scopes: form.scopes,
    };
    let agent = Arc::clone(&agent);
    tauri::async_runtime::spawn_blocking(move || agent.add_session(&form))
        .await
        .map_err(|error| IpcError::new(ErrorCode::Internal, error))??;
    Ok(())
}

#[tauri::command]
#[specta::specta]
async fn remove_session(agent: State<'_, Arc<Agent>>, name: String) -> Result<(), IpcError> {
    agent.remove_session(&name).await?;
    Ok(())
}

#[tauri::command]
#[specta::specta]
async fn settings(agent: State<'_, Arc<Agent>>) -> Result<Settings, IpcError> {
    Ok(agent.settings())
}

/// Saves the settings; start at login is turned on or off with them.
#[tauri::command]
#[specta::specta]
async fn save_settings(
    app: AppHandle,
    agent: State<'_, Arc<Agent>>,
    settings: Settings,
) -> Result<(), IpcError> {
    use tauri_plugin_autostart::ManagerExt;
    let autostart = app.autolaunch();
    let switched = if settings.start_at_login {
        autostart.enable()
    } else {
        autostart.disable()
    };
    switched.map_err(|error| IpcError::new(ErrorCode::Settings, error))?;
    agent
        .set_settings(settings)
        .map_err(|error| IpcError::new(ErrorCode::Settings, error))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BINDINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/ipc/bindings.ts");

    /// The committed TypeScript bindings match the Rust types. Run with
    /// `AWNING_UPDATE_BINDINGS=1` to rewrite them after changing this module.
    #[test]
    fn bindings_are_current() {
        let folder = tempfile::tempdir().unwrap();
        let generated = folder.path().join("bindings.ts");
        commands()
            .export(specta_typescript::Typescript::default(), &generated)
            .expect("exporting the bindings");
        let fresh = std::fs::read_to_string(&generated).unwrap();
        if std::env::var_os("AWNING_UPDATE_BINDINGS").is_some() {
            std::fs::write(BINDINGS, &fresh).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(BINDINGS).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/ipc/bindings.ts is stale: run \
             `AWNING_UPDATE_BINDINGS=1 cargo test -p awning-app bindings_are_current` and commit it"
        );
    }

    #[test]
    fn profiles_cross_the_boundary_in_camel_case_with_kebab_kinds() {
        let config = config::Document::parse(
            "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n",
        );
        let profile = config::ConfigView::read(&config, &config::Document::default())
            .profiles
            .remove(0);
        let view = ProfileView::from(profile);
        let json = serde_json::to_value(view).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"name": "dev", "kind": "sso-session", "ssoSession": "corp", "region": null})
        );
    }
}
