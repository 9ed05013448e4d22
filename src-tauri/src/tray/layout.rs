//! What the tray menu holds for a snapshot, and when its text changes next: pure, so
//! the tray can update its entries in place and sleep until a label would read
//! differently, never on a timer that finds nothing changed.

use std::time::{Duration, SystemTime};

use awning::agent::{Action, SessionView, Snapshot, session_name};
use awning::credentials::status::SessionState;
use awning::messages::Catalogue;
use awning::vault::SessionKey;

/// One line of the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Item { id: MenuId, text: String },
    Separator,
}

impl Entry {
    /// Whether `other` is the same entry, whatever its text: the menu then only needs
    /// its texts updated.
    fn same_place(&self, other: &Entry) -> bool {
        match (self, other) {
            (Entry::Item { id, .. }, Entry::Item { id: other, .. }) => id == other,
            (Entry::Separator, Entry::Separator) => true,
            _ => false,
        }
    }
}

/// Whether `new` has the entries of `old` in the same order, so `old`'s menu can show
/// it by changing texts alone.
pub fn same_shape(old: &[Entry], new: &[Entry]) -> bool {
    old.len() == new.len() && old.iter().zip(new).all(|(a, b)| a.same_place(b))
}

/// The next moment any "time left" label of `snapshot` would read differently than at
/// `now`, if any does.
pub fn next_label_change(snapshot: &Snapshot, now: SystemTime) -> Option<SystemTime> {
    snapshot
        .sessions
        .iter()
        .filter_map(counts_down_to)
        .filter_map(|ends| label_changes_at(ends, now))
        .min()
}

/// When the label of a session counting down to `ends` changes after `now`: it shows
/// whole minutes left, so it changes as the time left drops below them, and once more
/// when it ends.
fn label_changes_at(ends: SystemTime, now: SystemTime) -> Option<SystemTime> {
    let left = ends
        .duration_since(now)
        .ok()
        .filter(|left| !left.is_zero())?;
    let at = ends - Duration::from_secs(left.as_secs() / 60 * 60);
    // Exactly on a whole minute, the text changes the moment after now.
    Some(if at > now {
        at
    } else {
        now + Duration::from_secs(1)
    })
}

/// The end a session's label counts down to, when it shows time left.
fn counts_down_to(session: &SessionView) -> Option<SystemTime> {
    match (&session.sign_in, session.status.state) {
        (None, SessionState::SignedIn | SessionState::ExpiresSoon) => {
            match session.status.session_ends_at {
                Some(end) if session.status.renews_silently => Some(end),
                _ => session.status.expires_at,
            }
        }
        _ => None,
    }
}

/// What a menu entry does; its id is this, written and read back by one pair of
/// functions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuId {
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
    pub fn encode(&self) -> String {
        match self {
            Self::Open => "open".to_owned(),
            Self::Quit => "quit".to_owned(),
            Self::Session(key) => format!("session:{key}"),
            Self::Act(action, key) => format!("{}:{key}", action_tag(*action)),
            Self::Registry(connection, key) => format!("registry:{connection}:{key}"),
            Self::Favourite(profile) => format!("favourite:{profile}"),
        }
    }

    pub fn decode(id: &str) -> Option<Self> {
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

/// The menu for `snapshot` at `now`, top to bottom.
pub fn layout(snapshot: &Snapshot, now: SystemTime, words: Catalogue) -> Vec<Entry> {
    let mut menu = Vec::new();
    let entry = |id: MenuId, text: String| Entry::Item { id, text };
    for session in &snapshot.sessions {
        menu.push(entry(
            MenuId::Session(session.key.clone()),
            label(session, now, words),
        ));
        if let Some((action, text)) = session.actions().into_iter().find_map(tray_action) {
            let text = words.text(text, &[("session", &session.name)]);
            menu.push(entry(MenuId::Act(action, session.key.clone()), text));
        }
        menu.push(Entry::Separator);
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
        menu.push(entry(
            MenuId::Registry(connection.id.clone(), session.clone()),
            text,
        ));
    }
    if any_waiting {
        menu.push(Entry::Separator);
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
        menu.push(entry(MenuId::Favourite(favourite.profile.clone()), text));
    }
    if !snapshot.favourites.is_empty() {
        menu.push(Entry::Separator);
    }
    menu.push(entry(MenuId::Open, words.text("tray.open", &[])));
    menu.push(entry(MenuId::Quit, words.text("tray.quit", &[])));
    menu
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
            let left = counts_down_to(session)
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

/// Whether the session is one the tray would offer to sign in to.
pub fn needs_sign_in(snapshot: &Snapshot, key: &SessionKey) -> bool {
    snapshot
        .session(key)
        .is_some_and(|session| session.actions().contains(&Action::SignIn))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000 + seconds)
    }

    #[test]
    fn a_label_changes_when_the_time_left_drops_below_its_whole_minutes() {
        // 7 min 30 s left reads "7 min" until 7 min are left.
        assert_eq!(label_changes_at(at(450), at(0)), Some(at(30)));
        // Under a minute left reads so until the session ends.
        assert_eq!(label_changes_at(at(40), at(0)), Some(at(40)));
    }

    #[test]
    fn on_a_whole_minute_the_label_changes_right_after() {
        assert_eq!(label_changes_at(at(120), at(0)), Some(at(1)));
    }

    #[test]
    fn an_ended_session_has_no_label_change_to_wait_for() {
        assert_eq!(label_changes_at(at(0), at(0)), None);
        assert_eq!(label_changes_at(at(0), at(5)), None);
    }

    #[test]
    fn a_menu_whose_entries_stay_in_place_needs_only_new_texts() {
        let item = |id: MenuId, text: &str| Entry::Item {
            id,
            text: text.to_owned(),
        };
        let corp = SessionKey::SsoSession("corp".to_owned());
        let before = [
            item(MenuId::Session(corp.clone()), "corp — 7 min left"),
            Entry::Separator,
        ];
        let later = [
            item(MenuId::Session(corp.clone()), "corp — 6 min left"),
            Entry::Separator,
        ];
        assert!(same_shape(&before, &later));
        let signed_out = [
            item(MenuId::Session(corp.clone()), "corp — needs sign-in"),
            item(MenuId::Act(Action::SignIn, corp), "Sign in to corp"),
        ];
        assert!(!same_shape(&before, &signed_out));
        assert!(!same_shape(&before, &before[..1]));
    }

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
