//! The agent: the engine as the tray app runs it all day. It keeps every session's state
//! in one published [`Snapshot`], runs one sign-in per session however many callers want
//! it, renews and warns on a clock ([`scheduler`]), and answers the CLI over a local
//! socket ([`broker`]).

mod activity;
mod credentials;
mod discovery;
mod error;
mod keys;
mod notice;
mod profiles;
mod registries;
mod renewal;
mod session_config;
mod settings;
mod sign_ins;
mod snapshot;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use tokio::sync::{Notify, watch};

pub use activity::{Activity, Event, Happening, LineRange};
pub use discovery::{Discovered, DiscoveredRole, DiscoveryWrite};
pub use error::AgentError;

pub use notice::{Notice, NoticeKind, Notifier, session_name};
pub use profiles::{ProfileListing, ProfilePreview, ProfileWrite};
pub use settings::{Settings, SettingsError};
pub use sign_ins::{Outcome, SignInFor, Watcher};
pub use snapshot::{
    Action, FavouriteView, Overall, RegistryView, SessionView, SignInProgress, Snapshot,
};

use crate::codeartifact::CodeArtifactEngine;
use crate::codeartifact::tools::Machine;
use crate::config::{ConfigFile, ConfigView, FileKind};
use crate::console::{ConsoleEngine, ConsoleTarget, DEFAULT_REGION};
use crate::credentials::status::{KnownSession, known_sessions};
use crate::manager::Marks;
use crate::messages::Catalogue;
use crate::problem::Problem;
use crate::sso::{SsoEngine, SsoTarget, TargetError};
use crate::vault::{AwsCredentials, Entry, SessionKey};

pub struct Agent {
    engine: SsoEngine,
    console: ConsoleEngine,
    /// `None` when [`AwsFiles::tools`] is.
    codeartifact: Option<CodeArtifactEngine>,
    files: AwsFiles,
    data_dir: PathBuf,
    pub(crate) notifier: Arc<dyn Notifier>,
    published: watch::Sender<Snapshot>,
    settings: Mutex<Settings>,
    sign_ins: Mutex<HashMap<SignInFor, sign_ins::Running>>,
    /// The last failure per session, shown until a sign-in works.
    problems: Mutex<HashMap<SessionKey, Problem>>,
    /// Role credentials handed out, by session, account and role: answers from memory.
    remembered: Mutex<HashMap<(SessionKey, String, String), AwsCredentials>>,
    /// "Needs a sign-in" notices given, per session and token end: one each.
    asked: Mutex<HashSet<(SessionKey, Option<SystemTime>)>>,
    /// CodeArtifact connections whose renewal waits for a session's sign-in, by id.
    registry_waits: Mutex<HashMap<String, SessionKey>>,
    /// Per session: one credentials request at a time asks the engine.
    gates: Mutex<HashMap<SessionKey, Arc<tokio::sync::Mutex<()>>>>,
    /// Wakes the scheduler when a session changed outside its clock.
    pub(crate) wake: Notify,
    /// What happened, for the Activity page and the log.
    pub activity: Activity,
    /// Why the kept settings could not be used at start, until they are saved again.
    settings_problem: Mutex<Option<Problem>>,
    /// The profile write last previewed, until it is applied or replaced.
    profile_preview: Mutex<Option<profiles::PendingWrite>>,
    /// The person's marks on profiles (favourite, hidden, tag).
    marks: Mutex<Marks>,
}

impl std::fmt::Debug for Agent {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Agent")
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

impl Agent {
    /// The agent over `engine`, with its settings from `data_dir` (the defaults if the
    /// kept ones cannot be read: the error says why).
    pub fn new(
        engine: SsoEngine,
        files: AwsFiles,
        data_dir: PathBuf,
        notifier: Arc<dyn Notifier>,
    ) -> (Arc<Self>, Option<SettingsError>) {
        let (settings, problem) = match Settings::load(&data_dir) {
            Ok(settings) => (settings, None),
            Err(error) => (Settings::default(), Some(error)),
        };
        let marks = Marks::load(&data_dir);
        let agent = Arc::new(Self {
            console: engine.console(),
            codeartifact: files
                .tools
                .clone()
                .map(|machine| engine.codeartifact(machine)),
            engine,
            files,
            data_dir,
            notifier,
            published: watch::channel(Snapshot::default()).0,
            settings: Mutex::new(settings),
            sign_ins: Mutex::default(),
            problems: Mutex::default(),
            remembered: Mutex::default(),
            asked: Mutex::default(),
            gates: Mutex::default(),
            registry_waits: Mutex::default(),
            wake: Notify::new(),
            activity: Activity::default(),
            settings_problem: Mutex::new(problem.as_ref().map(SettingsError::problem)),
            profile_preview: Mutex::default(),
            marks: Mutex::new(marks),
        });
        agent.refresh();
        (agent, problem)
    }

    /// Every change to the snapshot, starting with the current one.
    pub fn subscribe(&self) -> watch::Receiver<Snapshot> {
        self.published.subscribe()
    }

    pub fn snapshot(&self) -> Snapshot {
        self.published.borrow().clone()
    }

    pub fn settings(&self) -> Settings {
        locked(&self.settings).clone()
    }

    /// The words of the language the settings choose, for the tray and notifications.
    pub fn words(&self) -> Catalogue {
        locked(&self.settings).language.resolve().catalogue()
    }

    /// Why the settings in use are the defaults (the kept ones are damaged), until
    /// they are saved again.
    pub fn settings_problem(&self) -> Option<Problem> {
        locked(&self.settings_problem).clone()
    }

    /// Saves `settings`; the clock uses the new lead times at once, and the tray its
    /// new language.
    pub fn set_settings(&self, settings: Settings) -> Result<(), SettingsError> {
        settings.save(&self.data_dir)?;
        *locked(&self.settings) = settings;
        *locked(&self.settings_problem) = None;
        self.changed();
        self.activity.record(Event::SettingsSaved);
        Ok(())
    }

    /// Signs out of the session: at IAM Identity Center, then on this machine; a console
    /// session on this machine only (AWS Sign-In has no call to end it). A sign-in under
    /// way is cancelled first.
    pub async fn sign_out(&self, key: &SessionKey) -> Result<(), AgentError> {
        self.cancel_sign_in(&SignInFor::Session(key.clone()));
        let outcome = match key {
            SessionKey::Login(_) => self
                .console
                .sign_out(key)
                .await
                .map(drop)
                .map_err(AgentError::from),
            _ => self
                .engine
                .sign_out(key)
                .await
                .map(drop)
                .map_err(AgentError::from),
        };
        self.forget_credentials(key);
        locked(&self.problems).remove(key);
        self.changed();
        outcome?;
        self.activity.record(Event::SignedOut {
            session: session_name(key),
        });
        Ok(())
    }

    /// Rebuilds the snapshot from the config and the vault's index, and publishes it if
    /// anything changed.
    pub fn refresh(&self) {
        self.publish(&self.stored());
    }

    /// Publishes the snapshot built from `stored`, the vault index the caller read.
    pub(crate) fn publish(&self, stored: &[(SessionKey, Entry)]) {
        let fresh = self.build_snapshot(stored, SystemTime::now());
        self.published.send_if_modified(|current| {
            let changed = *current != fresh;
            *current = fresh;
            changed
        });
    }

    /// Something changed outside the clock: publish it and let the scheduler re-plan.
    fn changed(&self) {
        self.refresh();
        self.wake.notify_one();
    }

    fn build_snapshot(&self, stored: &[(SessionKey, Entry)], now: SystemTime) -> Snapshot {
        let (known, view, config_problem) = self.known_with_view(stored);
        let sign_ins = locked(&self.sign_ins);
        let problems = locked(&self.problems);
        let sessions = known
            .into_iter()
            .filter_map(|session| {
                // The tray and the window list sso-sessions and console sessions.
                let profiles = match &session.key {
                    SessionKey::SsoSession(_) => Vec::new(),
                    SessionKey::Login(arn) => profiles_of(&view, arn),
                    SessionKey::SsoStartUrl(_)
                    | SessionKey::CodeArtifact(_)
                    | SessionKey::AccessKey(_) => return None,
                };
                Some(SessionView {
                    name: session_name(&session.key),
                    profiles,
                    status: session.status(now),
                    configured: session.configured,
                    sign_in: sign_ins
                        .get(&SignInFor::Session(session.key.clone()))
                        .map(|running| running.progress.clone()),
                    problem: problems.get(&session.key).cloned(),
                    key: session.key,
                })
            })
            .collect();
        let new_console_sign_ins = sign_ins
            .iter()
            .filter_map(|(slot, running)| match slot {
                SignInFor::NewConsole { profile } => {
                    Some((profile.clone(), running.progress.clone()))
                }
                SignInFor::Session(_) => None,
            })
            .collect();
        Snapshot {
            sessions,
            config_problem,
            language: locked(&self.settings).language.resolve(),
            new_console_sign_ins,
            registries: self.registry_views(),
            favourites: self.favourite_views(&view),
        }
    }

    /// Every session of the config and the vault; with a config that cannot be read,
    /// those the vault holds and why.
    pub(crate) fn known(
        &self,
        stored: &[(SessionKey, Entry)],
    ) -> (Vec<KnownSession>, Option<Problem>) {
        let (known, _, problem) = self.known_with_view(stored);
        (known, problem)
    }

    /// [`Self::known`], with the config view it was made from (empty when the config
    /// could not be read).
    fn known_with_view(
        &self,
        stored: &[(SessionKey, Entry)],
    ) -> (Vec<KnownSession>, ConfigView, Option<Problem>) {
        let (view, problem) = match self.config_view() {
            Ok(view) => (view, None),
            Err(error) => (ConfigView::default(), Some(error.problem())),
        };
        (known_sessions(&view, stored), view, problem)
    }

    /// The files the snapshot and the clock's plan are read from: the clock watches them.
    pub(crate) fn watched_files(&self) -> Vec<PathBuf> {
        let mut files = vec![
            self.files.config.path().to_owned(),
            self.files.credentials.path().to_owned(),
            self.engine.vault().index_path().to_owned(),
        ];
        files.extend(
            self.codeartifact
                .as_ref()
                .map(CodeArtifactEngine::store_path),
        );
        files
    }

    /// The sessions the vault's index holds (none when it cannot be read: the snapshot
    /// then shows every session signed out, and the next refresh tries again).
    pub(crate) fn stored(&self) -> Vec<(SessionKey, Entry)> {
        self.engine.vault().sessions().unwrap_or_default()
    }

    /// The config and credentials files read afresh: the user may edit them any time.
    fn config_view(&self) -> Result<ConfigView, AgentError> {
        let config = self.files.config.read()?;
        let credentials = self.files.credentials.read()?;
        Ok(ConfigView::read(&config, &credentials))
    }

    /// The `[sso-session name]` of the config.
    fn session_target(&self, name: &str) -> Result<SsoTarget, AgentError> {
        SsoTarget::session(&self.config_view()?, name).map_err(|cause| self.target_error(cause))
    }

    /// The console session `arn` as the config's profiles describe it: the region of
    /// the first profile that uses it (a session signed in to keeps its own).
    fn console_target(&self, arn: &str) -> ConsoleTarget {
        let view = self.config_view().unwrap_or_default();
        view.profiles
            .iter()
            .filter_map(|profile| ConsoleTarget::of_profile(&view, &profile.name))
            .find(|target| target.arn == arn)
            .unwrap_or_else(|| ConsoleTarget {
                arn: arn.to_owned(),
                region: DEFAULT_REGION.to_owned(),
            })
    }

    fn target_error(&self, cause: TargetError) -> AgentError {
        AgentError::Target {
            file: self.files.config.path().to_path_buf(),
            cause: Box::new(cause),
        }
    }

    fn forget_credentials(&self, key: &SessionKey) {
        locked(&self.remembered).retain(|(session, _, _), _| session != key);
    }
}

/// The profiles whose `login_session` is `arn`.
fn profiles_of(view: &ConfigView, arn: &str) -> Vec<String> {
    view.profiles
        .iter()
        .filter(|profile| profile.get("login_session").map(str::trim) == Some(arn))
        .map(|profile| profile.name.clone())
        .collect()
}

/// The AWS config and credentials files the agent reads and edits, and the machine
/// whose package managers' files it keeps configured for CodeArtifact.
#[derive(Debug, Clone)]
pub struct AwsFiles {
    pub config: ConfigFile,
    pub credentials: ConfigFile,
    /// `None` without a home folder, where no tool's file can be found.
    pub tools: Option<Machine>,
}

impl AwsFiles {
    /// Whether `config` and `credentials` are these files (through any link or `..`).
    pub fn are(&self, config: &Path, credentials: &Path) -> bool {
        same_file(self.config.path(), config) && same_file(self.credentials.path(), credentials)
    }

    /// The files `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` name, else
    /// `~/.aws/config` and `~/.aws/credentials`.
    pub fn from_env() -> Result<Self, AgentError> {
        Ok(Self {
            config: ConfigFile::from_env(FileKind::Config)?,
            credentials: ConfigFile::from_env(FileKind::Credentials)?,
            tools: Machine::current(),
        })
    }
}

impl Agent {
    /// Whether the app's AWS files are these: it answers the CLI only for its own.
    pub fn reads_files(&self, config: &Path, credentials: &Path) -> bool {
        self.files.are(config, credentials)
    }
}

/// Two paths of one file; a file that does not exist yet is known by its folder.
fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |path: &Path| {
        path.canonicalize().ok().or_else(|| {
            let folder = path.parent()?.canonicalize().ok()?;
            Some(folder.join(path.file_name()?))
        })
    };
    a == b || canonical(a).is_some_and(|a| Some(a) == canonical(b))
}

/// A poisoned lock only means another task panicked mid-update of plain data; the data
/// is still the best there is.
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
