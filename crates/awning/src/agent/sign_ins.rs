//! One sign-in per session at a time, however many callers (tray, window, CLI
//! requests) want it; each caller waits for the same outcome. IAM Identity Center and
//! console sign-ins alike; a first console sign-in for a profile, whose session is known
//! only once it is done, runs under the profile's name.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Weak};

use tokio::sync::{oneshot, watch};
use tokio::task::AbortHandle;

use super::{Agent, AgentError, Event, Notice, NoticeKind, SignInProgress, locked};
use crate::config::Document;
use crate::console::{
    ConsoleError, ConsolePrompt, ConsoleSignIn, ConsoleTarget, NewConsoleSignIn, PastedCode,
    bind_profile,
};
use crate::problem::Problem;
use crate::sso::oidc::DeviceAuthorization;
use crate::sso::{Interactive, SignInOptions, SignInPrompt, SsoTarget};
use crate::vault::{Secret, SessionKey};

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

/// What a sign-in under way is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SignInFor {
    /// A session the config or the vault knows.
    Session(SessionKey),
    /// A first console sign-in for `profile`, which gets `login_session` when done.
    NewConsole { profile: String },
}

const NEW_CONSOLE: &str = "new-console:";

impl SignInFor {
    /// How the window and the tray name it: the session's item name
    /// (`sso-session:corp`, `login:arn:…`), or `new-console:PROFILE`.
    pub fn id(&self) -> String {
        match self {
            Self::Session(key) => key.item_name(),
            Self::NewConsole { profile } => format!("{NEW_CONSOLE}{profile}"),
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        match id.strip_prefix(NEW_CONSOLE) {
            Some(profile) => Some(Self::NewConsole {
                profile: profile.to_owned(),
            }),
            None => SessionKey::parse(id).map(Self::Session),
        }
    }
}

pub(super) struct Running {
    pub progress: SignInProgress,
    abort: AbortHandle,
    done: watch::Receiver<Option<Outcome>>,
    /// Where the code pasted into the window goes, while a remote sign-in waits for it.
    code: Option<oneshot::Sender<Secret>>,
}

type Job = Pin<Box<dyn Future<Output = Outcome> + Send>>;

impl Agent {
    /// Starts signing in to `key`, or joins the sign-in under way. `options.device_code`
    /// is, for a console session, the remote sign-in: approve on another device.
    pub fn sign_in(
        self: &Arc<Self>,
        key: &SessionKey,
        options: SignInOptions,
    ) -> Result<watch::Receiver<Option<Outcome>>, AgentError> {
        match key {
            SessionKey::SsoSession(name) => {
                let target = self.session_target(name)?;
                Ok(self.start_sign_in(target, options, Watcher::User))
            }
            SessionKey::Login(arn) => {
                let target = self.console_target(arn);
                Ok(self.start_console_sign_in(target, options.device_code, Watcher::User))
            }
            other => Err(AgentError::NoSuchSession(other.item_name())),
        }
    }

    /// Signs in with the AWS console's sign-in for `profile` in `region`, and points
    /// the profile at the new session (`login_session`, `region`). Waits for the end.
    pub async fn add_console_sign_in(
        self: &Arc<Self>,
        form: &NewConsoleSignIn,
        remote: bool,
    ) -> Result<(), AgentError> {
        let view = self.config_view()?;
        let taken: Vec<String> = view
            .profiles
            .iter()
            .filter(|profile| ConsoleTarget::of_profile(&view, &profile.name).is_none())
            .map(|profile| profile.name.clone())
            .collect();
        let problems = form.problems(&taken);
        if !problems.is_empty() {
            return Err(AgentError::Invalid(problems));
        }
        let (profile, region) = (form.profile().to_owned(), form.region().to_owned());
        let slot = SignInFor::NewConsole {
            profile: profile.clone(),
        };
        let agent = Arc::clone(self);
        let done = self.start(slot.clone(), Watcher::User, move |prompt| {
            console_job(async move {
                let how = ConsoleSignIn {
                    remote,
                    prompt: &prompt,
                };
                let new = agent.console.sign_in(&region, how).await?;
                let (arn, region) = (new.arn.clone(), new.region.clone());
                agent.console.keep(new).await?;
                agent.bind_profile(&profile, &arn, &region)?;
                agent.activity.record(Event::SignedIn {
                    session: crate::console::short_name(&arn),
                });
                Ok(())
            })
        });
        outcome_of(done).await
    }

    /// Stops the sign-in under way, if any; its waiters hear "cancelled".
    pub fn cancel_sign_in(&self, slot: &SignInFor) {
        if let Some(running) = locked(&self.sign_ins).remove(slot) {
            running.abort.abort();
            self.changed();
        }
    }

    /// Gives a remote console sign-in the code its confirmation page showed.
    pub fn submit_code(&self, slot: &SignInFor, code: &str) -> Result<(), AgentError> {
        let sender = locked(&self.sign_ins)
            .get_mut(slot)
            .and_then(|running| running.code.take())
            .ok_or(AgentError::Cancelled)?;
        sender
            .send(Secret::new(code.trim()))
            .map_err(|_| AgentError::Cancelled)
    }

    pub(super) fn running_sign_in(
        &self,
        key: &SessionKey,
    ) -> Option<watch::Receiver<Option<Outcome>>> {
        locked(&self.sign_ins)
            .get(&SignInFor::Session(key.clone()))
            .map(|running| running.done.clone())
    }

    pub(super) fn start_sign_in(
        self: &Arc<Self>,
        target: SsoTarget,
        options: SignInOptions,
        watcher: Watcher,
    ) -> watch::Receiver<Option<Outcome>> {
        let agent = Arc::clone(self);
        let slot = SignInFor::Session(target.key.clone());
        self.start(slot, watcher, move |prompt| {
            Box::pin(async move {
                let how = Interactive {
                    options,
                    prompt: &prompt,
                };
                agent
                    .engine
                    .sign_in(&target, how)
                    .await
                    .map(drop)
                    .map_err(|error| error.problem())
            })
        })
    }

    pub(super) fn start_console_sign_in(
        self: &Arc<Self>,
        target: ConsoleTarget,
        remote: bool,
        watcher: Watcher,
    ) -> watch::Receiver<Option<Outcome>> {
        let agent = Arc::clone(self);
        self.start(SignInFor::Session(target.key()), watcher, move |prompt| {
            console_job(async move {
                let how = ConsoleSignIn {
                    remote,
                    prompt: &prompt,
                };
                let new = agent.console.sign_in(&target.region, how).await?;
                if new.arn != target.arn {
                    return Err(ConsoleError::OtherIdentity {
                        expected: target.arn.clone(),
                        signed_in: new.arn,
                    }
                    .into());
                }
                agent.console.keep(new).await?;
                Ok(())
            })
        })
    }

    /// Runs `job` as the one sign-in of `slot`, or joins the one under way.
    fn start(
        self: &Arc<Self>,
        slot: SignInFor,
        watcher: Watcher,
        job: impl FnOnce(ProgressPrompt) -> Job + Send + 'static,
    ) -> watch::Receiver<Option<Outcome>> {
        let mut running = locked(&self.sign_ins);
        if let Some(existing) = running.get(&slot) {
            return existing.done.clone();
        }
        let (finished, done) = watch::channel(None);
        let prompt = ProgressPrompt {
            agent: Arc::downgrade(self),
            slot: slot.clone(),
        };
        let agent = Arc::clone(self);
        let ended = slot.clone();
        // The task cannot report progress or finish before its entry is in the map:
        // both take the lock held here.
        let task = tokio::spawn(async move {
            let outcome = job(prompt).await;
            agent.finish_sign_in(&ended, &outcome, watcher);
            // Nobody waiting is fine: the tray and window read the snapshot instead.
            let _ = finished.send(Some(outcome));
        });
        running.insert(
            slot,
            Running {
                progress: SignInProgress::Starting,
                abort: task.abort_handle(),
                done: done.clone(),
                code: None,
            },
        );
        drop(running);
        self.changed();
        done
    }

    fn finish_sign_in(&self, slot: &SignInFor, outcome: &Outcome, watcher: Watcher) {
        locked(&self.sign_ins).remove(slot);
        let SignInFor::Session(key) = slot else {
            // A first console sign-in answers the form that started it.
            self.changed();
            return;
        };
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

    fn set_progress(&self, slot: &SignInFor, progress: SignInProgress) {
        if let Some(running) = locked(&self.sign_ins).get_mut(slot) {
            running.progress = progress;
        }
        self.refresh();
    }

    /// Writes `login_session` and `region` into the profile, comments and layout kept.
    fn bind_profile(&self, profile: &str, arn: &str, region: &str) -> Result<(), AgentError> {
        let edit = |document: &mut Document| bind_profile(document, profile, arn, region);
        self.files.config.apply(&self.data_dir, edit)?;
        Ok(())
    }
}

/// A console job, its error as its code.
fn console_job(job: impl Future<Output = Result<(), AgentError>> + Send + 'static) -> Job {
    Box::pin(async move { job.await.map_err(|error| error.problem()) })
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
pub(super) struct ProgressPrompt {
    agent: Weak<Agent>,
    slot: SignInFor,
}

impl ProgressPrompt {
    fn show(&self, progress: SignInProgress) {
        if let Some(agent) = self.agent.upgrade() {
            agent.set_progress(&self.slot, progress);
        }
    }
}

impl SignInPrompt for ProgressPrompt {
    fn browser_sign_in(&self, url: &str, opened: Result<(), String>) {
        self.show(SignInProgress::Browser {
            url: url.to_owned(),
            opened: opened.is_ok(),
        });
    }

    fn device_sign_in(&self, device: &DeviceAuthorization, opened: Result<(), String>) {
        self.show(SignInProgress::Device {
            user_code: device.user_code.clone(),
            verification_uri: device.verification_uri.clone(),
            expires_at: device.expires_at,
            opened: opened.is_ok(),
        });
    }
}

impl ConsolePrompt for ProgressPrompt {
    fn browser_sign_in(&self, url: &str, opened: Result<(), String>) {
        SignInPrompt::browser_sign_in(self, url, opened);
    }

    fn paste_code<'a>(&'a self, url: &'a str) -> PastedCode<'a> {
        let (sender, code) = oneshot::channel();
        if let Some(agent) = self.agent.upgrade()
            && let Some(running) = locked(&agent.sign_ins).get_mut(&self.slot)
        {
            running.code = Some(sender);
        }
        self.show(SignInProgress::Remote {
            url: url.to_owned(),
        });
        Box::pin(async move { code.await.ok() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_ins_are_named_for_the_window_and_read_back() {
        for slot in [
            SignInFor::Session(SessionKey::SsoSession("corp".to_owned())),
            SignInFor::Session(SessionKey::Login(
                "arn:aws:sts::111122223333:assumed-role/Admin/ada".to_owned(),
            )),
            SignInFor::NewConsole {
                profile: "console".to_owned(),
            },
        ] {
            assert_eq!(SignInFor::parse(&slot.id()), Some(slot));
        }
        assert_eq!(SignInFor::parse("nothing"), None);
    }
}
