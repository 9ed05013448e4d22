//! One sign-in per session at a time, however many callers (tray, window, CLI
//! requests) want it; each caller waits for the same outcome.

use std::sync::{Arc, Weak};

use tokio::sync::watch;
use tokio::task::AbortHandle;

use super::{Agent, AgentError, Event, Notice, NoticeKind, SignInProgress, locked};
use crate::problem::Problem;
use crate::sso::oidc::DeviceAuthorization;
use crate::sso::{Interactive, SignInOptions, SignInPrompt, SsoTarget};
use crate::vault::SessionKey;

/// How a sign-in ended: `Err` holds what went wrong.
pub type Outcome = Result<(), Problem>;

/// Who is waiting for a sign-in, which decides whether its end is worth a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watcher {
    /// The user started it from the tray, the window or a notification and sees it.
    User,
    /// A tool asked for credentials; the user learns of the end only by notification.
    Background,
}

pub(super) struct Running {
    pub progress: SignInProgress,
    abort: AbortHandle,
    done: watch::Receiver<Option<Outcome>>,
}

impl Agent {
    /// Starts signing in to `[sso-session name]`, or joins the sign-in under way.
    pub fn sign_in(
        self: &Arc<Self>,
        name: &str,
        options: SignInOptions,
    ) -> Result<watch::Receiver<Option<Outcome>>, AgentError> {
        let target = self.session_target(name)?;
        Ok(self.start_sign_in(target, options, Watcher::User))
    }

    /// Stops the sign-in to `name` under way, if any; its waiters hear "cancelled".
    pub fn cancel_sign_in(&self, name: &str) {
        let key = SessionKey::SsoSession(name.to_owned());
        if let Some(running) = locked(&self.sign_ins).remove(&key) {
            running.abort.abort();
            self.changed();
        }
    }

    pub(super) fn running_sign_in(
        &self,
        key: &SessionKey,
    ) -> Option<watch::Receiver<Option<Outcome>>> {
        locked(&self.sign_ins)
            .get(key)
            .map(|running| running.done.clone())
    }

    pub(super) fn start_sign_in(
        self: &Arc<Self>,
        target: SsoTarget,
        options: SignInOptions,
        watcher: Watcher,
    ) -> watch::Receiver<Option<Outcome>> {
        let mut running = locked(&self.sign_ins);
        if let Some(existing) = running.get(&target.key) {
            return existing.done.clone();
        }
        let (finished, done) = watch::channel(None);
        let key = target.key.clone();
        let agent = Arc::clone(self);
        // The task cannot report progress or finish before its entry is in the map:
        // both take the lock held here.
        let task = tokio::spawn(async move {
            let prompt = ProgressPrompt {
                agent: Arc::downgrade(&agent),
                key: target.key.clone(),
            };
            let how = Interactive {
                options,
                prompt: &prompt,
            };
            let outcome = agent
                .engine
                .sign_in(&target, how)
                .await
                .map(drop)
                .map_err(|error| error.problem());
            agent.finish_sign_in(&target.key, &outcome, watcher);
            // Nobody waiting is fine: the tray and window read the snapshot instead.
            let _ = finished.send(Some(outcome));
        });
        running.insert(
            key,
            Running {
                progress: SignInProgress::Starting,
                abort: task.abort_handle(),
                done: done.clone(),
            },
        );
        drop(running);
        self.changed();
        done
    }

    fn finish_sign_in(&self, key: &SessionKey, outcome: &Outcome, watcher: Watcher) {
        locked(&self.sign_ins).remove(key);
        self.forget_credentials(key);
        let session = super::session_name(key);
        let kind = match outcome {
            Ok(()) => {
                locked(&self.problems).remove(key);
                self.activity.record(Event::SignedIn { session });
                NoticeKind::SignedIn
            }
            Err(problem) => {
                locked(&self.problems).insert(key.clone(), problem.clone());
                self.activity.record(Event::SignInFailed {
                    session,
                    problem: problem.clone(),
                });
                NoticeKind::SignInFailed {
                    problem: problem.clone(),
                }
            }
        };
        if watcher == Watcher::Background {
            self.notifier.notify(Notice {
                session: key.clone(),
                kind,
            });
        }
        self.changed();
    }

    fn set_progress(&self, key: &SessionKey, progress: SignInProgress) {
        if let Some(running) = locked(&self.sign_ins).get_mut(key) {
            running.progress = progress;
        }
        self.refresh();
    }
}

/// Waits for a sign-in's outcome; a sign-in that was cancelled (its task dropped) is
/// [`AgentError::Cancelled`].
pub(super) async fn outcome_of(
    mut done: watch::Receiver<Option<Outcome>>,
) -> Result<(), AgentError> {
    let finished = done
        .wait_for(Option::is_some)
        .await
        .ok()
        .and_then(|outcome| outcome.clone());
    match finished {
        Some(Ok(())) => Ok(()),
        Some(Err(problem)) => Err(AgentError::SignInFailed(problem)),
        None => Err(AgentError::Cancelled),
    }
}

/// Puts what the user must see into the snapshot, for the window to show.
struct ProgressPrompt {
    agent: Weak<Agent>,
    key: SessionKey,
}

impl SignInPrompt for ProgressPrompt {
    fn browser_sign_in(&self, url: &str, opened: Result<(), String>) {
        if let Some(agent) = self.agent.upgrade() {
            let progress = SignInProgress::Browser {
                url: url.to_owned(),
                opened: opened.is_ok(),
            };
            agent.set_progress(&self.key, progress);
        }
    }

    fn device_sign_in(&self, device: &DeviceAuthorization, opened: Result<(), String>) {
        if let Some(agent) = self.agent.upgrade() {
            let progress = SignInProgress::Device {
                user_code: device.user_code.clone(),
                verification_uri: device.verification_uri.clone(),
                expires_at: device.expires_at,
                opened: opened.is_ok(),
            };
            agent.set_progress(&self.key, progress);
        }
    }
}
