//! The main window. It is created hidden (see `tauri.conf.json`) and shown at start
//! unless Awning starts in the background. Closing it destroys it, web view and all, so
//! Awning idles in the tray at low memory; opening it again builds it afresh.

use std::sync::Arc;

use awning::agent::{Agent, Notice};
use awning::sso::SignInOptions;
use tauri::{AppHandle, Manager, Runtime};

const MAIN: &str = "main";

/// Brings the main window forward, building it from the config if it is gone.
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    let window = match app.get_webview_window(MAIN) {
        Some(window) => window,
        None => match rebuild_main(app) {
            Ok(window) => window,
            Err(error) => return tracing::warn!("could not open the window: {error}"),
        },
    };
    // Failures here leave the window as it was; nothing to recover.
    let _ = window.unminimize();
    let _ = window.show();
    let _ = window.set_focus();
}

fn rebuild_main<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<tauri::WebviewWindow<R>> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|window| window.label == MAIN)
        .ok_or(tauri::Error::WindowNotFound)?;
    tauri::WebviewWindowBuilder::from_config(app, config)?.build()
}

/// "Sign in" chosen on a notification: the sign-in starts and the window shows it.
pub fn sign_in_from_notice<R: Runtime>(app: &AppHandle<R>, notice: &Notice) {
    let agent = app.state::<Arc<Agent>>();
    if let Err(error) = agent.sign_in(&notice.session, SignInOptions::default()) {
        tracing::warn!("could not start the sign-in to {}: {error}", notice.session);
    }
    show_main(app);
}
