//! The state of each session as people see it, worked out from the vault's index alone,
//! so it can be shown while the keychain is locked.

use std::time::{Duration, SystemTime};

use crate::vault::Entry;

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

impl SessionState {
    pub fn describe(self) -> &'static str {
        match self {
            Self::SignedIn => "signed in",
            Self::ExpiresSoon => "expires soon",
            Self::NeedsSignIn => "needs sign-in",
            Self::SignedOut => "signed out",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionStatus {
    pub state: SessionState,
    /// When the current token or credentials end (renewable sessions go on after).
    pub expires_at: Option<SystemTime>,
    pub renews_silently: bool,
}

impl SessionStatus {
    pub fn of(entry: Option<&Entry>, now: SystemTime) -> Self {
        let Some(entry) = entry else {
            return Self {
                state: SessionState::SignedOut,
                expires_at: None,
                renews_silently: false,
            };
        };
        let left = entry.expires_at.duration_since(now).unwrap_or_default();
        let state = if entry.renewable || left > EXPIRES_SOON {
            SessionState::SignedIn
        } else if left > Duration::ZERO {
            SessionState::ExpiresSoon
        } else {
            SessionState::NeedsSignIn
        };
        Self {
            state,
            expires_at: Some(entry.expires_at),
            renews_silently: entry.renewable,
        }
    }

    /// Time left on the current token, zero once it has ended.
    pub fn left(&self, now: SystemTime) -> Option<Duration> {
        self.expires_at
            .map(|end| end.duration_since(now).unwrap_or_default())
    }
}

/// "7 h 12 m", "4 m", "ended": the time left as the tray and the CLI show it.
pub fn describe_left(left: Duration) -> String {
    let minutes = left.as_secs() / 60;
    match (minutes / 60, minutes % 60) {
        (0, 0) if left.is_zero() => "ended".to_owned(),
        (0, 0) => "under a minute".to_owned(),
        (0, minutes) => format!("{minutes} m"),
        (hours, minutes) => format!("{hours} h {minutes} m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(renewable: bool, expires_at: SystemTime) -> Entry {
        Entry {
            kind: "sso".to_owned(),
            expires_at,
            renewable,
            mirror: false,
            pieces: 1,
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
    fn time_left_reads_as_people_say_it() {
        assert_eq!(
            describe_left(Duration::from_secs(7 * 3600 + 12 * 60 + 5)),
            "7 h 12 m"
        );
        assert_eq!(describe_left(Duration::from_secs(240)), "4 m");
        assert_eq!(describe_left(Duration::from_secs(20)), "under a minute");
        assert_eq!(describe_left(Duration::ZERO), "ended");
    }
}
