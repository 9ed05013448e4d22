//! What every command that signs in needs: a runtime, the config, the vault, the engine
//! and the session a command line names.

use std::time::Duration;

use anyhow::Context as _;
use awning::broker::{self, Reply, Request};
use awning::config::{ConfigFile, ConfigView, FileKind};
use awning::sso::{RoleRef, SsoEngine, SsoTarget};
use awning::vault::{StoreChoice, Vault};

/// Runs `work` on a runtime of its own. A keychain call that outlived its deadline is
/// still parked on a pool thread; the process does not wait for it on the way out.
pub fn block_on<T>(work: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let outcome = runtime.block_on(work);
    runtime.shutdown_background();
    outcome
}

/// The running Awning app's answer to `request`, or `None` when no app runs
/// (`AWNING_NO_APP=1` also says so: the CLI then works alone).
pub fn ask_app(request: &Request) -> anyhow::Result<Option<Reply>> {
    if std::env::var_os("AWNING_NO_APP").is_some_and(|value| value == "1") {
        return Ok(None);
    }
    // A sign-in the app runs for `--login` may take the browser flow's ten minutes.
    let patience = match request {
        Request::CredentialProcess { login: true, .. } => Duration::from_secs(11 * 60),
        _ => Duration::from_secs(90),
    };
    block_on(async { Ok(broker::ask(request, patience).await?) })
        .context("could not ask the Awning app")
}

pub async fn open_vault() -> anyhow::Result<Vault> {
    let vault = Vault::from_env().await?;
    if vault.store_choice() == StoreChoice::File {
        eprintln!(
            "awning: note: secrets are kept in a file (AWNING_SECRET_STORE=file), readable by \
             anyone who can read your files"
        );
    }
    Ok(vault)
}

pub async fn engine() -> anyhow::Result<SsoEngine> {
    let data_dir = awning::paths::data_dir()?;
    Ok(SsoEngine::new(open_vault().await?, data_dir))
}

/// The config and credentials files, as `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE` name them.
pub fn config_view() -> anyhow::Result<ConfigView> {
    let config = ConfigFile::from_env(FileKind::Config)?.read()?;
    let credentials = ConfigFile::from_env(FileKind::Credentials)?.read()?;
    Ok(ConfigView::read(&config, &credentials))
}

/// `--sso-session` or `--profile`, as clap reads them.
#[derive(Debug, Clone, clap::Args)]
pub struct SessionChoice {
    /// The [sso-session NAME] to use.
    #[arg(long, conflicts_with = "profile")]
    pub sso_session: Option<String>,
    /// A profile whose session to use (default: AWS_PROFILE, else `default`).
    #[arg(long)]
    pub profile: Option<String>,
}

impl SessionChoice {
    /// The session named, with the role when a profile named it.
    pub fn target(&self, view: &ConfigView) -> anyhow::Result<(SsoTarget, Option<RoleRef>)> {
        if let Some(name) = &self.sso_session {
            return Ok((SsoTarget::session(view, name)?, None));
        }
        let profile = profile_name(self.profile.as_deref());
        let found = SsoTarget::profile(view, &profile);
        if self.profile.is_some() {
            return Ok(found?);
        }
        found.with_context(|| {
            format!("no --sso-session or --profile was given, so profile {profile} was used")
        })
    }
}

/// `--profile`, else `AWS_PROFILE`, else `default`, as the AWS tools choose.
pub fn profile_name(given: Option<&str>) -> String {
    given
        .map(str::to_owned)
        .or_else(|| {
            std::env::var("AWS_PROFILE")
                .ok()
                .filter(|name| !name.is_empty())
        })
        .unwrap_or_else(|| "default".to_owned())
}
