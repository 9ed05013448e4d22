//! The smallest Tauri app with what Awning's shell has: a window, a page and a tray icon.

fn main() {
    tauri::Builder::default()
        .setup(|app| {
            tauri::tray::TrayIconBuilder::new()
                .icon(tauri::image::Image::from_bytes(include_bytes!(
                    "../../../icons/tray/ok.png"
                ))?)
                .build(app)?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("minimal-tauri could not start: {error}");
            std::process::exit(1);
        });
}
