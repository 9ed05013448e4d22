//! `awning login` and `awning logout`.

use awning::sso::{Interactive, SignInOptions};
use awning::timestamps::format_cache_time;
use awning::vault::SessionKey;

use crate::context::{SessionChoice, block_on, config_view, engine};
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
}

#[derive(Debug, clap::Args)]
pub struct LogoutArgs {
    #[command(flatten)]
    pub session: SessionChoice,
    /// Sign out of every IAM Identity Center session in the vault.
    #[arg(long, conflicts_with_all = ["sso_session", "profile"])]
    pub all: bool,
}

pub fn login(args: LoginArgs) -> anyhow::Result<()> {
    let (target, _) = args.session.target(&config_view()?)?;
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
    let chosen = if args.all {
        None
    } else {
        Some(args.session.target(&config_view()?)?.0)
    };
    block_on(async {
        let engine = engine().await?;
        let keys: Vec<SessionKey> = match &chosen {
            Some(target) => vec![target.key.clone()],
            None => engine
                .vault()
                .sessions()?
                .into_iter()
                .map(|(key, _)| key)
                .filter(|key| matches!(key, SessionKey::SsoSession(_) | SessionKey::SsoStartUrl(_)))
                .collect(),
        };
        if keys.is_empty() {
            println!("No IAM Identity Center session is signed in.");
        }
        for key in keys {
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
        Ok(())
    })
}
