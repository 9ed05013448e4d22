//! The tray icon and its menu.

use tauri::image::Image;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Wry};

use crate::window;

const OPEN: &str = "open";
const QUIT: &str = "quit";

/// The "all good" state; the other states arrive with the session scheduler.
const ICON_OK: &[u8] = include_bytes!("../../icons/tray/ok.png");

pub fn install(app: &AppHandle) -> tauri::Result<()> {
    TrayIconBuilder::with_id("awning")
        .icon(Image::from_bytes(ICON_OK)?)
        .tooltip("Awning")
        .menu(&menu(app)?)
        .on_menu_event(on_menu_event)
        .build(app)?;
    Ok(())
}

fn menu(app: &AppHandle) -> tauri::Result<Menu<Wry>> {
    Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, OPEN, "Open Awning", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, QUIT, "Quit", true, None::<&str>)?,
        ],
    )
}

fn on_menu_event(app: &AppHandle, event: MenuEvent) {
    match event.id().as_ref() {
        OPEN => window::show_main(app),
        QUIT => app.exit(0),
        _ => {}
    }
}
