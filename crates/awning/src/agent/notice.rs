//! What the agent tells the user outside the window, worded once for every platform.

use std::time::Duration;

use crate::status::describe_left;
use crate::vault::SessionKey;

/// Something the user should know about a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub session: SessionKey,
    pub kind: NoticeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeKind {
    /// A session that cannot renew itself ends in `left`.
    EndsSoon { left: Duration },
    /// A tool asked for credentials of a session that needs a sign-in.
    NeedsSignIn { asked_for: String },
    /// Silent renewal did not work; the session ends unless the user signs in.
    RenewalFailed { reason: String },
    /// A sign-in the user did not watch (a tool asked for it) finished.
    SignedIn,
    /// A sign-in the user did not watch failed.
    SignInFailed { reason: String },
}

/// Delivers notices (desktop notifications in the app).
pub trait Notifier: Send + Sync {
    /// Shows `notice`; must return promptly whatever the notification service does.
    fn notify(&self, notice: Notice);
}

impl Notice {
    /// The session's name as people know it: `corp` for `sso-session:corp`.
    pub fn session_name(&self) -> String {
        session_name(&self.session)
    }

    pub fn summary(&self) -> String {
        let name = self.session_name();
        match &self.kind {
            NoticeKind::EndsSoon { left } => format!("{name} ends in {}", describe_left(*left)),
            NoticeKind::NeedsSignIn { .. } => format!("{name} needs a sign-in"),
            NoticeKind::RenewalFailed { .. } => format!("{name} could not be renewed"),
            NoticeKind::SignedIn => format!("Signed in to {name}"),
            NoticeKind::SignInFailed { .. } => format!("Sign-in to {name} failed"),
        }
    }

    pub fn body(&self) -> String {
        match &self.kind {
            NoticeKind::EndsSoon { .. } => {
                "Sign in again to keep your AWS tools working.".to_owned()
            }
            NoticeKind::NeedsSignIn { asked_for } => {
                format!("{asked_for} asked for credentials. Sign in to continue.")
            }
            NoticeKind::RenewalFailed { reason } => {
                format!("{reason}. Sign in again before the session ends.")
            }
            NoticeKind::SignedIn => "Your AWS tools can use the session now.".to_owned(),
            NoticeKind::SignInFailed { reason } => format!("{reason}. Try again from Awning."),
        }
    }

    /// Whether the notification should carry a "Sign in" action.
    pub fn offers_sign_in(&self) -> bool {
        !matches!(self.kind, NoticeKind::SignedIn)
    }
}

/// `corp` for `sso-session:corp`, the start URL of a legacy session; other keys as
/// the CLI writes them.
pub fn session_name(key: &SessionKey) -> String {
    match key {
        SessionKey::SsoSession(name) | SessionKey::SsoStartUrl(name) => name.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_read_as_sentences_naming_the_session() {
        let notice = |kind| Notice {
            session: SessionKey::SsoSession("corp".to_owned()),
            kind,
        };
        let ends = notice(NoticeKind::EndsSoon {
            left: Duration::from_secs(5 * 60),
        });
        assert_eq!(ends.summary(), "corp ends in 5 m");
        assert!(ends.offers_sign_in());
        let asked = notice(NoticeKind::NeedsSignIn {
            asked_for: "Profile dev".to_owned(),
        });
        assert_eq!(
            asked.body(),
            "Profile dev asked for credentials. Sign in to continue."
        );
        assert!(!notice(NoticeKind::SignedIn).offers_sign_in());
    }
}
