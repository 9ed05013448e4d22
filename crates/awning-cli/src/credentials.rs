//! `awning credential-process` and `awning export`: role credentials for other tools.

use anyhow::anyhow;
use awning::export::{ExportFormat, export};
use awning::sso::{Interactive, SignInOptions, SsoError, SsoTarget};
use awning::vault::AwsCredentials;

use awning::agent::broker::{Reply, Request};

use crate::context::{ask_app, block_on, config_view, engine, login_command, profile_name};
use crate::prompt::TerminalPrompt;

#[derive(Debug, clap::Args)]
pub struct CredentialProcessArgs {
    /// The profile to get credentials for (default: AWS_PROFILE, else `default`).
    #[arg(long)]
    pub profile: Option<String>,
    /// When the session needs a sign-in, start it (a browser opens) instead of failing
    /// with the command to run. One sign-in serves every process waiting for it.
    #[arg(long)]
    pub login: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The profile to get credentials for (default: AWS_PROFILE, else `default`).
    #[arg(long)]
    pub profile: Option<String>,
    /// The output shape, as `aws configure export-credentials --format`.
    #[arg(long, default_value = "process", value_parser = ExportFormat::NAMES)]
    pub format: String,
}

/// The `Version: 1` JSON on stdout; on failure one line on stderr and a non-zero exit,
/// which every SDK shows as the reason.
/// With the Awning app running, the app answers (from memory; a needed sign-in is one
/// notification, or with `--login` one sign-in shared by every caller).
pub fn credential_process(args: CredentialProcessArgs) -> anyhow::Result<()> {
    let name = profile_name(args.profile.as_deref());
    if let Some(reply) = ask_app(&Request::CredentialProcess {
        profile: name.clone(),
        login: args.login,
    })? {
        return match reply {
            Reply::Credentials(json) => {
                print!("{json}");
                Ok(())
            }
            Reply::Error(message) => Err(anyhow!("{message}")),
            Reply::Status(_) => Err(anyhow!("the Awning app answered another question")),
        };
    }
    let credentials = role_credentials(Some(&name), args.login)?;
    print!("{}", export(&credentials, ExportFormat::Process));
    Ok(())
}

pub fn export_credentials(args: ExportArgs) -> anyhow::Result<()> {
    let format = ExportFormat::parse(&args.format).expect("clap checked the name");
    let credentials = role_credentials(args.profile.as_deref(), false)?;
    print!("{}", export(&credentials, format));
    Ok(())
}

fn role_credentials(profile: Option<&str>, login: bool) -> anyhow::Result<AwsCredentials> {
    let name = profile_name(profile);
    let (target, role) = SsoTarget::profile(&config_view()?, &name)?;
    let role = role.ok_or_else(|| {
        anyhow!(
            "profile {name} names no sso_account_id and sso_role_name, so it has no role to \
             get credentials for"
        )
    })?;
    let command = login_command(&target, Some(&name));
    let prompt = TerminalPrompt {
        device_code_command: format!("{command} --device-code"),
    };
    let interactive = login.then_some(Interactive {
        options: SignInOptions::default(),
        prompt: &prompt,
    });
    block_on(async {
        let engine = engine().await?;
        match engine.role_credentials(&target, &role, interactive).await {
            Ok(credentials) => Ok(credentials),
            Err(error @ SsoError::NeedsSignIn { .. }) => Err(anyhow!("{error}; run `{command}`")),
            Err(error) => Err(error.into()),
        }
    })
}
