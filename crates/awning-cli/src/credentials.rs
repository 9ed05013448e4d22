//! `awning credential-process` and `awning export`: role credentials for other tools.

use anyhow::anyhow;
use awning::credentials::export::{ExportFormat, export};
use awning::messages::{Language, describe_problem};
use awning::problem::Problem;
use awning::sso::{Interactive, SignInOptions, SsoTarget, TargetError};
use awning::vault::{AwsCredentials, SessionKey};

use awning::broker::{CallerFiles, Reply, Request};
use awning::config::{config_file_path, credentials_file_path};
use awning::console::ConsoleTarget;
use awning::keys::KeyTarget;

use crate::console;

use crate::context::{ask_app, block_on, config_view, engine, profile_name};
use crate::hints::{hint, login_command};
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
    // The app answers only for the files this process reads; without them known, the
    // CLI works alone.
    let files = config_file_path()
        .and_then(|config| Ok((config, credentials_file_path()?)))
        .ok()
        .map(|(config, credentials)| CallerFiles {
            config,
            credentials,
        });
    let asked = match files {
        Some(files) => ask_app(&Request::CredentialProcess {
            profile: name.clone(),
            login: args.login,
            files,
        })?,
        None => None,
    };
    if let Some(reply) = asked {
        return match reply {
            Reply::Credentials(json) => {
                print!("{json}");
                Ok(())
            }
            Reply::Failed(problem) => Err(failure(&problem, &name)),
            Reply::Status(_) | Reply::OtherFiles => {
                Err(anyhow!("the Awning app answered another question"))
            }
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

/// The app's answer in words: what happened and, from the same code, what to run.
fn failure(problem: &Problem, profile: &str) -> anyhow::Error {
    let said = describe_problem(Language::En.catalogue(), problem);
    let session = match problem {
        Problem::NeedsSignIn {
            session: Some(session),
        } => SessionKey::parse(session),
        _ => None,
    };
    match hint(problem, session.as_ref(), Some(profile)) {
        // Worded as the CLI's own failures are: "…; run `awning login …`".
        Some(next) => anyhow!("{}; {next}", said.strip_suffix('.').unwrap_or(&said)),
        None => anyhow!("{said}"),
    }
}

/// Credentials of one of Awning's sessions for `profile`; `None` for a profile of
/// another kind (keys, `credential_process`, roles), which its own provider chain serves.
/// A session that needs a sign-in is an error naming the command.
pub fn awning_credentials(profile: &str) -> anyhow::Result<Option<AwsCredentials>> {
    let view = config_view()?;
    let awning_signs_in = ConsoleTarget::of_profile(&view, profile).is_some()
        || KeyTarget::of_profile(&view, profile).is_some()
        || !matches!(
            SsoTarget::profile(&view, profile),
            Err(TargetError::NotSso(_) | TargetError::NoSuchProfile(_))
        );
    if !awning_signs_in {
        return Ok(None);
    }
    role_credentials(Some(profile), false).map(Some)
}

fn role_credentials(profile: Option<&str>, login: bool) -> anyhow::Result<AwsCredentials> {
    let name = profile_name(profile);
    let view = config_view()?;
    if let Some(target) = KeyTarget::of_profile(&view, &name) {
        return block_on(async {
            let keys = engine().await?.keys();
            keys.credentials(&target, None).await.map_err(|error| {
                match hint(&error.problem(), None, Some(&name)) {
                    Some(next) => anyhow!("{error}; {next}"),
                    None => error.into(),
                }
            })
        });
    }
    if let Some(target) = ConsoleTarget::of_profile(&view, &name) {
        return block_on(async { console::credentials(&target, &name, login).await });
    }
    let (target, role) = SsoTarget::profile(&view, &name)?;
    let role = role.ok_or_else(|| {
        anyhow!(
            "profile {name} names no sso_account_id and sso_role_name, so it has no role to \
             get credentials for"
        )
    })?;
    let command = login_command(Some(&target.key), Some(&name));
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
            Err(error) => match hint(&error.problem(), Some(&target.key), Some(&name)) {
                Some(next) => Err(anyhow!("{error}; {next}")),
                None => Err(error.into()),
            },
        }
    })
}
