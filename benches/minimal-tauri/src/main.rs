//! The smallest Tauri app with what Awning's shell has: a window, a page and a tray icon.
//! `--background` starts it with the tray icon only, as Awning starts at login.

fn main() {
    let background = std::env::args().skip(1).any(|arg| arg == "--background");
    tauri::Builder::default()
        .setup(move |app| {
            tauri::tray::TrayIconBuilder::new()
                .icon(tauri::image::Image::from_bytes(include_bytes!(
                    "../../../icons/tray/ok.png"
                ))?)
                .build(app)?;
            if !background {
                let config = &app.config().app.windows[0];
                tauri::WebviewWindowBuilder::from_config(app, config)?.build()?;
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("minimal-tauri could not start: {error}");
            std::process::exit(1);
        });
}
