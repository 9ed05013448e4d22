//! `awning status`: every session and profile, its state, and the time it has left —
//! from the vault's index, so it answers while the keychain is locked.

use std::collections::BTreeMap;
use std::time::SystemTime;

use awning::config::ConfigView;
use awning::sso::SsoTarget;
use awning::status::{SessionStatus, describe_left};
use awning::timestamps::format_cache_time;
use awning::vault::{Entry, SessionKey, stored_sessions};
use serde_json::{Value, json};

use crate::context::config_view;

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Print JSON for scripts instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: StatusArgs) -> anyhow::Result<()> {
    let view = config_view()?;
    let stored: BTreeMap<SessionKey, Entry> = stored_sessions()?.into_iter().collect();
    let now = SystemTime::now();
    let mut sessions: Vec<SessionKey> = stored.keys().cloned().collect();
    sessions.extend(
        view.sso_sessions
            .iter()
            .map(|session| SessionKey::SsoSession(session.name.clone())),
    );
    let profiles: Vec<(String, Option<SessionKey>)> = view
        .profiles
        .iter()
        .map(|profile| {
            let key = SsoTarget::profile(&view, &profile.name)
                .ok()
                .map(|(target, _)| target.key);
            (profile.name.clone(), key)
        })
        .collect();
    sessions.extend(profiles.iter().filter_map(|(_, key)| key.clone()));
    sessions.sort();
    sessions.dedup();
    let status = |key: &SessionKey| SessionStatus::of(stored.get(key), now);
    if args.json {
        let session_rows: Vec<Value> = sessions
            .iter()
            .map(|key| with_status(json!({ "session": key.to_string() }), status(key), now))
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
    Ok(())
}

fn with_status(mut row: Value, status: SessionStatus, now: SystemTime) -> Value {
    row["state"] = json!(status.state);
    row["expires_at"] = json!(status.expires_at.map(format_cache_time));
    row["seconds_left"] = json!(status.left(now).map(|left| left.as_secs()));
    row["renews_silently"] = json!(status.renews_silently);
    row
}

fn print_table(
    sessions: &[SessionKey],
    profiles: &[(String, Option<SessionKey>)],
    status: &dyn Fn(&SessionKey) -> SessionStatus,
    now: SystemTime,
    view: &ConfigView,
) {
    if sessions.is_empty() {
        println!("No sessions: add an [sso-session] to your AWS config, then `awning login`.");
    }
    for key in sessions {
        println!("{key}  {}", describe(status(key), now));
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
            "\n{others} other profiles do not use IAM Identity Center (`awning profiles` lists them)."
        );
    }
}

/// "signed in — 7 h 12 m left, renews silently".
fn describe(status: SessionStatus, now: SystemTime) -> String {
    let mut words = status.state.describe().to_owned();
    if let Some(left) = status.left(now).filter(|left| !left.is_zero()) {
        words.push_str(&format!(" — {} left", describe_left(left)));
    }
    if status.renews_silently {
        words.push_str(", renews silently");
    }
    words
}
