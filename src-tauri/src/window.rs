//! The main window. It is created hidden (see `tauri.conf.json`) and shown at start
//! unless Awning starts in the background; closing it leaves Awning running in the tray.

use tauri::{AppHandle, Manager, Window, WindowEvent};

const MAIN: &str = "main";

/// Brings the main window forward, re-creating it from the config if it is gone.
pub fn show_main(app: &AppHandle) {
    let window = match app.get_webview_window(MAIN) {
        Some(window) => window,
        None => match rebuild_main(app) {
            Ok(window) => window,
            Err(error) => {
                eprintln!("Awning could not open its window: {error}");
                return;
            }
        },
    };
    // Failures here leave the window as it was; nothing to recover.
    let _ = window.unminimize();
    let _ = window.show();
    let _ = window.set_focus();
}

fn rebuild_main(app: &AppHandle) -> tauri::Result<tauri::WebviewWindow> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|window| window.label == MAIN)
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    tauri::WebviewWindowBuilder::from_config(app, config)?.build()
}

/// Closing the window hides it: Awning keeps watching sessions from the tray.
pub fn keep_alive_in_tray(window: &Window, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event
        && window.label() == MAIN
    {
        api.prevent_close();
        let _ = window.hide();
    }
}
