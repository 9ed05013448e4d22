//! The clock: sleeps until the next deadline of any session, renews silently, warns
//! before a session the user must renew ends. It reads the files it plans from only
//! when something may have changed: a deadline came (waited for on the wall clock, so
//! also right after a suspend: [`wall`]), the agent changed something (sign-in,
//! sign-out, settings), or a file it reads changed (watched: [`files`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::deadlines::{Due, Warned, Watched, plan};
use super::files::FileWatch;
use super::wall;
use crate::agent::{Agent, Event, Notice, NoticeKind, session_name};
use crate::problem::{Problem, Service};
use crate::vault::{Entry, EntryKind, SessionKey};

/// After a renewal that failed for a passing reason (network), the next try waits this
/// long, doubling up to [`RETRY_MAX`].
const RETRY_FIRST: Duration = Duration::from_secs(30);
const RETRY_MAX: Duration = Duration::from_secs(5 * 60);
/// A session just renewed is not renewed again sooner than this: a token that lives
/// less than its renewal lead (a clock ahead of the service's) must not make the clock
/// a loop of requests.
const RENEWED_REST: Duration = Duration::from_secs(10);

/// Runs the clock until the agent is dropped elsewhere and this task is aborted.
pub async fn run(agent: Arc<Agent>) {
    let mut clock = Clock::default();
    let mut files = FileWatch::new(&agent.watched_files(), {
        let agent = Arc::downgrade(&agent);
        move || {
            if let Some(agent) = agent.upgrade() {
                agent.wake.notify_one();
            }
        }
    });
    // What the files said when last read: they are read again only when they changed,
    // the agent changed something, or a deadline came.
    let mut watched = Vec::new();
    let mut read_files = true;
    loop {
        let watching = files.arm();
        if read_files || !watching {
            // One read of the vault's index serves the snapshot and the plan.
            let stored = agent.stored();
            agent.publish(&stored);
            watched = watched_by(&agent, &stored);
        }
        let now = SystemTime::now();
        let leads = agent.settings().lead_times();
        let plan = plan(&watched, &leads, &clock.retry_at, &mut clock.warned, now);
        let acted = !plan.due.is_empty();
        for due in plan.due {
            match due {
                Due::Renew(key) => clock.renew(&agent, &key, &watched, &leads).await,
                Due::Warn { key, left } => {
                    agent.activity.record(Event::Warned {
                        session: session_name(&key),
                        minutes_left: (left.as_secs() / 60) as u32,
                    });
                    agent.notifier.notify(Notice {
                        session: key,
                        kind: NoticeKind::EndsSoon { left },
                    });
                }
            }
        }
        if acted {
            // A renewal changed the sessions: show it and plan from it now, not after a
            // sleep planned before it.
            read_files = true;
            continue;
        }
        // Besides the deadline, a look at the wall clock each minute, which costs one
        // reading of it and a plan from what is known: for a clock that moved without
        // the kernel saying so (a process under libfaketime, as the end-to-end tests
        // run it), and where a wait cannot follow the wall clock (not Linux).
        let look = SystemTime::now() + wall::CHECK;
        let deadline = plan.next;
        read_files = tokio::select! {
            () = wall::until(deadline.into_iter().chain([look]).min()) => {
                deadline.is_some_and(|at| SystemTime::now() >= at)
            }
            () = agent.wake.notified() => true,
        };
    }
}

#[derive(Default)]
struct Clock {
    warned: Warned,
    /// The earliest each session may be renewed again: after a failure, or just after
    /// a renewal ([`RENEWED_REST`]).
    retry_at: HashMap<SessionKey, SystemTime>,
    failures: HashMap<SessionKey, u32>,
    /// "Could not be renewed" notices given, per session and token end.
    told: HashSet<(SessionKey, SystemTime)>,
}

impl Clock {
    async fn renew(
        &mut self,
        agent: &Arc<Agent>,
        key: &SessionKey,
        watched: &[Watched],
        leads: &[Duration],
    ) {
        let Some(before) = watched.iter().find(|session| session.key == *key) else {
            return;
        };
        let problem = match agent.renew(key).await {
            Ok(()) => match watched_by(agent, &agent.stored())
                .into_iter()
                .find(|s| s.key == *key)
            {
                // Renewed, or it can no longer renew and the warnings take over.
                Some(after) if after != *before => {
                    self.retry_at
                        .insert(key.clone(), SystemTime::now() + RENEWED_REST);
                    self.failures.remove(key);
                    let session = session_name(key);
                    agent.activity.record(if after.renewable {
                        Event::Renewed { session }
                    } else {
                        Event::RenewalFailed {
                            session,
                            problem: Problem::NeedsSignIn { session: None },
                        }
                    });
                    return;
                }
                _ => Problem::NetworkUnreachable {
                    service: Service::IdentityCenter,
                    detail: None,
                },
            },
            Err(error) => error.problem(),
        };
        agent.activity.record(Event::RenewalFailed {
            session: session_name(key),
            problem: problem.clone(),
        });
        let wait = if matches!(problem, Problem::NeedsSignIn { .. }) {
            // Only the user can help, and the next try costs no request: it follows
            // their sign-in closely (a CodeArtifact renewal waits for one).
            RETRY_FIRST
        } else {
            let failures = self.failures.entry(key.clone()).or_default();
            *failures += 1;
            RETRY_FIRST
                .saturating_mul(2u32.saturating_pow(*failures - 1))
                .min(RETRY_MAX)
        };
        self.retry_at.insert(key.clone(), SystemTime::now() + wait);
        // A passing failure is only worth a notice once the user must act soon. (A
        // refused renewal leaves the session unable to renew, so the lead-time warnings
        // take over.)
        let left = before
            .expires_at
            .duration_since(SystemTime::now())
            .unwrap_or_default();
        let soon = leads.iter().min().is_some_and(|lead| left <= *lead);
        // A CodeArtifact renewal that needs a sign-in has said so in its own words.
        let told_by_registry = matches!(key, SessionKey::CodeArtifact(_))
            && matches!(problem, Problem::NeedsSignIn { .. });
        if soon && !told_by_registry && self.told.insert((key.clone(), before.expires_at)) {
            agent.notifier.notify(Notice {
                session: key.clone(),
                kind: NoticeKind::RenewalFailed { problem },
            });
        }
    }
}

/// Everything the clock watches: the sessions in the vault, and the CodeArtifact
/// connections (one entry per token they share).
fn watched_by(agent: &Agent, stored: &[(SessionKey, Entry)]) -> Vec<Watched> {
    let mut watched = watched_in(stored);
    watched.extend(agent.registry_watch());
    watched
}

/// The sessions the clock watches: every IAM Identity Center and console session in
/// the vault.
fn watched_in(stored: &[(SessionKey, Entry)]) -> Vec<Watched> {
    stored
        .iter()
        .filter_map(|(key, entry)| {
            let renew_before = match entry.kind {
                EntryKind::Sso => crate::sso::REUSE_WINDOW,
                EntryKind::Login => crate::console::REUSE_WINDOW,
                // Nothing to renew: a key's session is asked for when a tool needs it.
                EntryKind::CodeArtifact | EntryKind::AccessKey => return None,
            };
            Some(Watched {
                key: key.clone(),
                expires_at: entry.expires_at,
                renewable: entry.renewable,
                renew_before,
                ends_at: entry.session_ends_at,
            })
        })
        .collect()
}

#[cfg(test)]
#[path = "scheduler_tests.rs"]
mod tests;
