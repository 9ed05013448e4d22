//! Moving a legacy SSO profile (its own `sso_start_url` and `sso_region`) onto an
//! `[sso-session]`: the token of a session has a refresh token, so Awning can renew it
//! silently, where a legacy one ends every few hours.

use url::Url;

use super::document::Document;
use super::edit::EditError;
use super::issues::Fix;
use super::profiles::{ConfigView, Profile, ProfileKind};
use super::sections::{FileKind, SectionName};
use super::validate::is_name_char;

/// The scope every session needs to list accounts and roles (the AWS CLI's default).
const ACCOUNT_ACCESS: &str = "sso:account:access";

/// The move of `profile` onto a session, if it is a legacy SSO profile: onto a session
/// of the same start URL and region where the config has one, else onto a new session
/// named after the portal (`my-company` for `https://my-company.awsapps.com/start`).
pub fn session_move(view: &ConfigView, profile: &Profile) -> Option<Fix> {
    if profile.kind != ProfileKind::LegacySso {
        return None;
    }
    let start_url = profile.get("sso_start_url")?;
    let region = profile.get("sso_region")?;
    let same_portal = |url: &str| url.trim_end_matches('/') == start_url.trim_end_matches('/');
    let session = view
        .sso_sessions
        .iter()
        .find(|session| {
            session.start_url().is_some_and(same_portal) && session.region() == Some(region)
        })
        .map(|session| session.name.clone())
        .unwrap_or_else(|| {
            let taken = |name: &str| view.sso_session(name).is_some();
            unused_name(&portal_name(start_url), taken)
        });
    Some(Fix::MoveToSession {
        profile: profile.name.clone(),
        session,
    })
}

/// Points the legacy `profile` at `session`, creating the session from the profile's
/// start URL and region where the config lacks it; the profile keeps its account, role
/// and every other key.
pub(super) fn move_to_session(
    document: &mut Document,
    profile: &str,
    session: &str,
) -> Result<(), EditError> {
    let kind = FileKind::Config;
    let profile = SectionName::Profile(profile.to_owned());
    let target = SectionName::SsoSession(session.to_owned());
    if !document.has_section(kind, &target) {
        let value = |key: &str| {
            document
                .value(kind, &profile, key)
                .unwrap_or_default()
                .to_owned()
        };
        let keys = vec![
            ("sso_start_url".to_owned(), value("sso_start_url")),
            ("sso_region".to_owned(), value("sso_region")),
            (
                "sso_registration_scopes".to_owned(),
                ACCOUNT_ACCESS.to_owned(),
            ),
        ];
        document.append_sections(kind, &[(target, keys)])?;
    }
    document.set(kind, &profile, "sso_session", session)?;
    document.unset(kind, &profile, "sso_start_url")?;
    document.unset(kind, &profile, "sso_region")
}

/// The portal's subdomain, or its host where it has none, in the characters a session
/// name may hold.
fn portal_name(start_url: &str) -> String {
    let host = Url::parse(start_url.trim())
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_default();
    let name = host.strip_suffix(".awsapps.com").unwrap_or(&host);
    let name: String = name.chars().filter(|c| is_name_char(*c)).collect();
    if name.is_empty() {
        "sso".to_owned()
    } else {
        name
    }
}

/// `name`, or `name-2`, `name-3`… where the config has it already.
fn unused_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    std::iter::once(name.to_owned())
        .chain((2..).map(|n| format!("{name}-{n}")))
        .find(|candidate| !taken(candidate))
        .expect("an unbounded sequence has an unused name")
}

#[cfg(test)]
#[path = "session_move_tests.rs"]
mod tests;
