//! The tray icon and its menu, redrawn whenever the agent's snapshot changes: the icon
//! shows the most urgent state, the menu has one entry per session with its time left.

use std::sync::Arc;
use std::time::SystemTime;

use awning::agent::{Agent, Overall, SessionView, Snapshot};
use awning::sso::SignInOptions;
use awning::status::{SessionState, describe_left};
use tauri::image::Image;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Wry};

use crate::window;

const OPEN: &str = "open";
const QUIT: &str = "quit";
const SIGN_IN: &str = "sign-in:";
const SIGN_OUT: &str = "sign-out:";
const CANCEL: &str = "cancel:";
const SESSION: &str = "session:";

const ICON_OK: &[u8] = include_bytes!("../../icons/tray/ok.png");
const ICON_EXPIRING: &[u8] = include_bytes!("../../icons/tray/expiring.png");
const ICON_ACTION: &[u8] = include_bytes!("../../icons/tray/action.png");
const ICON_SIGNING_IN: &[u8] = include_bytes!("../../icons/tray/signing-in.png");

pub fn install(app: &AppHandle) -> tauri::Result<()> {
    let agent = Arc::clone(&app.state::<Arc<Agent>>());
    let mut changes = agent.subscribe();
    let first = changes.borrow_and_update().clone();
    let tray = TrayIconBuilder::with_id("awning")
        .icon(icon(first.overall())?)
        .tooltip("Awning")
        .menu(&menu(app, &first)?)
        .on_menu_event(on_menu_event)
        .build(app)?;
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        while changes.changed().await.is_ok() {
            let snapshot = changes.borrow_and_update().clone();
            if let Err(error) = redraw(&app, &tray, &snapshot) {
                eprintln!("Awning could not update its tray icon: {error}");
            }
        }
    });
    Ok(())
}

fn redraw(app: &AppHandle, tray: &TrayIcon, snapshot: &Snapshot) -> tauri::Result<()> {
    tray.set_icon(Some(icon(snapshot.overall())?))?;
    tray.set_menu(Some(menu(app, snapshot)?))
}

fn icon(overall: Overall) -> tauri::Result<Image<'static>> {
    let bytes = match overall {
        Overall::AllGood => ICON_OK,
        Overall::ExpiresSoon => ICON_EXPIRING,
        Overall::ActionNeeded => ICON_ACTION,
        Overall::SigningIn => ICON_SIGNING_IN,
    };
    Image::from_bytes(bytes)
}

fn menu(app: &AppHandle, snapshot: &Snapshot) -> tauri::Result<Menu<Wry>> {
    let menu = Menu::new(app)?;
    let now = SystemTime::now();
    for session in &snapshot.sessions {
        let name = &session.name;
        menu.append(&MenuItem::with_id(
            app,
            format!("{SESSION}{name}"),
            label(session, now),
            true,
            None::<&str>,
        )?)?;
        let (id, text) = match (&session.sign_in, session.status.state) {
            (Some(_), _) => (CANCEL, format!("Cancel sign-in to {name}")),
            (None, SessionState::SignedOut | SessionState::NeedsSignIn) => {
                (SIGN_IN, format!("Sign in to {name}"))
            }
            (None, _) => (SIGN_OUT, format!("Sign out of {name}")),
        };
        let enabled = session.configured || id != SIGN_IN;
        menu.append(&MenuItem::with_id(
            app,
            format!("{id}{name}"),
            text,
            enabled,
            None::<&str>,
        )?)?;
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    menu.append(&MenuItem::with_id(
        app,
        OPEN,
        "Open Awning",
        true,
        None::<&str>,
    )?)?;
    menu.append(&MenuItem::with_id(app, QUIT, "Quit", true, None::<&str>)?)?;
    Ok(menu)
}

/// "corp — 7 h 12 m left", "corp — needs sign-in", "corp — signing in…".
fn label(session: &SessionView, now: SystemTime) -> String {
    let state = match (&session.sign_in, session.status.state) {
        (Some(_), _) => "signing in…".to_owned(),
        (None, SessionState::SignedIn | SessionState::ExpiresSoon) => {
            let left = session.status.left(now).unwrap_or_default();
            format!("{} left", describe_left(left))
        }
        (None, state) => state.describe().to_owned(),
    };
    format!("{} — {state}", session.name)
}

fn on_menu_event(app: &AppHandle, event: MenuEvent) {
    let id = event.id().as_ref();
    let agent = Arc::clone(&app.state::<Arc<Agent>>());
    if id == OPEN {
        window::show_main(app);
    } else if id == QUIT {
        app.exit(0);
    } else if let Some(name) = id.strip_prefix(SIGN_IN) {
        start_sign_in(app, &agent, name);
    } else if let Some(name) = id.strip_prefix(CANCEL) {
        agent.cancel_sign_in(name);
    } else if let Some(name) = id.strip_prefix(SIGN_OUT) {
        let name = name.to_owned();
        tauri::async_runtime::spawn(async move {
            if let Err(error) = agent.sign_out(&name).await {
                eprintln!("Awning could not sign out of {name}: {error}");
            }
        });
    } else if let Some(name) = id.strip_prefix(SESSION) {
        // Choosing a session that needs a sign-in starts it; any other opens Awning.
        let needs = agent.snapshot().session(name).is_some_and(|session| {
            session.configured
                && session.sign_in.is_none()
                && matches!(
                    session.status.state,
                    SessionState::NeedsSignIn | SessionState::SignedOut
                )
        });
        if needs {
            start_sign_in(app, &agent, name);
        } else {
            window::show_main(app);
        }
    }
}

/// Menu events arrive on the GUI thread; the sign-in runs on the async runtime.
fn start_sign_in(app: &AppHandle, agent: &Arc<Agent>, name: &str) {
    let (app, agent, name) = (app.clone(), Arc::clone(agent), name.to_owned());
    tauri::async_runtime::spawn(async move {
        if let Err(error) = agent.sign_in(&name, SignInOptions::default()) {
            eprintln!("Awning could not start the sign-in to {name}: {error}");
            window::show_main(&app);
        }
    });
}
