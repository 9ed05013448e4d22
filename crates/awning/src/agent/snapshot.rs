//! What the tray and the window show: every IAM Identity Center and console session,
//! its state and any sign-in under way, as one value the agent publishes whenever it changes.

use std::time::SystemTime;

use crate::codeartifact::Connection;
use crate::credentials::status::{SessionState, SessionStatus};
use crate::messages::Language;
use crate::problem::Problem;
use crate::vault::SessionKey;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub sessions: Vec<SessionView>,
    /// Why the config could not be read, if it could not (the sessions the vault holds
    /// are still listed).
    pub config_problem: Option<Problem>,
    /// The language the tray speaks, so choosing another one redraws it.
    pub language: Language,
    /// First console sign-ins under way, by profile.
    pub new_console_sign_ins: Vec<(String, SignInProgress)>,
    /// Every tool configured for CodeArtifact.
    pub registries: Vec<RegistryView>,
    /// The profiles marked favourite, in the tray's order.
    pub favourites: Vec<FavouriteView>,
}

/// A favourite profile, as the tray offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FavouriteView {
    pub profile: String,
    /// The session its credentials come from, when they come from one.
    pub session: Option<SessionKey>,
}

/// A tool configured for a CodeArtifact repository, as the window and the tray show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryView {
    pub connection: Connection,
    /// The session whose sign-in the token's renewal waits for, if it does.
    pub waits_for: Option<SessionKey>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionView {
    pub key: SessionKey,
    /// `corp` for `[sso-session corp]`; `ada@111122223333` for a console session.
    pub name: String,
    /// The profiles that use a console session (none for IAM Identity Center).
    pub profiles: Vec<String>,
    pub status: SessionStatus,
    /// Whether the config names it (else only the vault remembers it: it can be signed
    /// out, not in).
    pub configured: bool,
    pub sign_in: Option<SignInProgress>,
    /// The last thing that went wrong, until the next sign-in works.
    pub problem: Option<Problem>,
}

/// What a person can do with a session, in the order the window offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Stop the sign-in under way.
    Cancel,
    /// Sign in in the browser.
    SignIn,
    /// Sign in with a code entered on any device.
    UseCode,
    SignOut,
    /// Take the session out of the AWS config.
    Remove,
}

/// A sign-in under way, as far as it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInProgress {
    /// Registering with IAM Identity Center.
    Starting,
    /// Waiting for the user to approve in the browser at `url`.
    Browser { url: String, opened: bool },
    /// A remote console sign-in: approve at `url` on any device, then paste the code
    /// its confirmation page shows.
    Remote { url: String },
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
        let registry_waits = self
            .registries
            .iter()
            .any(|registry| registry.waits_for.is_some())
            .then_some(Overall::ActionNeeded);
        self.sessions
            .iter()
            .map(|session| match (&session.sign_in, session.status.state) {
                (Some(_), _) => Overall::SigningIn,
                (None, SessionState::NeedsSignIn) => Overall::ActionNeeded,
                (None, SessionState::ExpiresSoon) => Overall::ExpiresSoon,
                // A session never signed in to is not a problem until something needs it.
                (None, SessionState::SignedIn | SessionState::SignedOut) => Overall::AllGood,
            })
            .chain(registry_waits)
            .max()
            .unwrap_or(Overall::AllGood)
    }

    pub fn session(&self, key: &SessionKey) -> Option<&SessionView> {
        self.sessions.iter().find(|session| session.key == *key)
    }
}

impl SessionView {
    /// What the tray, the window and every page offer for this session — decided here
    /// only. A sign-in under way can only be cancelled; one that needs a sign-in can be
    /// signed in to when the config names it; one the vault still holds can be signed
    /// out of; one the config names can be removed from it.
    pub fn actions(&self) -> Vec<Action> {
        if self.sign_in.is_some() {
            return vec![Action::Cancel];
        }
        let mut actions = Vec::new();
        match self.status.state {
            SessionState::SignedOut | SessionState::NeedsSignIn if self.configured => {
                actions.extend([Action::SignIn, Action::UseCode]);
            }
            SessionState::SignedOut => {}
            SessionState::NeedsSignIn | SessionState::SignedIn | SessionState::ExpiresSoon => {
                actions.push(Action::SignOut);
            }
        }
        // Only an [sso-session] is a section of its own to remove.
        if self.configured && matches!(self.key, SessionKey::SsoSession(_)) {
            actions.push(Action::Remove);
        }
        actions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(state: SessionState, sign_in: Option<SignInProgress>) -> SessionView {
        SessionView {
            key: SessionKey::SsoSession("corp".to_owned()),
            name: "corp".to_owned(),
            profiles: Vec::new(),
            status: SessionStatus {
                state,
                expires_at: None,
                session_ends_at: None,
                renews_silently: false,
            },
            configured: true,
            sign_in,
            problem: None,
        }
    }

    #[test]
    fn a_registry_whose_renewal_waits_for_a_sign_in_needs_the_person() {
        use crate::codeartifact::tools::{Choices, Scope, Tool};
        use crate::codeartifact::{Repository, TokenLifetime};
        let registry = |waits_for| RegistryView {
            connection: Connection {
                id: "npm-1".to_owned(),
                tool: Tool::Npm,
                scope: Scope::User,
                repository: Repository {
                    domain: "acme".to_owned(),
                    owner: None,
                    repository: "packages".to_owned(),
                    region: "eu-west-1".to_owned(),
                },
                profile: "dev".to_owned(),
                lifetime: TokenLifetime::ServiceDefault,
                choices: Choices::default(),
                endpoint: "https://acme/npm/packages/".to_owned(),
                files: Vec::new(),
                issued_at: SystemTime::UNIX_EPOCH,
                expires_at: SystemTime::UNIX_EPOCH,
            },
            waits_for,
        };
        let overall = |registries| {
            Snapshot {
                registries,
                ..Snapshot::default()
            }
            .overall()
        };
        assert_eq!(overall(vec![registry(None)]), Overall::AllGood);
        let corp = SessionKey::SsoSession("corp".to_owned());
        assert_eq!(overall(vec![registry(Some(corp))]), Overall::ActionNeeded);
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

    #[test]
    fn each_state_offers_its_actions() {
        use Action::*;
        let actions = |state, sign_in, configured| {
            SessionView {
                configured,
                ..view(state, sign_in)
            }
            .actions()
        };
        let starting = || Some(SignInProgress::Starting);
        assert_eq!(
            actions(SessionState::SignedOut, None, true),
            [SignIn, UseCode, Remove]
        );
        assert_eq!(
            actions(SessionState::NeedsSignIn, None, true),
            [SignIn, UseCode, Remove]
        );
        assert_eq!(
            actions(SessionState::SignedIn, None, true),
            [SignOut, Remove]
        );
        assert_eq!(
            actions(SessionState::ExpiresSoon, None, true),
            [SignOut, Remove]
        );
        assert_eq!(actions(SessionState::SignedOut, starting(), true), [Cancel]);
        // Only the vault remembers it: it can be signed out of, not in to or removed.
        assert_eq!(actions(SessionState::NeedsSignIn, None, false), [SignOut]);
        assert_eq!(actions(SessionState::SignedIn, None, false), [SignOut]);
        assert_eq!(actions(SessionState::SignedOut, None, false), []);
        // A console session lives in its profiles: it is signed in and out, not removed.
        let console = |state| SessionView {
            key: SessionKey::Login("arn:aws:iam::111122223333:user/ada".to_owned()),
            ..view(state, None)
        };
        assert_eq!(console(SessionState::SignedIn).actions(), [SignOut]);
        assert_eq!(
            console(SessionState::NeedsSignIn).actions(),
            [SignIn, UseCode]
        );
    }
}
