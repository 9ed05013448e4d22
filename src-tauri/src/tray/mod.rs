//! The tray icon and its menu, redrawn whenever the agent's snapshot changes and when a
//! "time left" label would read differently: the icon shows the most urgent state, the
//! menu has one entry per session with its time left, and for each the first thing the
//! engine says can be done with it ([`layout`]).

mod layout;

use std::sync::Arc;
use std::time::SystemTime;

use awning::agent::{Action, Agent, Overall, SignInFor, Snapshot};
use awning::clock::wall;
use awning::credentials::export::{ExportFormat, Shell, export};
use awning::messages::Language;
use awning::sso::SignInOptions;
use awning::vault::SessionKey;
use tauri::image::Image;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime};

use self::layout::{Entry, MenuId, needs_sign_in};
use crate::ipc::Clipboard;
use crate::tasks::Tasks;
use crate::window;

/// One icon per state, in colour where trays show colour.
#[cfg(not(target_os = "macos"))]
mod icons {
    pub const OK: &[u8] = include_bytes!("../../../icons/tray/ok.png");
    pub const EXPIRING: &[u8] = include_bytes!("../../../icons/tray/expiring.png");
    pub const ACTION: &[u8] = include_bytes!("../../../icons/tray/action.png");
    pub const SIGNING_IN: &[u8] = include_bytes!("../../../icons/tray/signing-in.png");
    pub const TEMPLATE: bool = false;
}

/// On macOS, template images: the menu bar paints them in its own colour, light or dark,
/// and each state is told by a mark under the canopy rather than by colour.
#[cfg(target_os = "macos")]
mod icons {
    pub const OK: &[u8] = include_bytes!("../../../icons/tray/template/ok.png");
    pub const EXPIRING: &[u8] = include_bytes!("../../../icons/tray/template/expiring.png");
    pub const ACTION: &[u8] = include_bytes!("../../../icons/tray/template/action.png");
    pub const SIGNING_IN: &[u8] = include_bytes!("../../../icons/tray/template/signing-in.png");
    pub const TEMPLATE: bool = true;
}

pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let agent = Arc::clone(&app.state::<Arc<Agent>>());
    let mut changes = agent.subscribe();
    let mut snapshot = changes.borrow_and_update().clone();
    let tray = TrayIconBuilder::with_id("awning")
        .icon(icon(snapshot.overall())?)
        .icon_as_template(icons::TEMPLATE)
        .on_menu_event(on_menu_event)
        .build(app)?;
    let mut shown = Shown::default();
    shown.draw(app, &tray, &snapshot)?;
    let tasks = app.state::<Tasks>();
    let app = app.clone();
    tasks.spawn(async move {
        loop {
            // Awake only for a change, or for the moment a label's text changes.
            let wake = layout::next_label_change(&snapshot, SystemTime::now());
            tokio::select! {
                changed = changes.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    snapshot = changes.borrow_and_update().clone();
                }
                // By the wall clock: a label is right as soon as the machine wakes.
                () = wall::until(wake) => {}
            }
            if let Err(error) = shown.draw(&app, &tray, &snapshot) {
                tracing::warn!("the tray icon could not be updated: {error}");
            }
        }
    });
    Ok(())
}

/// What the tray shows, so that a redraw changes only what differs: the icon when the
/// state does, the tooltip with the language, and the menu's texts in place while its
/// entries stay where they are (a whole new menu only when they move).
struct Shown<R: Runtime> {
    overall: Option<Overall>,
    language: Option<Language>,
    entries: Vec<Entry>,
    /// The menu's items, one per entry (none for a separator).
    items: Vec<Option<MenuItem<R>>>,
}

impl<R: Runtime> Default for Shown<R> {
    fn default() -> Self {
        Self {
            overall: None,
            language: None,
            entries: Vec::new(),
            items: Vec::new(),
        }
    }
}

impl<R: Runtime> Shown<R> {
    fn draw(
        &mut self,
        app: &AppHandle<R>,
        tray: &TrayIcon<R>,
        snapshot: &Snapshot,
    ) -> tauri::Result<()> {
        let words = snapshot.language.catalogue();
        let overall = snapshot.overall();
        if self.overall != Some(overall) {
            tray.set_icon(Some(icon(overall)?))?;
            if icons::TEMPLATE {
                tray.set_icon_as_template(true)?;
            }
            self.overall = Some(overall);
        }
        if self.language != Some(snapshot.language) {
            tray.set_tooltip(Some(words.text("tray.tooltip", &[])))?;
            self.language = Some(snapshot.language);
        }
        let entries = layout::layout(snapshot, SystemTime::now(), words);
        if layout::same_shape(&self.entries, &entries) {
            for ((before, after), item) in self.entries.iter().zip(&entries).zip(&self.items) {
                if let (Entry::Item { text: was, .. }, Entry::Item { text, .. }, Some(item)) =
                    (before, after, item)
                    && was != text
                {
                    item.set_text(text)?;
                }
            }
        } else {
            self.items = rebuild(app, tray, &entries)?;
        }
        self.entries = entries;
        Ok(())
    }
}

/// A new menu of `entries` on the tray; returns its items.
fn rebuild<R: Runtime>(
    app: &AppHandle<R>,
    tray: &TrayIcon<R>,
    entries: &[Entry],
) -> tauri::Result<Vec<Option<MenuItem<R>>>> {
    let menu = Menu::new(app)?;
    let mut items = Vec::with_capacity(entries.len());
    for entry in entries {
        match entry {
            Entry::Item { id, text } => {
                let item = MenuItem::with_id(app, id.encode(), text, true, None::<&str>)?;
                menu.append(&item)?;
                items.push(Some(item));
            }
            Entry::Separator => {
                menu.append(&PredefinedMenuItem::separator(app)?)?;
                items.push(None);
            }
        }
    }
    tray.set_menu(Some(menu))?;
    Ok(items)
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
