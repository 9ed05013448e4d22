//! The main window. It is built from `tauri.conf.json` (`create: false`) when first
//! shown — at start, unless Awning starts in the background, so a start at login runs no
//! web view. Closing it destroys it, web view and all, so Awning idles in the tray at low
//! memory; opening it again builds it afresh.

use std::sync::Arc;

use awning::agent::{Agent, Notice};
use awning::sso::SignInOptions;
use tauri::{AppHandle, Manager, Runtime};

const MAIN: &str = "main";

/// Brings the main window forward, building it from the config if there is none.
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

/// Under WebDriver (tauri-driver sets `TAURI_WEBVIEW_AUTOMATION`) the driver attaches to
/// a web view at start, so one must exist: the window is built then, hidden. A start in
/// the background outside the end-to-end tests builds none (the package test checks it).
pub fn build_for_webdriver<R: Runtime>(app: &AppHandle<R>) {
    if std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() != Ok("true") {
        return;
    }
    if let Err(error) = main_builder(app).and_then(|builder| builder.visible(false).build()) {
        tracing::warn!("could not build the window for WebDriver: {error}");
    }
}

fn rebuild_main<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<tauri::WebviewWindow<R>> {
    main_builder(app)?.build()
}

fn main_builder<R: Runtime>(
    app: &AppHandle<R>,
) -> tauri::Result<tauri::WebviewWindowBuilder<'_, R, AppHandle<R>>> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|window| window.label == MAIN)
        .ok_or(tauri::Error::WindowNotFound)?;
    tauri::WebviewWindowBuilder::from_config(app, config)
}

/// "Sign in" chosen on a notification: the sign-in starts and the window shows it.
pub fn sign_in_from_notice<R: Runtime>(app: &AppHandle<R>, notice: &Notice) {
    let agent = app.state::<Arc<Agent>>();
    if let Err(error) = agent.sign_in(&notice.session, SignInOptions::default()) {
        tracing::warn!("could not start the sign-in to {}: {error}", notice.session);
    }
    show_main(app);
}
