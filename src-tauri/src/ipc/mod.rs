//! The typed IPC surface between the web view and the engine's agent.
//!
//! Every command is a short adapter: call the agent, map its result to a view type
//! (`views`) and its failure to the engine's [`Problem`], a code from a closed set that
//! the window words from its own catalogue. One file per page of the window; the
//! TypeScript bindings in `ui/src/ipc/bindings.ts` are generated from this module (see
//! the `bindings_are_current` test).

mod activity;
mod events;
mod profile_form;
mod profile_use;
mod profiles;
mod registries;
mod sessions;
mod settings;
mod startup;
mod views;

use awning::problem::Problem;
use tauri::Runtime;
use tauri_specta::{Builder, collect_commands, collect_events};

pub use events::{SessionsChanged, forward_changes};
pub use profile_use::Clipboard;

/// Every command the web view may call, and the events it may hear.
pub fn commands<R: Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            profiles::list_profiles,
            profiles::profile_form,
            profiles::preview_profile_write,
            profiles::apply_profile_write,
            profiles::undo_profile_write,
            profiles::import_access_key,
            profiles::restore_access_key,
            profiles::discovered_accounts,
            profiles::mark_profile,
            profile_use::copy_profile_exports,
            profile_use::copy_credential_process_line,
            profile_use::profile_held_until,
            sessions::sessions,
            sessions::sign_in,
            sessions::cancel_sign_in,
            sessions::submit_code,
            sessions::sign_out,
            sessions::add_console_sign_in,
            sessions::add_session,
            sessions::remove_session,
            settings::settings,
            settings::save_settings,
            registries::registry_tools,
            registries::registry_domains,
            registries::registry_repositories,
            registries::preview_registry,
            registries::configure_registry,
            registries::undo_registry,
            activity::activity,
            startup::startup,
            startup::retry_startup,
        ])
        .events(collect_events![SessionsChanged, events::ActivityRecorded])
        // One type per view serves both directions.
        .disable_serde_phases()
}

/// Blocking work (file reads, config writes) off the main thread, which runs the GTK
/// loop; a task that panicked is an internal problem.
async fn off_main_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or(Err(Problem::Internal))
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
        commands::<tauri::Wry>()
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
}
