//! What the agent tells the user outside the window, worded once for every platform in
//! the message catalogues.

use std::time::Duration;

use crate::messages::{Catalogue, describe_problem};
use crate::problem::Problem;
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
    /// A tool asked for credentials of `profile`, whose session needs a sign-in.
    NeedsSignIn { profile: String },
    /// Silent renewal did not work; the session ends unless the user signs in.
    RenewalFailed { problem: Problem },
    /// A sign-in the user did not watch (a tool asked for it) finished.
    SignedIn,
    /// A sign-in the user did not watch failed.
    SignInFailed { problem: Problem },
    /// `tool` stops reaching `repository` in `left` unless the user signs in, so that
    /// Awning can renew its CodeArtifact token.
    RegistryNeedsSignIn {
        tool: String,
        repository: String,
        left: Duration,
    },
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

    pub fn summary(&self, words: Catalogue) -> String {
        let name = self.session_name();
        let session = ("session", name.as_str());
        match &self.kind {
            NoticeKind::EndsSoon { left } => words.text(
                "notice.ends-soon-summary",
                &[session, ("left", &words.duration(*left))],
            ),
            NoticeKind::NeedsSignIn { .. } => {
                words.text("notice.needs-sign-in-summary", &[session])
            }
            NoticeKind::RenewalFailed { .. } => {
                words.text("notice.renewal-failed-summary", &[session])
            }
            NoticeKind::SignedIn => words.text("notice.signed-in-summary", &[session]),
            NoticeKind::SignInFailed { .. } => {
                words.text("notice.sign-in-failed-summary", &[session])
            }
            NoticeKind::RegistryNeedsSignIn {
                tool,
                repository,
                left,
            } => words.text(
                "notice.registry-needs-sign-in-summary",
                &[
                    ("tool", tool),
                    ("repository", repository),
                    ("left", &words.duration(*left)),
                ],
            ),
        }
    }

    pub fn body(&self, words: Catalogue) -> String {
        match &self.kind {
            NoticeKind::EndsSoon { .. } => words.text("notice.ends-soon-body", &[]),
            NoticeKind::NeedsSignIn { profile } => {
                words.text("notice.needs-sign-in-body", &[("profile", profile)])
            }
            NoticeKind::RenewalFailed { problem } => words.text(
                "notice.renewal-failed-body",
                &[("reason", &describe_problem(words, problem))],
            ),
            NoticeKind::SignedIn => words.text("notice.signed-in-body", &[]),
            NoticeKind::SignInFailed { problem } => words.text(
                "notice.sign-in-failed-body",
                &[("reason", &describe_problem(words, problem))],
            ),
            NoticeKind::RegistryNeedsSignIn { .. } => words.text(
                "notice.registry-needs-sign-in-body",
                &[("session", &self.session_name())],
            ),
        }
    }

    /// Whether the notification should carry a "Sign in" action.
    pub fn offers_sign_in(&self) -> bool {
        !matches!(self.kind, NoticeKind::SignedIn)
    }
}

/// `corp` for `sso-session:corp`, the start URL of a legacy session, the short name of
/// a console session, the domain of a CodeArtifact token.
pub fn session_name(key: &SessionKey) -> String {
    match key {
        SessionKey::SsoSession(name) | SessionKey::SsoStartUrl(name) => name.clone(),
        SessionKey::Login(arn) => crate::console::short_name(arn),
        // A CodeArtifact token is known by its domain.
        SessionKey::CodeArtifact(token) => token.domain.clone(),
        SessionKey::AccessKey(id) => id.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Language;
    use crate::problem::Service;

    fn notice(kind: NoticeKind) -> Notice {
        Notice {
            session: SessionKey::SsoSession("corp".to_owned()),
            kind,
        }
    }

    #[test]
    fn notices_read_as_sentences_naming_the_session() {
        let en = Language::En.catalogue();
        let ends = notice(NoticeKind::EndsSoon {
            left: Duration::from_secs(5 * 60),
        });
        assert_eq!(ends.summary(en), "corp ends in 5 m");
        assert!(ends.offers_sign_in());
        let asked = notice(NoticeKind::NeedsSignIn {
            profile: "dev".to_owned(),
        });
        assert_eq!(
            asked.body(en),
            "Profile dev asked for credentials. Sign in to continue."
        );
        assert!(!notice(NoticeKind::SignedIn).offers_sign_in());
        let registry = notice(NoticeKind::RegistryNeedsSignIn {
            tool: "npm".to_owned(),
            repository: "acme/packages".to_owned(),
            left: Duration::from_secs(15 * 60),
        });
        assert_eq!(
            registry.summary(en),
            "npm for acme/packages stops working in 15 m"
        );
        assert_eq!(
            registry.body(en),
            "Sign in to corp so Awning can renew its CodeArtifact token."
        );
        assert!(registry.offers_sign_in());
    }

    #[test]
    fn notices_speak_japanese_with_the_reason_in_japanese() {
        let ja = Language::Ja.catalogue();
        let ends = notice(NoticeKind::EndsSoon {
            left: Duration::from_secs(14 * 60 + 30),
        });
        assert_eq!(ends.summary(ja), "corp はあと 14 分で終了します");
        let failed = notice(NoticeKind::RenewalFailed {
            problem: Problem::Throttled {
                service: Service::IdentityCenter,
            },
        });
        assert_eq!(failed.summary(ja), "corp を更新できませんでした");
        assert!(
            failed
                .body(ja)
                .starts_with("リクエストが多すぎるため IAM Identity Center")
        );
    }
}
