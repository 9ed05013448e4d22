//! What the agent did, for the window's Activity page and the log file. Each event is
//! data — names, times, line numbers, codes — never a token and never a sentence: the
//! window words it from its catalogue, and the log writes its fields.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::Mutex;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::locked;
use crate::config::Change;
use crate::problem::Problem;

/// How many events the Activity page can show; older ones are only in the log file.
const KEPT: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum Event {
    SignedIn {
        session: String,
    },
    SignInFailed {
        session: String,
        problem: Problem,
    },
    /// The session's token was renewed without the user.
    Renewed {
        session: String,
    },
    RenewalFailed {
        session: String,
        problem: Problem,
    },
    /// The user was warned that `session` ends in `minutes_left`.
    Warned {
        session: String,
        minutes_left: u32,
    },
    SignedOut {
        session: String,
    },
    /// Awning changed `file`: `lines` are the changed line ranges of the new version
    /// (1-based, end exclusive; an empty range is where lines were removed).
    FileChanged {
        file: String,
        lines: Vec<LineRange>,
    },
    /// A tool asked for `profile`'s credentials through the CLI.
    CredentialsServed {
        profile: String,
    },
    CredentialsRefused {
        profile: String,
        problem: Problem,
    },
    SettingsSaved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LineRange {
    pub start: u32,
    pub end: u32,
}

/// An event and when it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Happening {
    pub at: SystemTime,
    pub event: Event,
}

/// The recent events, newest last.
#[derive(Debug)]
pub struct Activity {
    recent: Mutex<VecDeque<Happening>>,
    /// Counts the events recorded, so the window hears of each.
    recorded: watch::Sender<u64>,
}

impl Default for Activity {
    fn default() -> Self {
        Self {
            recent: Mutex::default(),
            recorded: watch::channel(0).0,
        }
    }
}

impl Activity {
    /// Keeps `event` for the window and writes it to the log.
    pub fn record(&self, event: Event) {
        log(&event);
        let mut recent = locked(&self.recent);
        if recent.len() == KEPT {
            recent.pop_front();
        }
        recent.push_back(Happening {
            at: SystemTime::now(),
            event,
        });
        drop(recent);
        self.recorded.send_modify(|count| *count += 1);
    }

    /// Changes whenever an event is recorded.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.recorded.subscribe()
    }

    pub fn recent(&self) -> Vec<Happening> {
        locked(&self.recent).iter().cloned().collect()
    }
}

/// The event as one log line: its kind and fields, at info (failures at warn).
fn log(event: &Event) {
    let fields = serde_json::to_string(event).unwrap_or_default();
    match event {
        Event::SignInFailed { .. }
        | Event::RenewalFailed { .. }
        | Event::CredentialsRefused { .. } => {
            tracing::warn!(target: "awning::activity", "{fields}")
        }
        Event::SignedIn { .. }
        | Event::Renewed { .. }
        | Event::Warned { .. }
        | Event::SignedOut { .. }
        | Event::FileChanged { .. }
        | Event::CredentialsServed { .. }
        | Event::SettingsSaved => tracing::info!(target: "awning::activity", "{fields}"),
    }
}

/// What a config change did: which file, which lines of its new version.
pub fn file_changed(change: &Change) -> Event {
    Event::FileChanged {
        file: change.path.display().to_string(),
        lines: changed_lines(&change.before, &change.after)
            .into_iter()
            .map(|range| LineRange {
                start: range.start as u32 + 1,
                end: range.end as u32 + 1,
            })
            .collect(),
    }
}

/// The 0-based line ranges of `after` that differ from `before`.
fn changed_lines(before: &str, after: &str) -> Vec<Range<usize>> {
    similar::TextDiff::from_lines(before, after)
        .ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .map(similar::DiffOp::new_range)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_names_the_lines_it_touched_in_the_new_file() {
        let before = "[a]\nx = 1\n\n[b]\ny = 2\n";
        let after = "[a]\nx = 3\n\n[b]\ny = 2\n\n[c]\nz = 4\n";
        assert_eq!(changed_lines(before, after), [1..2, 5..8]);
        assert_eq!(changed_lines(after, before), [1..2, 5..5]);
    }

    #[test]
    fn only_the_newest_events_are_kept() {
        let activity = Activity::default();
        for n in 0..KEPT + 5 {
            activity.record(Event::CredentialsServed {
                profile: format!("p{n}"),
            });
        }
        let recent = activity.recent();
        assert_eq!(recent.len(), KEPT);
        assert_eq!(
            recent[0].event,
            Event::CredentialsServed {
                profile: "p5".to_owned()
            }
        );
    }
}
