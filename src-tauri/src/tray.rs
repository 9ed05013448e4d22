//! The tray icon and its menu, redrawn whenever the agent's snapshot changes: the icon
//! shows the most urgent state, the menu has one entry per session with its time left,
//! and for each the first thing the engine says can be done with it.

use std::sync::Arc;
use std::time::SystemTime;

use awning::agent::{Action, Agent, Overall, SessionView, SignInFor, Snapshot, session_name};
use awning::credentials::export::{ExportFormat, Shell, export};
use awning::credentials::status::SessionState;
use awning::messages::Catalogue;
use awning::sso::SignInOptions;
use awning::vault::SessionKey;
use tauri::image::Image;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime};

use crate::ipc::Clipboard;
use crate::tasks::Tasks;
use crate::window;

/// One icon per state, in colour where trays show colour.
#[cfg(not(target_os = "macos"))]
mod icons {
    pub const OK: &[u8] = include_bytes!("../../icons/tray/ok.png");
    pub const EXPIRING: &[u8] = include_bytes!("../../icons/tray/expiring.png");
    pub const ACTION: &[u8] = include_bytes!("../../icons/tray/action.png");
    pub const SIGNING_IN: &[u8] = include_bytes!("../../icons/tray/signing-in.png");
    pub const TEMPLATE: bool = false;
}

/// On macOS, template images: the menu bar paints them in its own colour, light or dark,
/// and each state is told by a mark under the canopy rather than by colour.
#[cfg(target_os = "macos")]
mod icons {
    pub const OK: &[u8] = include_bytes!("../../icons/tray/template/ok.png");
    pub const EXPIRING: &[u8] = include_bytes!("../../icons/tray/template/expiring.png");
    pub const ACTION: &[u8] = include_bytes!("../../icons/tray/template/action.png");
    pub const SIGNING_IN: &[u8] = include_bytes!("../../icons/tray/template/signing-in.png");
    pub const TEMPLATE: bool = true;
}

/// What a menu entry does; its id is this, written and read back by one pair of
/// functions.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MenuId {
    Open,
    Quit,
    /// The session's own entry: signs in if that is what it needs, else opens Awning.
    Session(SessionKey),
    Act(Action, SessionKey),
    /// A CodeArtifact connection whose renewal waits for the session: signs in to it.
    Registry(String, SessionKey),
    /// A favourite profile: copies its credentials, or signs in when that is needed.
    Favourite(String),
}

impl MenuId {
    fn encode(&self) -> String {
        match self {
            Self::Open => "open".to_owned(),
            Self::Quit => "quit".to_owned(),
            Self::Session(key) => format!("session:{key}"),
            Self::Act(action, key) => format!("{}:{key}", action_tag(*action)),
            Self::Registry(connection, key) => format!("registry:{connection}:{key}"),
            Self::Favourite(profile) => format!("favourite:{profile}"),
        }
    }

    fn decode(id: &str) -> Option<Self> {
        match id {
            "open" => return Some(Self::Open),
            "quit" => return Some(Self::Quit),
            _ => {}
        }
        let (tag, key) = id.split_once(':')?;
        if tag == "favourite" {
            return Some(Self::Favourite(key.to_owned()));
        }
        if tag == "registry" {
            // Connection ids hold no colon.
            let (connection, key) = key.split_once(':')?;
            return Some(Self::Registry(
                connection.to_owned(),
                SessionKey::parse(key)?,
            ));
        }
        let key = SessionKey::parse(key)?;
        if tag == "session" {
            return Some(Self::Session(key));
        }
        [Action::SignIn, Action::SignOut, Action::Cancel]
            .into_iter()
            .find(|action| action_tag(*action) == tag)
            .map(|action| Self::Act(action, key))
    }
}

fn action_tag(action: Action) -> &'static str {
    match action {
        Action::Cancel => "cancel",
        Action::SignIn => "sign-in",
        Action::UseCode => "use-code",
        Action::SignOut => "sign-out",
        Action::Remove => "remove",
    }
}

pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let agent = Arc::clone(&app.state::<Arc<Agent>>());
    let mut changes = agent.subscribe();
    let first = changes.borrow_and_update().clone();
    let words = first.language.catalogue();
    let tray = TrayIconBuilder::with_id("awning")
        .icon(icon(first.overall())?)
        .icon_as_template(icons::TEMPLATE)
        .tooltip(words.text("tray.tooltip", &[]))
        .menu(&menu(app, &first, words)?)
        .on_menu_event(on_menu_event)
        .build(app)?;
    let tasks = app.state::<Tasks>();
    let app = app.clone();
    tasks.spawn(async move {
        while changes.changed().await.is_ok() {
            let snapshot = changes.borrow_and_update().clone();
            if let Err(error) = redraw(&app, &tray, &snapshot) {
                tracing::warn!("the tray icon could not be updated: {error}");
            }
        }
    });
    Ok(())
}

fn redraw<R: Runtime>(
    app: &AppHandle<R>,
    tray: &TrayIcon<R>,
    snapshot: &Snapshot,
) -> tauri::Result<()> {
    let words = snapshot.language.catalogue();
    tray.set_icon(Some(icon(snapshot.overall())?))?;
    if icons::TEMPLATE {
        tray.set_icon_as_template(true)?;
    }
    tray.set_tooltip(Some(words.text("tray.tooltip", &[])))?;
    tray.set_menu(Some(menu(app, snapshot, words)?))
}

fn icon(overall: Overall) -> tauri::Result<Image<'static>> {
    let bytes = match overall {
        Overall::AllGood => icons::OK,
        Overall::ExpiresSoon => icons::EXPIRING,
        Overall::ActionNeeded => icons::ACTION,
        Overall::SigningIn => icons::SIGNING_IN,
    };
    Image::from_bytes(bytes)
}

fn menu<R: Runtime>(
    app: &AppHandle<R>,
    snapshot: &Snapshot,
    words: Catalogue,
) -> tauri::Result<Menu<R>> {
    let menu = Menu::new(app)?;
    let now = SystemTime::now();
    let entry =
        |id: MenuId, text: String| MenuItem::with_id(app, id.encode(), text, true, None::<&str>);
    for session in &snapshot.sessions {
        menu.append(&entry(
            MenuId::Session(session.key.clone()),
            label(session, now, words),
        )?)?;
        if let Some((action, text)) = session.actions().into_iter().find_map(tray_action) {
            let text = words.text(text, &[("session", &session.name)]);
            menu.append(&entry(MenuId::Act(action, session.key.clone()), text)?)?;
        }
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    let mut waiting = snapshot
        .registries
        .iter()
        .filter_map(|registry| Some((registry, registry.waits_for.as_ref()?)))
        .peekable();
    let any_waiting = waiting.peek().is_some();
    for (registry, session) in waiting {
        let connection = &registry.connection;
        let text = words.text(
            "tray.registry-waits",
            &[
                ("tool", connection.tool.name()),
                ("repository", &connection.repository.label()),
                ("session", &session_name(session)),
            ],
        );
        menu.append(&entry(
            MenuId::Registry(connection.id.clone(), session.clone()),
            text,
        )?)?;
    }
    if any_waiting {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    for favourite in &snapshot.favourites {
        let waits_for = favourite
            .session
            .as_ref()
            .filter(|key| needs_sign_in(snapshot, key));
        let text = match waits_for {
            Some(key) => words.text(
                "tray.favourite-sign-in",
                &[
                    ("profile", &favourite.profile),
                    ("session", &session_name(key)),
                ],
            ),
            None => words.text("tray.favourite-copy", &[("profile", &favourite.profile)]),
        };
        menu.append(&entry(MenuId::Favourite(favourite.profile.clone()), text)?)?;
    }
    if !snapshot.favourites.is_empty() {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    menu.append(&entry(MenuId::Open, words.text("tray.open", &[]))?)?;
    menu.append(&entry(MenuId::Quit, words.text("tray.quit", &[]))?)?;
    Ok(menu)
}

/// The tray offers one action per session: cancel, sign in or sign out.
fn tray_action(action: Action) -> Option<(Action, &'static str)> {
    match action {
        Action::Cancel => Some((action, "tray.cancel")),
        Action::SignIn => Some((action, "tray.sign-in")),
        Action::SignOut => Some((action, "tray.sign-out")),
        Action::UseCode | Action::Remove => None,
    }
}

/// "corp — 7 h 12 m left", "ada@111122223333 — 11 h 20 m left" (of the console
/// session), "corp — needs sign-in", "corp — signing in…".
fn label(session: &SessionView, now: SystemTime, words: Catalogue) -> String {
    let state = match (&session.sign_in, session.status.state) {
        (Some(_), _) => words.text("state.signing-in", &[]),
        (None, SessionState::SignedIn | SessionState::ExpiresSoon) => {
            let ends = match session.status.session_ends_at {
                Some(end) if session.status.renews_silently => Some(end),
                _ => session.status.expires_at,
            };
            let left = ends
                .map(|end| end.duration_since(now).unwrap_or_default())
                .unwrap_or_default();
            words.text("state.left", &[("left", &words.duration(left))])
        }
        (None, state) => words.state(state),
    };
    words.text(
        "tray.session",
        &[("session", &session.name), ("state", &state)],
    )
}

fn on_menu_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let Some(id) = MenuId::decode(event.id().as_ref()) else {
        return;
    };
    let agent = Arc::clone(&app.state::<Arc<Agent>>());
    match id {
        MenuId::Open => window::show_main(app),
        MenuId::Quit => app.exit(0),
        MenuId::Act(Action::SignIn, key) => start_sign_in(app, &agent, &key),
        MenuId::Act(Action::Cancel, key) => agent.cancel_sign_in(&SignInFor::Session(key)),
        MenuId::Act(Action::SignOut, key) => {
            app.state::<Tasks>().spawn(async move {
                if let Err(error) = agent.sign_out(&key).await {
                    tracing::warn!("could not sign out of {key}: {error}");
                }
            });
        }
        MenuId::Act(Action::UseCode | Action::Remove, _) => window::show_main(app),
        MenuId::Registry(_, key) => start_sign_in(app, &agent, &key),
        MenuId::Favourite(profile) => use_favourite(app, &agent, profile),
        MenuId::Session(key) => {
            // Choosing a session that needs a sign-in starts it; any other opens Awning.
            let can_sign_in = agent
                .snapshot()
                .session(&key)
                .is_some_and(|session| session.actions().contains(&Action::SignIn));
            if can_sign_in {
                start_sign_in(app, &agent, &key);
            } else {
                window::show_main(app);
            }
        }
    }
}

/// Whether the session is one the tray would offer to sign in to.
fn needs_sign_in(snapshot: &Snapshot, key: &SessionKey) -> bool {
    snapshot
        .session(key)
        .is_some_and(|session| session.actions().contains(&Action::SignIn))
}

/// Copies the favourite's credentials (bash/zsh lines) to the clipboard, from the app
/// itself; a favourite whose session needs a sign-in starts it instead.
fn use_favourite<R: Runtime>(app: &AppHandle<R>, agent: &Arc<Agent>, profile: String) {
    let snapshot = agent.snapshot();
    let session = snapshot
        .favourites
        .iter()
        .find(|favourite| favourite.profile == profile)
        .and_then(|favourite| favourite.session.clone());
    if let Some(key) = session.as_ref().filter(|key| needs_sign_in(&snapshot, key)) {
        return start_sign_in(app, agent, key);
    }
    let (app, agent) = (app.clone(), Arc::clone(agent));
    app.clone().state::<Tasks>().spawn(async move {
        let copied = match agent.credentials_for_window(&profile).await {
            Ok(credentials) => app
                .state::<Clipboard>()
                .copy(export(&credentials, ExportFormat::Shell(Shell::Env))),
            Err(error) => Err(error.problem()),
        };
        if let Err(problem) = copied {
            tracing::warn!("could not copy the credentials of {profile}: {problem:?}");
            match session {
                Some(key) => start_sign_in(&app, &agent, &key),
                None => window::show_main(&app),
            }
        }
    });
}

/// Menu events arrive on the GUI thread; the sign-in starts on the async runtime. One
/// that cannot start (the config changed meanwhile) opens the window, whose Sessions
/// page shows why.
fn start_sign_in<R: Runtime>(app: &AppHandle<R>, agent: &Arc<Agent>, key: &SessionKey) {
    let (app, agent, key) = (app.clone(), Arc::clone(agent), key.clone());
    app.clone().state::<Tasks>().spawn(async move {
        if let Err(error) = agent.sign_in(&key, SignInOptions::default()) {
            tracing::warn!("could not start the sign-in to {key}: {error}");
            window::show_main(&app);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_ids_read_back_as_what_they_do() {
        for id in [
            MenuId::Open,
            MenuId::Quit,
            MenuId::Session(SessionKey::SsoSession("corp:eu".to_owned())),
            MenuId::Act(Action::SignIn, SessionKey::SsoSession("corp".to_owned())),
            MenuId::Act(Action::SignOut, SessionKey::SsoSession("a/b".to_owned())),
            MenuId::Act(Action::Cancel, SessionKey::SsoSession("corp".to_owned())),
            MenuId::Act(
                Action::SignOut,
                SessionKey::Login("arn:aws:sts::111122223333:assumed-role/Admin/ada".to_owned()),
            ),
            MenuId::Registry(
                "npm-0123456789abcdef".to_owned(),
                SessionKey::SsoSession("corp:eu".to_owned()),
            ),
            MenuId::Favourite("team:prod admin".to_owned()),
        ] {
            assert_eq!(MenuId::decode(&id.encode()), Some(id));
        }
        assert_eq!(MenuId::decode("explode:corp"), None);
    }
}
