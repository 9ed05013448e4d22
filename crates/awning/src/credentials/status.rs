//! The state of each session as people see it, worked out from the vault's index alone,
//! so it can be shown while the keychain is locked.

use std::time::{Duration, SystemTime};

use std::collections::BTreeMap;

use crate::config::ConfigView;
use crate::console::ConsoleTarget;
use crate::sso::SsoTarget;
use crate::vault::{Entry, SessionKey};

/// A session that cannot renew and has less than this left is shown as expiring soon.
pub const EXPIRES_SOON: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum SessionState {
    /// Usable now, or renewed on next use without the user.
    SignedIn,
    /// Usable, but it ends within 15 minutes and only the user can extend it.
    ExpiresSoon,
    /// It ended and cannot be renewed: the user must sign in.
    NeedsSignIn,
    /// The vault holds nothing for it.
    SignedOut,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionStatus {
    pub state: SessionState,
    /// When the current token or credentials end (renewable sessions go on after).
    pub expires_at: Option<SystemTime>,
    /// When the whole session ends, which renewals cannot outlast (console sign-ins).
    pub session_ends_at: Option<SystemTime>,
    pub renews_silently: bool,
}

impl SessionStatus {
    pub fn of(entry: Option<&Entry>, now: SystemTime) -> Self {
        let Some(entry) = entry else {
            return Self {
                state: SessionState::SignedOut,
                expires_at: None,
                session_ends_at: None,
                renews_silently: false,
            };
        };
        let left_of = |end: SystemTime| end.duration_since(now).unwrap_or_default();
        // Renewals go on until the end of a session that has one (console sign-ins).
        let renewable = entry.renewable && entry.session_ends_at.is_none_or(|end| end > now);
        let left = match entry.session_ends_at {
            Some(end) if renewable => Some(left_of(end)),
            _ if renewable => None,
            _ => Some(left_of(entry.expires_at)),
        };
        let state = match left {
            None => SessionState::SignedIn,
            Some(left) if left > EXPIRES_SOON => SessionState::SignedIn,
            Some(left) if left > Duration::ZERO => SessionState::ExpiresSoon,
            Some(_) => SessionState::NeedsSignIn,
        };
        Self {
            state,
            expires_at: Some(entry.expires_at),
            session_ends_at: entry.session_ends_at,
            renews_silently: renewable,
        }
    }

    /// Time left on the current token, zero once it has ended.
    pub fn left(&self, now: SystemTime) -> Option<Duration> {
        self.expires_at
            .map(|end| end.duration_since(now).unwrap_or_default())
    }
}

/// A session Awning knows of: named by the config, held by the vault, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownSession {
    pub key: SessionKey,
    /// The config names it: it can be signed in to (else only signed out of).
    pub configured: bool,
    /// What the vault's index says of it; `None` when it holds nothing.
    pub entry: Option<Entry>,
}

impl KnownSession {
    pub fn status(&self, now: SystemTime) -> SessionStatus {
        SessionStatus::of(self.entry.as_ref(), now)
    }
}

/// Every session of the config (each `[sso-session]`, the start URL of each legacy
/// SSO profile, the `login_session` of each console profile) merged with every session the vault holds, sorted by key, once each.
/// The tray, the window, the CLI's socket and `awning status` all list these.
pub fn known_sessions(view: &ConfigView, stored: &[(SessionKey, Entry)]) -> Vec<KnownSession> {
    let mut known: BTreeMap<SessionKey, KnownSession> = BTreeMap::new();
    let configured = view
        .sso_sessions
        .iter()
        .map(|session| SessionKey::SsoSession(session.name.clone()))
        .chain(view.profiles.iter().filter_map(|profile| {
            SsoTarget::profile(view, &profile.name)
                .ok()
                .map(|(target, _)| target.key)
                .or_else(|| ConsoleTarget::of_profile(view, &profile.name).map(|t| t.key()))
        }));
    for key in configured {
        known.insert(
            key.clone(),
            KnownSession {
                key,
                configured: true,
                entry: None,
            },
        );
    }
    // A long-term access key is not a session: its profile's credentials tell of it.
    for (key, entry) in stored
        .iter()
        .filter(|(key, _)| !matches!(key, SessionKey::AccessKey(_)))
    {
        known
            .entry(key.clone())
            .or_insert_with(|| KnownSession {
                key: key.clone(),
                configured: false,
                entry: None,
            })
            .entry = Some(entry.clone());
    }
    known.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(renewable: bool, expires_at: SystemTime) -> Entry {
        Entry {
            kind: crate::vault::EntryKind::Sso,
            expires_at,
            renewable,
            mirror: false,
            pieces: 1,
            session_ends_at: None,
        }
    }

    #[test]
    fn states_follow_time_left_and_renewal() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let at = |seconds: u64| now + Duration::from_secs(seconds);
        let state = |renewable, end| SessionStatus::of(Some(&entry(renewable, end)), now).state;
        assert_eq!(state(false, at(3600)), SessionState::SignedIn);
        assert_eq!(state(false, at(600)), SessionState::ExpiresSoon);
        assert_eq!(state(false, now), SessionState::NeedsSignIn);
        assert_eq!(state(true, now), SessionState::SignedIn);
        assert_eq!(SessionStatus::of(None, now).state, SessionState::SignedOut);
    }

    #[test]
    fn a_console_session_renews_until_its_end_and_warns_before_it() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let at = |seconds: u64| now + Duration::from_secs(seconds);
        let console = |ends: SystemTime| Entry {
            kind: crate::vault::EntryKind::Login,
            session_ends_at: Some(ends),
            ..entry(true, at(900))
        };
        let status = |ends| SessionStatus::of(Some(&console(ends)), now);
        assert_eq!(status(at(11 * 3600)).state, SessionState::SignedIn);
        assert!(status(at(11 * 3600)).renews_silently);
        assert_eq!(status(at(600)).state, SessionState::ExpiresSoon);
        // Past its end, what was handed out last serves until it expires.
        let ended = status(now);
        assert_eq!(ended.state, SessionState::ExpiresSoon);
        assert!(!ended.renews_silently);
        let spent = Entry {
            expires_at: now,
            ..console(now)
        };
        assert_eq!(
            SessionStatus::of(Some(&spent), now).state,
            SessionState::NeedsSignIn
        );
    }

    #[test]
    fn the_config_and_the_vault_merge_into_one_list() {
        let config = crate::config::Document::parse(
            "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
             sso_region = eu-west-1\n\
             [profile old]\nsso_start_url = https://old.awsapps.com/start\n\
             sso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n\
             [profile console]\nlogin_session = arn:aws:iam::111122223333:user/ada\n",
        );
        let view = ConfigView::read(&config, &crate::config::Document::default());
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let corp = SessionKey::SsoSession("corp".to_owned());
        let gone = SessionKey::SsoSession("gone".to_owned());
        let stored = vec![
            (corp.clone(), entry(true, now)),
            (gone.clone(), entry(false, now)),
        ];
        let known = known_sessions(&view, &stored);
        let summary: Vec<_> = known
            .iter()
            .map(|k| (k.key.to_string(), k.configured, k.entry.is_some()))
            .collect();
        assert_eq!(
            summary,
            [
                ("sso-session:corp".to_owned(), true, true),
                ("sso-session:gone".to_owned(), false, true),
                (
                    "sso-start-url:https://old.awsapps.com/start".to_owned(),
                    true,
                    false
                ),
                (
                    "login:arn:aws:iam::111122223333:user/ada".to_owned(),
                    true,
                    false
                ),
            ]
        );
    }
}
