//! `awning status`: every session and profile, its state, and the time it has left —
//! from the vault's index, so it answers while the keychain is locked.

use std::collections::BTreeSet;
use std::time::SystemTime;

use awning::broker::{Reply, Request};
use awning::config::ConfigView;
use awning::console::{ConsoleTarget, short_name};
use awning::credentials::status::{KnownSession, SessionStatus, known_sessions};
use awning::messages::Language;
use awning::sso::SsoTarget;
use awning::timestamps::format_cache_time;
use awning::vault::{SessionKey, stored_sessions};
use serde_json::{Value, json};

use crate::context::{ask_app, config_view};

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Print JSON for scripts instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: StatusArgs) -> anyhow::Result<()> {
    let view = config_view()?;
    let (sessions, signing_in) = known(&view)?;
    let now = SystemTime::now();
    let profiles: Vec<(String, Option<SessionKey>)> = view
        .profiles
        .iter()
        .map(|profile| {
            let key = SsoTarget::profile(&view, &profile.name)
                .ok()
                .map(|(target, _)| target.key)
                .or_else(|| ConsoleTarget::of_profile(&view, &profile.name).map(|t| t.key()));
            (profile.name.clone(), key)
        })
        .collect();
    let status = |key: &SessionKey| {
        sessions
            .iter()
            .find(|session| session.key == *key)
            .map_or_else(
                || SessionStatus::of(None, now),
                |session| session.status(now),
            )
    };
    if args.json {
        let session_rows: Vec<Value> = sessions
            .iter()
            .map(|session| {
                let row = json!({
                    "session": session.key.to_string(),
                    "signing_in": signing_in.contains(&session.key),
                });
                with_status(row, session.status(now), now)
            })
            .collect();
        let profile_rows: Vec<Value> = profiles
            .iter()
            .map(|(name, key)| match key {
                Some(key) => with_status(
                    json!({ "profile": name, "session": key.to_string() }),
                    status(key),
                    now,
                ),
                None => json!({ "profile": name, "session": null }),
            })
            .collect();
        let report = json!({ "sessions": session_rows, "profiles": profile_rows });
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    print_table(&sessions, &profiles, &status, now, &view);
    for key in &signing_in {
        println!("\n{key}: the Awning app is signing in now.");
    }
    Ok(())
}

/// What the running app knows (from memory, with the sign-ins under way), else the
/// config merged with the vault's index — by the same function either way.
fn known(view: &ConfigView) -> anyhow::Result<(Vec<KnownSession>, BTreeSet<SessionKey>)> {
    let Some(Reply::Status(rows)) = ask_app(&Request::Status)? else {
        return Ok((known_sessions(view, &stored_sessions()?), BTreeSet::new()));
    };
    let mut stored = Vec::new();
    let mut signing_in = BTreeSet::new();
    for row in rows {
        let Some(key) = SessionKey::parse(&row.session) else {
            continue;
        };
        if row.signing_in {
            signing_in.insert(key.clone());
        }
        if let Some(entry) = row.entry {
            stored.push((key, entry));
        }
    }
    Ok((known_sessions(view, &stored), signing_in))
}

fn with_status(mut row: Value, status: SessionStatus, now: SystemTime) -> Value {
    row["state"] = json!(status.state);
    row["expires_at"] = json!(status.expires_at.map(format_cache_time));
    row["seconds_left"] = json!(status.left(now).map(|left| left.as_secs()));
    row["renews_silently"] = json!(status.renews_silently);
    row["session_ends_at"] = json!(status.session_ends_at.map(format_cache_time));
    row
}

fn print_table(
    sessions: &[KnownSession],
    profiles: &[(String, Option<SessionKey>)],
    status: &dyn Fn(&SessionKey) -> SessionStatus,
    now: SystemTime,
    view: &ConfigView,
) {
    if sessions.is_empty() {
        println!(
            "No sessions: add an [sso-session] to your AWS config, then `awning login`; or sign \
             in with the AWS console: `awning login --console`."
        );
    }
    for session in sessions {
        let identity = match &session.key {
            SessionKey::Login(arn) => format!(" ({})", short_name(arn)),
            _ => String::new(),
        };
        println!(
            "{}{identity}  {}",
            session.key,
            describe(session.status(now), now)
        );
    }
    let sso_profiles: Vec<_> = profiles.iter().filter(|(_, key)| key.is_some()).collect();
    if !sso_profiles.is_empty() {
        println!();
    }
    for (name, key) in sso_profiles {
        let key = key.as_ref().expect("filtered to profiles with a session");
        println!("profile {name} ({key})  {}", describe(status(key), now));
    }
    let others = view.profiles.len() - profiles.iter().filter(|(_, k)| k.is_some()).count();
    if others > 0 {
        println!(
            "\n{others} other profiles do not sign in with Awning (`awning profiles` lists them)."
        );
    }
}

/// "signed in — 7 h 12 m left, renews silently", in the English catalogue's words.
fn describe(status: SessionStatus, now: SystemTime) -> String {
    let words = Language::En.catalogue();
    let mut text = words.state(status.state);
    let session_left = status
        .session_ends_at
        .filter(|_| status.renews_silently)
        .map(|end| end.duration_since(now).unwrap_or_default());
    match session_left {
        // A console session: 15-minute credentials, renewed until the session's end.
        Some(left) => text.push_str(&format!(
            " — {} left of the session, credentials renew silently every 15 minutes",
            words.duration(left)
        )),
        None => {
            if let Some(left) = status.left(now).filter(|left| !left.is_zero()) {
                text.push_str(&format!(" — {} left", words.duration(left)));
            }
            if status.renews_silently {
                text.push_str(", renews silently");
            }
        }
    }
    text
}
