//! What the tray and the window show: every IAM Identity Center session, its state and
//! any sign-in under way, as one value the agent publishes whenever it changes.

use std::time::SystemTime;

use crate::status::{SessionState, SessionStatus};
use crate::vault::SessionKey;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub sessions: Vec<SessionView>,
    /// Why the config could not be read, if it could not (the sessions the vault holds
    /// are still listed).
    pub config_problem: Option<String>,
    /// The minute the snapshot was taken in, so "time left" labels change each minute.
    pub minute: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionView {
    pub key: SessionKey,
    /// `corp` for `[sso-session corp]`.
    pub name: String,
    pub status: SessionStatus,
    /// Whether the config names it (else only the vault remembers it: it can be signed
    /// out, not in).
    pub configured: bool,
    pub sign_in: Option<SignInProgress>,
    /// The last thing that went wrong, as a sentence, until the next sign-in works.
    pub problem: Option<String>,
}

/// A sign-in under way, as far as it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInProgress {
    /// Registering with IAM Identity Center.
    Starting,
    /// Waiting for the user to approve in the browser at `url`.
    Browser { url: String, opened: bool },
    /// Waiting for the user to enter `user_code` at `verification_uri`.
    Device {
        user_code: String,
        verification_uri: String,
        expires_at: SystemTime,
        opened: bool,
    },
}

/// The tray icon: the most urgent state among the sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Overall {
    AllGood,
    ExpiresSoon,
    ActionNeeded,
    SigningIn,
}

impl Snapshot {
    pub fn overall(&self) -> Overall {
        self.sessions
            .iter()
            .map(|session| match (&session.sign_in, session.status.state) {
                (Some(_), _) => Overall::SigningIn,
                (None, SessionState::NeedsSignIn) => Overall::ActionNeeded,
                (None, SessionState::ExpiresSoon) => Overall::ExpiresSoon,
                // A session never signed in to is not a problem until something needs it.
                (None, SessionState::SignedIn | SessionState::SignedOut) => Overall::AllGood,
            })
            .max()
            .unwrap_or(Overall::AllGood)
    }

    pub fn session(&self, name: &str) -> Option<&SessionView> {
        self.sessions.iter().find(|session| session.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(state: SessionState, sign_in: Option<SignInProgress>) -> SessionView {
        SessionView {
            key: SessionKey::SsoSession("corp".to_owned()),
            name: "corp".to_owned(),
            status: SessionStatus {
                state,
                expires_at: None,
                renews_silently: false,
            },
            configured: true,
            sign_in,
            problem: None,
        }
    }

    #[test]
    fn the_tray_shows_the_most_urgent_session() {
        let overall = |views: Vec<SessionView>| {
            Snapshot {
                sessions: views,
                ..Snapshot::default()
            }
            .overall()
        };
        assert_eq!(overall(vec![]), Overall::AllGood);
        assert_eq!(
            overall(vec![view(SessionState::SignedOut, None)]),
            Overall::AllGood
        );
        assert_eq!(
            overall(vec![
                view(SessionState::SignedIn, None),
                view(SessionState::ExpiresSoon, None),
                view(SessionState::NeedsSignIn, None),
            ]),
            Overall::ActionNeeded
        );
        assert_eq!(
            overall(vec![
                view(SessionState::NeedsSignIn, None),
                view(SessionState::SignedOut, Some(SignInProgress::Starting)),
            ]),
            Overall::SigningIn
        );
    }
}
