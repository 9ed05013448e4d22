//! Starting the agent: the vault (probed, so a locked or missing keychain is said at
//! once), the engine, the clock, the CLI's socket, the tray and the window's events.
//! When the keychain cannot be used the app still starts: the window explains the
//! problem in its own words and offers Retry (see `ipc::startup`).

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};

use awning::agent::{Agent, AwsFiles, Settings};
use awning::channel::Channel;
use awning::clock::scheduler;
use awning::messages::Language;
use awning::problem::Problem;
use awning::sso::SsoEngine;
use awning::vault::{CachePaths, StoreChoice, Vault};
use tauri::{AppHandle, Manager, Runtime};

use crate::notify::DesktopNotifier;
use crate::tasks::Tasks;
use crate::{ipc, tray};

/// Everything the app is started with, read from the environment once.
#[derive(Debug, Clone)]
pub struct Launch {
    pub channel: Channel,
    pub data_dir: PathBuf,
    pub store: StoreChoice,
    pub caches: CachePaths,
    pub files: AwsFiles,
    /// Where the CLI finds the app; `None` serves no socket.
    pub socket: Option<PathBuf>,
    /// The tray icon (tests of the shell run without a desktop to show it).
    pub tray: bool,
}

impl Launch {
    pub fn from_env() -> Result<Self, Problem> {
        Ok(Self {
            channel: Channel::current(),
            data_dir: awning::paths::data_dir().map_err(|error| error.problem())?,
            store: StoreChoice::from_env().map_err(|error| error.problem())?,
            caches: CachePaths::from_env().map_err(|error| error.problem())?,
            files: AwsFiles::from_env().map_err(|error| error.problem())?,
            socket: awning::broker::socket_path(),
            tray: true,
        })
    }
}

type Attempt = Pin<Box<dyn Future<Output = Result<(), Problem>> + Send>>;

/// Whether the agent runs, or why not yet, and how to try again.
pub struct Startup {
    launch: Result<Launch, Problem>,
    problem: Mutex<Option<Problem>>,
    /// One attempt at a time: two Retry clicks must not start two agents.
    attempting: tokio::sync::Mutex<()>,
    /// Starts the agent on the app it belongs to (set up with the app's runtime).
    again: OnceLock<Box<dyn Fn() -> Attempt + Send + Sync>>,
}

impl std::fmt::Debug for Startup {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Startup")
            .field("problem", &self.problem())
            .finish_non_exhaustive()
    }
}

impl Startup {
    pub fn new(launch: Result<Launch, Problem>) -> Self {
        Self {
            launch,
            problem: Mutex::new(None),
            attempting: tokio::sync::Mutex::new(()),
            again: OnceLock::new(),
        }
    }

    /// Why the agent is not running; `None` once it runs.
    pub fn problem(&self) -> Option<Problem> {
        self.problem
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The language the settings choose, else the system's; read from the settings
    /// file, which needs no agent.
    pub fn language(&self) -> Language {
        let saved = self
            .launch
            .as_ref()
            .ok()
            .and_then(|launch| Settings::load(&launch.data_dir).ok());
        saved.unwrap_or_default().language.resolve()
    }

    /// Starts the agent if it does not run yet.
    pub async fn retry(&self) -> Result<(), Problem> {
        match self.again.get() {
            Some(again) => again().await,
            None => Err(Problem::Internal),
        }
    }
}

/// Starts the agent; on failure the startup state says why, and remembers how to try
/// again ([`Startup::retry`]).
pub async fn start<R: Runtime>(app: &AppHandle<R>) -> Result<(), Problem> {
    let handle = app.clone();
    let _ = app.state::<Startup>().again.set(Box::new(move || {
        let app = handle.clone();
        Box::pin(async move { attempt(&app).await })
    }));
    attempt(app).await
}

/// Starts the agent unless it runs already.
async fn attempt<R: Runtime>(app: &AppHandle<R>) -> Result<(), Problem> {
    let startup = app.state::<Startup>();
    let _turn = startup.attempting.lock().await;
    if app.try_state::<Arc<Agent>>().is_some() {
        return Ok(());
    }
    let outcome = match &startup.launch {
        Ok(launch) => run_agent(app, launch).await,
        Err(problem) => Err(problem.clone()),
    };
    if let Err(problem) = &outcome {
        tracing::warn!("Awning could not start its agent: {problem:?}");
    }
    *startup.problem.lock().unwrap_or_else(|e| e.into_inner()) = outcome.clone().err();
    outcome
}

async fn run_agent<R: Runtime>(app: &AppHandle<R>, launch: &Launch) -> Result<(), Problem> {
    let vault = Vault::open(
        launch.store,
        launch.channel,
        &launch.data_dir,
        launch.caches.clone(),
    )
    .await
    .map_err(|error| error.problem())?;
    vault.probe().await.map_err(|error| error.problem())?;
    let engine = SsoEngine::new(vault, launch.data_dir.clone());
    let notifier = Arc::new(DesktopNotifier::new(app.clone()));
    let (agent, settings_problem) = Agent::new(
        engine,
        launch.files.clone(),
        launch.data_dir.clone(),
        notifier,
    );
    if let Some(problem) = settings_problem {
        tracing::warn!("{problem}");
    }
    app.manage(Arc::clone(&agent));
    let tasks = app.state::<Tasks>();
    tasks.spawn(scheduler::run(Arc::clone(&agent)));
    if let Some(path) = launch.socket.clone() {
        let served = Arc::clone(&agent);
        tasks.spawn(async move {
            if let Err(error) = awning::broker::serve(served, &path).await {
                tracing::warn!(
                    "the CLI cannot reach the app at {}: {error}",
                    path.display()
                );
            }
        });
    }
    if launch.tray
        && let Err(error) = tray::install(app)
    {
        // The window still works without a tray host.
        tracing::warn!("no tray icon: {error}");
    }
    ipc::forward_changes(app);
    Ok(())
}
