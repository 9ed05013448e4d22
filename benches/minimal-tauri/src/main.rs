//! The smallest Tauri app with what Awning's shell has: a window, a page and a tray icon
//! with a menu (AppIndicator shows no item without one). `--background` starts it with
//! the tray icon only, as Awning starts at login.

fn main() {
    let background = std::env::args().skip(1).any(|arg| arg == "--background");
    tauri::Builder::default()
        .setup(move |app| {
            let quit = tauri::menu::MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
            tauri::tray::TrayIconBuilder::new()
                .menu(&tauri::menu::Menu::with_items(app, &[&quit])?)
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
