//! What the window is shown: view types of the agent's state, in camelCase for the web
//! view. Engine enums made for the boundary (`Problem`, `Action`, `SessionState`) cross
//! as they are.

use std::time::SystemTime;

use awning::agent::{
    Action, Event, Happening, ProfileListing, SessionView, Settings, SignInFor, SignInProgress,
    Snapshot,
};
use awning::config;
use awning::console::account_of;
use awning::credentials::status::SessionState;
use awning::manager::ProfileRow;
use awning::messages::Language;
use awning::problem::Problem;
use awning::vault::SessionKey;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionsView {
    pub sessions: Vec<SessionRow>,
    /// First console sign-ins under way, by profile.
    pub new_console_sign_ins: Vec<NewConsoleRow>,
    /// Why the config could not be read, if it could not.
    pub config_problem: Option<Problem>,
    /// Every tool configured for CodeArtifact (the Package registries page).
    pub registries: Vec<super::registries::RegistryRow>,
}

/// What kind of sign-in a session is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum SessionKind {
    IdentityCenter,
    Console,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewConsoleRow {
    /// What the commands take to cancel it or give it its code.
    pub id: String,
    pub profile: String,
    pub sign_in: SignInView,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionRow {
    /// What the commands take: `sso-session:corp`, `login:arn:…`.
    pub id: String,
    pub kind: SessionKind,
    /// `corp`; `ada@111122223333` for a console session.
    pub name: String,
    /// A console session's identity and account; the profiles that use it.
    pub arn: Option<String>,
    pub account: Option<String>,
    pub profiles: Vec<String>,
    pub state: SessionState,
    /// Milliseconds since the epoch, for the live countdown.
    pub expires_at: Option<f64>,
    /// When a console session ends, which no renewal can pass.
    pub session_ends_at: Option<f64>,
    pub renews_silently: bool,
    /// False when only the vault remembers it.
    pub configured: bool,
    pub sign_in: Option<SignInView>,
    pub problem: Option<Problem>,
    /// What the window offers, in order; the engine decides.
    pub actions: Vec<Action>,
}

/// A sign-in under way, as the window shows it.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SignInView {
    Starting,
    Browser {
        url: String,
        opened: bool,
    },
    /// Approve at `url` on any device and paste the code it shows.
    Remote {
        url: String,
    },
    Device {
        user_code: String,
        verification_uri: String,
        expires_at: f64,
        opened: bool,
    },
}

pub fn millis(at: SystemTime) -> f64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as f64
}

impl From<&Snapshot> for SessionsView {
    fn from(snapshot: &Snapshot) -> Self {
        Self {
            sessions: snapshot.sessions.iter().map(SessionRow::from).collect(),
            new_console_sign_ins: snapshot
                .new_console_sign_ins
                .iter()
                .map(|(profile, progress)| NewConsoleRow {
                    id: SignInFor::NewConsole {
                        profile: profile.clone(),
                    }
                    .id(),
                    profile: profile.clone(),
                    sign_in: SignInView::from(progress),
                })
                .collect(),
            config_problem: snapshot.config_problem.clone(),
            registries: snapshot
                .registries
                .iter()
                .map(super::registries::RegistryRow::from)
                .collect(),
        }
    }
}

impl From<&SessionView> for SessionRow {
    fn from(session: &SessionView) -> Self {
        let arn = match &session.key {
            SessionKey::Login(arn) => Some(arn.clone()),
            _ => None,
        };
        Self {
            id: session.key.item_name(),
            kind: match session.key {
                SessionKey::Login(_) => SessionKind::Console,
                _ => SessionKind::IdentityCenter,
            },
            name: session.name.clone(),
            account: arn.as_deref().and_then(account_of).map(str::to_owned),
            arn,
            profiles: session.profiles.clone(),
            state: session.status.state,
            expires_at: session.status.expires_at.map(millis),
            session_ends_at: session.status.session_ends_at.map(millis),
            renews_silently: session.status.renews_silently,
            configured: session.configured,
            sign_in: session.sign_in.as_ref().map(SignInView::from),
            problem: session.problem.clone(),
            actions: session.actions(),
        }
    }
}

impl From<&SignInProgress> for SignInView {
    fn from(progress: &SignInProgress) -> Self {
        match progress {
            SignInProgress::Starting => Self::Starting,
            SignInProgress::Browser { url, opened } => Self::Browser {
                url: url.clone(),
                opened: *opened,
            },
            SignInProgress::Remote { url } => Self::Remote { url: url.clone() },
            SignInProgress::Device {
                user_code,
                verification_uri,
                expires_at,
                opened,
            } => Self::Device {
                user_code: user_code.clone(),
                verification_uri: verification_uri.clone(),
                expires_at: millis(*expires_at),
                opened: *opened,
            },
        }
    }
}

#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileList {
    /// The files the profiles were read from, to show the user where they live.
    pub config_file: String,
    pub credentials_file: String,
    pub profiles: Vec<ProfileRow>,
    pub sso_sessions: Vec<String>,
    /// What `awning config check` reports of the config file.
    pub problems: Vec<config::Problem>,
    /// The one-click move onto an sso-session of each legacy SSO profile.
    pub session_moves: Vec<config::Fix>,
}

impl From<ProfileListing> for ProfileList {
    fn from(listing: ProfileListing) -> Self {
        Self {
            config_file: listing.config_file.display().to_string(),
            credentials_file: listing.credentials_file.display().to_string(),
            profiles: listing.profiles,
            sso_sessions: listing.sso_sessions,
            problems: listing.problems,
            session_moves: listing.session_moves,
        }
    }
}

/// The new sso-session form as the window sends it.
#[derive(Debug, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionForm {
    pub name: String,
    pub start_url: String,
    pub region: String,
    pub scopes: String,
}

/// The "Add console sign-in" form.
#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConsoleForm {
    pub profile: String,
    pub region: String,
    /// Approve on another device and paste the code.
    pub remote: bool,
}

/// The settings, and the language they make the window speak.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub settings: Settings,
    /// The language in effect: the chosen one, or the system's.
    pub language: Language,
    /// Why these are the defaults (the kept settings are damaged), until saved again.
    pub problem: Option<Problem>,
}

/// One event of the Activity page.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ActivityItem {
    /// Milliseconds since the epoch.
    pub at: f64,
    pub event: Event,
}

impl From<Happening> for ActivityItem {
    fn from(happening: Happening) -> Self {
        Self {
            at: millis(happening.at),
            event: happening.event,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_cross_the_boundary_in_camel_case_with_kebab_kinds() {
        let config = config::Document::parse(
            "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n",
        );
        let view = config::ConfigView::read(&config, &config::Document::default());
        let row = awning::manager::rows(&view, &Default::default(), &Default::default()).remove(0);
        let json = serde_json::to_value(row).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "name": "dev", "kind": "sso-session", "ssoSession": "corp", "accountId": "1",
                "accountName": null, "role": "R", "region": null, "ssoRegion": null,
                "sourceProfile": null, "inCredentials": false, "line": 1, "generatedFrom": null,
                "mark": {"favourite": false, "hidden": false, "tag": null}
            })
        );
    }

    #[test]
    fn a_problem_crosses_as_its_code_and_parameters() {
        let problem = Problem::NotFound {
            thing: awning::problem::Thing::SsoSession,
            name: "corp".to_owned(),
        };
        assert_eq!(
            serde_json::to_value(problem).unwrap(),
            serde_json::json!({"code": "not-found", "thing": "sso-session", "name": "corp"})
        );
    }
}
