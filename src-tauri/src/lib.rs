//! The desktop shell: tray, window, notifications and IPC adapters over the `awning`
//! engine's agent.
//!
//! Business steps never live here: a command parses its arguments, calls the agent and
//! maps the failure to its code (see `ipc`).

mod ipc;
mod logging;
mod notify;
mod start;
mod tasks;
mod tray;
mod window;

use awning::channel::Channel;
use awning::problem::Problem;
use tauri::{Manager, RunEvent, Runtime};

use crate::start::{Launch, Startup};
use crate::tasks::Tasks;

/// Starts the desktop app; returns when the user quits.
pub fn run() {
    let launch = Launch::from_env();
    if let Ok(launch) = &launch {
        logging::start(&launch.data_dir);
    }
    let channel = launch
        .as_ref()
        .map_or_else(|_| Channel::current(), |launch| launch.channel);
    let mut context = tauri::generate_context!();
    // A development or test build never hands its launch to an installed release
    // (single-instance), nor shares its saved window state or login item.
    context.config_mut().identifier = channel.app_identifier().to_owned();
    let builder = tauri::Builder::default()
        // A second launch only brings the running instance's window forward.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::show_main(app)
        }));
    let app = shell(builder, launch)
        .build(context)
        .unwrap_or_else(|error| {
            eprintln!("Awning could not start: {error}");
            std::process::exit(1);
        });
    app.run(|app, event| match event {
        // Closing the window destroys it; Awning lives on in the tray until "Quit".
        RunEvent::ExitRequested {
            code: None, api, ..
        } => api.prevent_exit(),
        RunEvent::Exit => app.state::<Tasks>().abort_all(),
        _ => {}
    });
}

/// The app on any Tauri runtime: its plugins, state, commands and start-up. The agent
/// starts during setup; when it cannot (no keychain), the window opens to say why.
pub fn shell<R: Runtime>(
    builder: tauri::Builder<R>,
    launch: Result<Launch, Problem>,
) -> tauri::Builder<R> {
    use tauri_plugin_window_state::StateFlags;

    let commands = ipc::commands::<R>();
    builder
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--background"]),
        ))
        // Size, position and maximised, not visibility: Awning decides when to show it.
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
                .build(),
        )
        // Used from Rust only (no web view permission): credentials never reach the page.
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(Tasks::default())
        .manage(Startup::new(launch))
        .invoke_handler(commands.invoke_handler())
        .setup(move |app| {
            commands.mount_events(app);
            app.manage(ipc::Clipboard::of(app.handle().clone()));
            let handle = app.handle().clone();
            // Before the agent starts, as Tauri builds the windows of its config.
            window::build_for_webdriver(&handle);
            let started = tauri::async_runtime::block_on(start::start(&handle));
            if started.is_err() || !started_in_background() {
                window::show_main(&handle);
            }
            Ok(())
        })
}

/// `--background` starts Awning in the tray with no window, as a start at login should.
fn started_in_background() -> bool {
    std::env::args().skip(1).any(|arg| arg == "--background")
}

#[cfg(test)]
mod tests;
