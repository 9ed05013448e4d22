//! `awning keys`: an IAM user's access key out of `~/.aws/credentials` and into the
//! keychain, its MFA session, and back.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::anyhow;
use awning::config::{Change, ConfigFile, FileKind};
use awning::keys::{KeyFiles, KeyTarget, KeysError};
use awning::timestamps::format_cache_time;

use crate::context::{block_on, config_view, engine, open_vault, profile_name};
use crate::hints::hint;

#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Move the profile's access key into the keychain; the profile then takes
    /// temporary credentials (GetSessionToken) from `awning credential-process`.
    Import {
        #[arg(long)]
        profile: Option<String>,
        /// The user's MFA device (its ARN); sessions then want a code from it. Default:
        /// the profile's `mfa_serial`.
        #[arg(long, value_name = "ARN")]
        mfa_serial: Option<String>,
    },
    /// Start a session of the kept key with a code from its MFA device, read from
    /// standard input (asked for on a terminal), for tools to use until it ends.
    Session {
        #[arg(long)]
        profile: Option<String>,
    },
    /// Put the key back in the credentials file and remove it from the keychain.
    Restore {
        #[arg(long)]
        profile: Option<String>,
    },
}

pub fn run(command: KeysCommand) -> anyhow::Result<()> {
    let config = ConfigFile::from_env(FileKind::Config)?;
    let credentials = ConfigFile::from_env(FileKind::Credentials)?;
    let data_dir = awning::paths::data_dir()?;
    let files = KeyFiles {
        config: &config,
        credentials: &credentials,
        data_dir: &data_dir,
    };
    match command {
        KeysCommand::Import {
            profile,
            mfa_serial,
        } => {
            let profile = profile_name(profile.as_deref());
            let changes = block_on(async {
                let vault = open_vault().await?;
                awning::keys::import(&vault, files, &profile, mfa_serial)
                    .await
                    .map_err(|error| explained(&error, &profile))
            })?;
            report(&changes);
            println!(
                "The access key of {profile} is in the keychain now; tools get temporary \
                 credentials made with it. `awning keys restore --profile {profile}` puts it \
                 back."
            );
        }
        KeysCommand::Session { profile } => {
            let profile = profile_name(profile.as_deref());
            let not_kept = || KeysError::NotKept {
                profile: profile.clone(),
            };
            let target = KeyTarget::of_profile(&config_view()?, &profile)
                .ok_or_else(|| explained(&not_kept(), &profile))?;
            let code = read_code(&profile)?;
            let session = block_on(async {
                engine()
                    .await?
                    .keys()
                    .credentials(&target, Some(&code))
                    .await
                    .map_err(|error| explained(&error, &profile))
            })?;
            println!(
                "Tools using {profile} get credentials of this session until {}.",
                format_cache_time(session.expires_at)
            );
        }
        KeysCommand::Restore { profile } => {
            let profile = profile_name(profile.as_deref());
            let changes = block_on(async {
                let vault = open_vault().await?;
                awning::keys::restore(&vault, files, &profile)
                    .await
                    .map_err(|error| explained(&error, &profile))
            })?;
            report(&changes);
            println!(
                "The access key of {profile} is back in the credentials file, and no longer \
                 in the keychain."
            );
        }
    }
    Ok(())
}

fn report(changes: &[Change]) {
    for change in changes.iter().filter(|change| !change.is_empty()) {
        println!("Changed {}.", change.path.display());
    }
}

/// The code from standard input; on a terminal, asked for first. Never an argument: it
/// would show in the process list.
fn read_code(profile: &str) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("MFA code for {profile}: ");
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    let code = line.trim();
    if code.len() != 6 || !code.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(anyhow!("an MFA code is the six digits the device shows"));
    }
    Ok(code.to_owned())
}

fn explained(error: &KeysError, profile: &str) -> anyhow::Error {
    match hint(&error.problem(), None, Some(profile)) {
        Some(next) => anyhow!("{error}; {next}"),
        None => anyhow!("{error}"),
    }
}
