//! Console sign-in on the command line, in the AWS CLI's words where it has them:
//! `awning login --console`, signing out of console sessions, and their credentials.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use anyhow::{anyhow, bail};
use awning::config::{ConfigFile, ConfigView, Document, FileKind};
use awning::console::{
    ConsoleEngine, ConsoleError, ConsolePrompt, ConsoleSignIn, ConsoleTarget, DEFAULT_REGION,
    NewSession, PastedCode, bind_profile, short_name,
};
use awning::timestamps::format_cache_time;
use awning::vault::{AwsCredentials, Secret};

use crate::context::{block_on, open_vault};
use crate::hints::hint;

/// What `awning login --console` was asked.
#[derive(Debug)]
pub struct ConsoleLogin {
    pub profile: String,
    pub region: Option<String>,
    pub remote: bool,
    pub yes: bool,
    pub dry_run: bool,
}

pub async fn engine() -> anyhow::Result<ConsoleEngine> {
    Ok(ConsoleEngine::new(
        open_vault().await?,
        awning::paths::data_dir()?,
    ))
}

/// Signs in, keeps the session, and points the profile at it (`login_session` and
/// `region`), asking first when the profile names another session.
pub fn login(view: &ConfigView, args: &ConsoleLogin) -> anyhow::Result<()> {
    let profile = view.profile(&args.profile);
    let region = match (&args.region, profile.and_then(|p| p.region())) {
        (Some(region), _) => region.clone(),
        (None, Some(region)) => region.to_owned(),
        (None, None) => region_from_env_or_ask()?,
    };
    let previous = ConsoleTarget::of_profile(view, &args.profile).map(|target| target.arn);
    let prompt = TerminalConsolePrompt {
        profile: args.profile.clone(),
    };
    let how = ConsoleSignIn {
        remote: args.remote,
        prompt: &prompt,
    };
    block_on(async {
        let engine = engine().await?;
        let new = engine
            .sign_in(&region, how)
            .await
            .map_err(|error| explain(&error, &args.profile))?;
        if let Some(previous) = previous.filter(|previous| *previous != new.arn)
            && !args.yes
            && !confirm(&format!(
                "Profile {} is already configured to use session {previous}. Do you want to \
                 overwrite it to use {} instead? (y/n): ",
                args.profile, new.arn
            ))?
        {
            bail!(
                "nothing was changed: profile {} still uses {previous}",
                args.profile
            );
        }
        let file = ConfigFile::from_env(FileKind::Config)?;
        let edit = profile_edit(&args.profile, &new);
        if args.dry_run {
            let change = file.preview(edit)?;
            engine.keep(new).await?;
            print!("{}", change.unified_diff());
            println!("Signed in; --dry-run: the config file was not changed.");
            return Ok(());
        }
        let (arn, ends) = (new.arn.clone(), new.session_ends_at());
        // The session is kept first: a profile never names a session the vault lacks.
        engine.keep(new).await?;
        file.apply(&awning::paths::data_dir()?, edit)?;
        println!(
            "\nUpdated profile {} to use {arn} credentials.",
            args.profile
        );
        if let Some(ends) = ends {
            println!(
                "Signed in as {}; credentials renew silently until {}.",
                short_name(&arn),
                format_cache_time(ends)
            );
        }
        if args.profile != "default" {
            println!(
                "Use \"--profile {0}\" to use the new credentials, such as \"aws sts \
                 get-caller-identity --profile {0}\"",
                args.profile
            );
        }
        Ok(())
    })
}

/// `login_session` and `region` in `[profile NAME]` (or `[default]`).
fn profile_edit(
    profile: &str,
    new: &NewSession,
) -> impl Fn(&mut Document) -> Result<(), awning::config::EditError> + use<> {
    let (profile, arn, region) = (profile.to_owned(), new.arn.clone(), new.region.clone());
    move |document: &mut Document| bind_profile(document, &profile, &arn, &region)
}

/// `AWS_REGION` (then `AWS_DEFAULT_REGION`), else the person's answer, as the CLI asks.
fn region_from_env_or_ask() -> anyhow::Result<String> {
    let from_env = ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()));
    if let Some(region) = from_env {
        return Ok(region);
    }
    if !std::io::stdin().is_terminal() {
        return Ok(DEFAULT_REGION.to_owned());
    }
    eprint!("AWS Region [{DEFAULT_REGION}]: ");
    std::io::stderr().flush()?;
    let answer = read_line()?;
    let answer = answer.trim();
    Ok(if answer.is_empty() {
        DEFAULT_REGION.to_owned()
    } else {
        answer.to_owned()
    })
}

fn confirm(question: &str) -> anyhow::Result<bool> {
    eprint!("{question}");
    std::io::stderr().flush()?;
    Ok(matches!(read_line()?.trim(), "y" | "Y" | "yes"))
}

fn read_line() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line)
}

/// The session's credentials; with `login`, a session that needs it is signed in to
/// again first (once, however many processes ask at the same time).
pub async fn credentials(
    target: &ConsoleTarget,
    profile: &str,
    login: bool,
) -> anyhow::Result<AwsCredentials> {
    let engine = engine().await?;
    let prompt = TerminalConsolePrompt {
        profile: profile.to_owned(),
    };
    let how = ConsoleSignIn {
        remote: false,
        prompt: &prompt,
    };
    let credentials = if login {
        engine.credentials_or_sign_in(target, how).await
    } else {
        engine.credentials(target).await
    };
    credentials.map_err(|error| explain(&error, profile))
}

/// The error with the command that helps, as the CLI's other failures end.
pub fn explain(error: &ConsoleError, profile: &str) -> anyhow::Error {
    let key = match error {
        ConsoleError::NeedsSignIn { session, .. }
        | ConsoleError::Revoked { session }
        | ConsoleError::KeyRejected { session, .. }
        | ConsoleError::EndpointChanged { session, .. }
        | ConsoleError::UnreadableKey { session } => Some(session),
        _ => None,
    };
    match hint(&error.problem(), key, Some(profile)) {
        Some(next) => anyhow!("{error}; {next}"),
        None => anyhow!("{error}"),
    }
}

/// The terminal side of a console sign-in, on stderr (stdout may belong to a tool).
#[derive(Debug)]
struct TerminalConsolePrompt {
    profile: String,
}

impl ConsolePrompt for TerminalConsolePrompt {
    fn browser_sign_in(&self, url: &str, opened: Result<(), String>) {
        let opening = match opened {
            Ok(()) => "Attempting to open your default browser.".to_owned(),
            Err(why) => format!("The browser could not be opened ({why})."),
        };
        eprintln!(
            "{opening} If the browser does not open, open the following URL.\nIf you are \
             unable to open the URL on this device, run `awning login --console --profile {} \
             --remote`.\n\n{url}\n",
            self.profile
        );
    }

    fn paste_code<'a>(&'a self, url: &'a str) -> PastedCode<'a> {
        eprintln!(
            "Browser will not be automatically opened.\nPlease visit the following URL:\n\n{url}\n"
        );
        Box::pin(async {
            eprint!("Enter the authorization code displayed in your browser: ");
            let _ = std::io::stderr().flush();
            let line = tokio::task::spawn_blocking(read_line).await.ok()?.ok()?;
            let code = Secret::new(line.trim());
            (!code.expose().is_empty()).then_some(code)
        })
    }
}
