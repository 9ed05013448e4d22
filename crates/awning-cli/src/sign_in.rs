//! `awning login` and `awning logout`.

use awning::sso::{Interactive, SignInOptions};
use awning::timestamps::format_cache_time;
use awning::vault::SessionKey;

use awning::console::ConsoleTarget;

use crate::console::{self, ConsoleLogin};
use crate::context::{SessionChoice, block_on, config_view, engine, profile_name};
use crate::hints::login_command;
use crate::prompt::TerminalPrompt;

#[derive(Debug, clap::Args)]
pub struct LoginArgs {
    #[command(flatten)]
    pub session: SessionChoice,
    /// Sign in with a code entered on a web page instead of the browser redirect.
    #[arg(long)]
    pub device_code: bool,
    /// Do not open a browser: show a URL and a code to use on any device.
    #[arg(long)]
    pub no_browser: bool,
    /// Console sign-in (`aws login`): for anyone who can open the AWS console, without
    /// IAM Identity Center. Chosen by itself for a profile with `login_session`.
    #[arg(long, conflicts_with_all = ["sso_session", "device_code", "no_browser"])]
    pub console: bool,
    /// The region of a console sign-in (default: the profile's, else AWS_REGION).
    #[arg(long, requires = "console")]
    pub region: Option<String>,
    /// Approve a console sign-in on another device and paste the code it shows here.
    #[arg(long)]
    pub remote: bool,
    /// Point the profile at the new console session without asking, even when it
    /// names another one.
    #[arg(long)]
    pub yes: bool,
    /// Show the change to the config file without writing it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct LogoutArgs {
    #[command(flatten)]
    pub session: SessionChoice,
    /// Sign out of every session in the vault: IAM Identity Center and console.
    #[arg(long, conflicts_with_all = ["sso_session", "profile"])]
    pub all: bool,
}

pub fn login(args: LoginArgs) -> anyhow::Result<()> {
    let view = config_view()?;
    let profile = profile_name(args.session.profile.as_deref());
    let console_profile =
        args.session.sso_session.is_none() && ConsoleTarget::of_profile(&view, &profile).is_some();
    if args.console || console_profile {
        return console::login(
            &view,
            &ConsoleLogin {
                profile,
                region: args.region,
                remote: args.remote,
                yes: args.yes,
                dry_run: args.dry_run,
            },
        );
    }
    let (target, _) = args.session.target(&view)?;
    let prompt = TerminalPrompt {
        device_code_command: format!(
            "{} --device-code",
            login_command(Some(&target.key), args.session.profile.as_deref())
        ),
    };
    let how = Interactive {
        options: SignInOptions {
            device_code: args.device_code,
            no_browser: args.no_browser,
        },
        prompt: &prompt,
    };
    let token = block_on(async { Ok(engine().await?.sign_in(&target, how).await?) })?;
    let renewal = if token.refresh_token.is_some() {
        "renews silently"
    } else {
        "cannot renew; sign in again then"
    };
    println!(
        "Signed in to {} ({}). The token lasts until {} and {renewal}.",
        target.display_name(),
        target.start_url,
        format_cache_time(token.expires_at),
    );
    Ok(())
}

pub fn logout(args: LogoutArgs) -> anyhow::Result<()> {
    let view = config_view()?;
    let profile = profile_name(args.session.profile.as_deref());
    let console = (!args.all && args.session.sso_session.is_none())
        .then(|| ConsoleTarget::of_profile(&view, &profile))
        .flatten();
    let chosen = if args.all || console.is_some() {
        None
    } else {
        Some(args.session.target(&view)?.0)
    };
    block_on(async {
        let engine = engine().await?;
        let stored: Vec<SessionKey> = engine
            .vault()
            .sessions()?
            .into_iter()
            .map(|(key, _)| key)
            .collect();
        let (sso, logins): (Vec<SessionKey>, Vec<SessionKey>) = match (&chosen, &console) {
            (Some(target), _) => (vec![target.key.clone()], Vec::new()),
            (None, Some(console)) => (Vec::new(), vec![console.key()]),
            (None, None) => stored
                .into_iter()
                .filter(|key| {
                    !matches!(key, SessionKey::CodeArtifact(_) | SessionKey::AccessKey(_))
                })
                .partition(|key| !matches!(key, SessionKey::Login(_))),
        };
        if args.all && sso.is_empty() && logins.is_empty() {
            println!("No session is signed in.");
        }
        for key in sso {
            let signed_out = engine.sign_out(&key).await?;
            match (signed_out.was_signed_in, signed_out.server) {
                (false, _) => println!("{key} was not signed in."),
                (true, Ok(())) => println!("Signed out of {key}."),
                (true, Err(why)) => println!(
                    "Signed out of {key} on this machine; IAM Identity Center was not told \
                     ({why}), so its session ends on its own."
                ),
            }
        }
        if !logins.is_empty() {
            let console = console::engine().await?;
            let mut removed = 0;
            for key in &logins {
                if console.sign_out(key).await? {
                    removed += 1;
                    println!("Signed out of {key}.");
                } else {
                    println!("{key} was not signed in.");
                }
            }
            if removed > 0 {
                println!(
                    "Tools that already loaded its credentials may use them until they expire; \
                     console credentials expire within 15 minutes."
                );
            }
        }
        Ok(())
    })
}
