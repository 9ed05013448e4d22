//! The desktop shell: tray, window and IPC adapters over the `awning` engine.
//!
//! Business steps never live here: a command parses its arguments, calls the engine and
//! maps the error (see `ipc`).

mod ipc;
mod tray;
mod window;

/// Starts the desktop app; returns when the user quits.
pub fn run() {
    let commands = ipc::commands();
    tauri::Builder::default()
        // A second launch only brings the running instance's window forward.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::show_main(app)
        }))
        .invoke_handler(commands.invoke_handler())
        .setup(|app| {
            tray::install(app.handle())?;
            if !started_in_background() {
                window::show_main(app.handle());
            }
            Ok(())
        })
        .on_window_event(window::keep_alive_in_tray)
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("Awning could not start: {error}");
            std::process::exit(1);
        });
}

/// `--background` starts Awning in the tray with no window, as a start at login should.
fn started_in_background() -> bool {
    std::env::args().skip(1).any(|arg| arg == "--background")
}
