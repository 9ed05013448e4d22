//! `awning vault …`: what Awning keeps in the keychain, the AWS CLI caches it can import,
//! and the compatibility mirror.

use std::time::SystemTime;

use anyhow::Context;
use awning::timestamps::format_cache_time;
use awning::vault::{CachePaths, SessionKey, Vault, scan_cli_caches, stored_sessions};

use crate::context::{block_on, config_view, open_vault};

#[derive(Debug, clap::Subcommand)]
pub enum VaultCommand {
    /// List the sessions in the vault (without opening the keychain) and the AWS CLI
    /// cache files that could be imported.
    List,
    /// Check that the keychain answers: store, read back and remove a test item.
    Check,
    /// Move the sessions `aws sso login` and `aws login` left in ~/.aws into the vault.
    Import {
        /// Keep each cache file as a compatibility mirror that Awning keeps in step,
        /// instead of removing it.
        #[arg(long)]
        mirror: bool,
    },
    /// Keep the AWS CLI cache file of a session in step with the vault (`on`), or
    /// remove it (`off`). For tools that read only files; the file holds the tokens.
    Mirror {
        /// The session as `awning vault list` names it, e.g. `sso-session:corp`.
        session: String,
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
    /// Take into the vault the tokens an SDK refreshed into mirrored cache files on its
    /// own (the app does this whenever it reads a session).
    Sync,
    /// Remove a session from the vault and its mirror file.
    Forget {
        /// The session as `awning vault list` names it.
        session: String,
    },
}

pub fn run(command: VaultCommand) -> anyhow::Result<()> {
    block_on(dispatch(command))
}

async fn dispatch(command: VaultCommand) -> anyhow::Result<()> {
    match command {
        VaultCommand::List => list(),
        VaultCommand::Check => check(&open_vault().await?).await,
        VaultCommand::Import { mirror } => import(&open_vault().await?, mirror).await,
        VaultCommand::Sync => sync(&open_vault().await?).await,
        VaultCommand::Mirror { session, state } => {
            let key = session_key(&session)?;
            let vault = open_vault().await?;
            vault.set_mirror(&key, state == "on").await?;
            match vault.cache_paths().file_of(&key) {
                Some(file) if state == "on" => println!("Mirroring {key} to {}.", file.display()),
                _ => println!("Stopped mirroring {key}."),
            }
            Ok(())
        }
        VaultCommand::Forget { session } => {
            let key = session_key(&session)?;
            if open_vault().await?.forget(&key).await? {
                println!("Removed {key} from the vault.");
            } else {
                println!("The vault holds no {key}; nothing to remove.");
            }
            Ok(())
        }
    }
}

/// Answers from the index and the cache folders alone, so it works while the keychain
/// is locked or missing.
fn list() -> anyhow::Result<()> {
    let sessions = stored_sessions()?;
    if sessions.is_empty() {
        println!("The vault holds no sessions.");
    }
    let now = SystemTime::now();
    for (key, entry) in &sessions {
        let state = if entry.expires_at > now {
            "expires"
        } else {
            "expired"
        };
        let mut facts = vec![format!("{state} {}", format_cache_time(entry.expires_at))];
        if entry.renewable {
            facts.push("renewable".to_owned());
        }
        if entry.mirror {
            facts.push("mirrored to the AWS CLI cache".to_owned());
        }
        println!("{key}  {}", facts.join(", "));
    }
    let (found, skipped) = scan_cli_caches(&CachePaths::from_env()?, &config_view()?);
    let mirrored = |key: &SessionKey| {
        sessions
            .iter()
            .any(|(held, entry)| held == key && entry.mirror)
    };
    let importable: Vec<_> = found.iter().filter(|found| !mirrored(&found.key)).collect();
    if !importable.is_empty() {
        println!("\nIn the AWS CLI caches (`awning vault import` moves them into the vault):");
        for found in importable {
            println!("{}  {}", found.key, found.file.display());
        }
    }
    for skipped in skipped {
        println!(
            "Not importable: {}: {}",
            skipped.file.display(),
            skipped.reason
        );
    }
    Ok(())
}

/// A probe through the whole store path: what `list` cannot show, because it never
/// opens the keychain.
async fn check(vault: &Vault) -> anyhow::Result<()> {
    vault.probe().await?;
    println!("The keychain answers: a test item was stored, read back and removed.");
    Ok(())
}

async fn sync(vault: &Vault) -> anyhow::Result<()> {
    let mirrored: Vec<_> = vault
        .sessions()?
        .into_iter()
        .filter(|(_, entry)| entry.mirror)
        .collect();
    if mirrored.is_empty() {
        println!("No session is mirrored; nothing to take back.");
    }
    for (key, entry) in mirrored {
        let current = vault.load(&key).await?;
        match current {
            Some(record) if record.expires_at() > entry.expires_at => println!(
                "{key}: took the newer token an SDK wrote to the cache (now expires {}).",
                format_cache_time(record.expires_at())
            ),
            _ => println!("{key}: the vault is up to date."),
        }
    }
    Ok(())
}

async fn import(vault: &Vault, mirror: bool) -> anyhow::Result<()> {
    let (found, skipped) = scan_cli_caches(vault.cache_paths(), &config_view()?);
    for skipped in &skipped {
        eprintln!(
            "awning: skipped {}: {}",
            skipped.file.display(),
            skipped.reason
        );
    }
    if found.is_empty() {
        println!("No sessions to import from the AWS CLI caches.");
        return Ok(());
    }
    for found in found {
        // Into the keychain first: the plaintext file goes only once the vault has it.
        vault.save(&found.key, &found.record).await?;
        if mirror {
            vault.set_mirror(&found.key, true).await?;
            println!(
                "Imported {}; {} is kept in step as its mirror.",
                found.key,
                found.file.display()
            );
        } else {
            std::fs::remove_file(&found.file).with_context(|| {
                format!(
                    "imported {}, but cannot remove {}",
                    found.key,
                    found.file.display()
                )
            })?;
            println!(
                "Imported {} and removed {}.",
                found.key,
                found.file.display()
            );
        }
    }
    Ok(())
}

fn session_key(name: &str) -> anyhow::Result<SessionKey> {
    SessionKey::parse(name).with_context(|| {
        format!(
            "{name:?} is not a session name; use one `awning vault list` shows, such as \
             sso-session:NAME or login:ARN"
        )
    })
}
