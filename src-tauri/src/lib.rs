//! The desktop shell: tray, window, notifications and IPC adapters over the `awning`
//! engine's agent.
//!
//! Business steps never live here: a command parses its arguments, calls the agent and
//! maps the error (see `ipc`).

mod ipc;
mod notify;
mod start;
mod tray;
mod window;

use tauri::{Manager, RunEvent};

/// Starts the desktop app; returns when the user quits.
pub fn run() {
    let commands = ipc::commands();
    let app = tauri::Builder::default()
        // A second launch only brings the running instance's window forward.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::show_main(app)
        }))
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--background"]),
        ))
        .invoke_handler(commands.invoke_handler())
        .setup(move |app| {
            commands.mount_events(app);
            let agent = start::agent(app.handle())?;
            app.manage(agent);
            tray::install(app.handle())?;
            ipc::forward_changes(app.handle());
            if !started_in_background() {
                window::show_main(app.handle());
            }
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("Awning could not start: {error}");
            std::process::exit(1);
        });
    app.run(|_app, event| {
        // Closing the window destroys it; Awning lives on in the tray until "Quit".
        if let RunEvent::ExitRequested {
            code: None, api, ..
        } = event
        {
            api.prevent_exit();
        }
    });
}

/// `--background` starts Awning in the tray with no window, as a start at login should.
fn started_in_background() -> bool {
    std::env::args().skip(1).any(|arg| arg == "--background")
}
