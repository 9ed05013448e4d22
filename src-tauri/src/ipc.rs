//! The typed IPC surface between the web view and the engine.
//!
//! Every command is a short adapter: call the engine, map its result to a view type and
//! its error to an [`IpcError`]. The TypeScript bindings in `ui/src/ipc/bindings.ts` are
//! generated from this module (see the `bindings_are_current` test).

use awning::config::{self, Profile, ProfileKind};
use serde::Serialize;
use specta::Type;
use tauri_specta::{Builder, collect_commands};

/// Every command the web view may call.
pub fn commands() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![list_profiles])
        // Values only flow out of Rust so far; one type per view is all the UI needs.
        .disable_serde_phases()
}

/// A failure the UI can act on: it switches on `code` and shows `message` as written.
#[derive(Debug, Serialize, Type)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, Copy, Serialize, Type, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The config file exists but cannot be read, or is not text.
    ConfigUnreadable,
    /// Nothing tells where the config file is (no home folder, no `AWS_CONFIG_FILE`).
    ConfigNotLocated,
    /// A bug on our side, for example a task that panicked.
    Internal,
}

impl IpcError {
    fn new(code: ErrorCode, error: impl std::fmt::Display) -> Self {
        Self {
            code,
            message: error.to_string(),
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

/// The profiles of the AWS config file (`AWS_CONFIG_FILE`, else `~/.aws/config`).
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
