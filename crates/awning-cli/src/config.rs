//! `awning config …`: edit the AWS config and credentials files without losing a byte.

use std::io::BufRead;

use anyhow::{Context, bail};
use awning::config::{
    Change, ConfigFile, Document, EditError, FileKind, SectionName, validate_config,
};
use awning::messages::{Language, advise_issue, describe_issue};

#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Set a key: `set PROFILE KEY VALUE`, or `set --sso-session NAME KEY VALUE`.
    /// A VALUE of `-` is read from standard input (required for secret keys).
    Set {
        #[command(flatten)]
        target: Target,
        #[arg(value_name = "[PROFILE] KEY VALUE", num_args = 2..=3, required = true, allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// Remove a key: `unset PROFILE KEY`, or `unset --sso-session NAME KEY`.
    Unset {
        #[command(flatten)]
        target: Target,
        #[arg(value_name = "[PROFILE] KEY", num_args = 1..=2, required = true)]
        words: Vec<String>,
    },
    /// Remove a whole profile (or --sso-session) with the comment block above it.
    Rm {
        #[command(flatten)]
        target: Target,
        #[arg(value_name = "PROFILE", num_args = 0..=1)]
        words: Vec<String>,
    },
    /// Rename a profile (or --sso-session) and the keys that refer to it.
    Rename {
        #[command(flatten)]
        target: Target,
        #[arg(value_name = "[PROFILE] NEW_NAME", num_args = 1..=2, required = true)]
        words: Vec<String>,
    },
    /// List every problem in the config file; exits non-zero when there are any.
    Check,
    /// Put back the file as it was before Awning's last change to it.
    Undo {
        /// Undo in the credentials file instead of the config file.
        #[arg(long)]
        credentials: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct Target {
    /// Edit this sso-session instead of a profile.
    #[arg(long, value_name = "NAME")]
    sso_session: Option<String>,
    /// Edit the credentials file (AWS_SHARED_CREDENTIALS_FILE) instead of the config file.
    #[arg(long, conflicts_with = "sso_session")]
    credentials: bool,
    /// Show the change as a diff and write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(command: ConfigCommand) -> anyhow::Result<()> {
    match command {
        ConfigCommand::Set { target, words } => {
            let (file, section, rest) = target.resolve(words, 2)?;
            let (key, value) = (rest[0].clone(), read_value(&rest[0], &rest[1])?);
            let kind = file.kind();
            target.write(&file, |d| d.set(kind, &section, &key, &value))
        }
        ConfigCommand::Unset { target, words } => {
            let (file, section, rest) = target.resolve(words, 1)?;
            let kind = file.kind();
            target.write(&file, |d| d.unset(kind, &section, &rest[0]))
        }
        ConfigCommand::Rm { target, words } => {
            let (file, section, _) = target.resolve(words, 0)?;
            let kind = file.kind();
            target.write(&file, |d| d.remove_section(kind, &section))
        }
        ConfigCommand::Rename { target, words } => {
            let (file, section, rest) = target.resolve(words, 1)?;
            let kind = file.kind();
            target.write(&file, |d| d.rename_section(kind, &section, &rest[0]))
        }
        ConfigCommand::Check => check(),
        ConfigCommand::Undo { credentials } => {
            let file = ConfigFile::from_env(file_kind(credentials))?;
            let change = file.undo(&awning::paths::data_dir()?)?;
            print!("{}", change.unified_diff());
            println!(
                "Restored {} as it was before Awning's last change.",
                file.path().display()
            );
            Ok(())
        }
    }
}

impl Target {
    /// The file, the section and the words after the profile name. `rest` is how many
    /// words the command takes besides the profile.
    fn resolve(
        &self,
        mut words: Vec<String>,
        rest: usize,
    ) -> anyhow::Result<(ConfigFile, SectionName, Vec<String>)> {
        let section = match &self.sso_session {
            Some(name) => SectionName::SsoSession(name.clone()),
            None if words.len() == rest + 1 => SectionName::Profile(words.remove(0)),
            None => bail!("name the profile first, or the session with --sso-session NAME"),
        };
        if words.len() != rest {
            bail!(
                "expected {rest} argument(s) after {}, got {}",
                section.describe(),
                words.len()
            );
        }
        Ok((
            ConfigFile::from_env(file_kind(self.credentials))?,
            section,
            words,
        ))
    }

    fn write(
        &self,
        file: &ConfigFile,
        edit: impl Fn(&mut Document) -> Result<(), EditError>,
    ) -> anyhow::Result<()> {
        let change = if self.dry_run {
            file.preview(edit)?
        } else {
            file.apply(&awning::paths::data_dir()?, edit)?
        };
        report(&change, self.dry_run);
        Ok(())
    }
}

fn file_kind(credentials: bool) -> FileKind {
    if credentials {
        FileKind::Credentials
    } else {
        FileKind::Config
    }
}

/// `-` means standard input; secret keys accept nothing else.
fn read_value(key: &str, value: &str) -> anyhow::Result<String> {
    if value != "-" {
        if awning::config::is_secret_key(key) {
            bail!(
                "`{key}` is a secret: give `-` as the value and type or pipe it on standard \
                 input, so it stays out of your shell history and the process list"
            );
        }
        return Ok(value.to_owned());
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the value from standard input")?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

fn report(change: &Change, dry_run: bool) {
    let path = change.path.display();
    if change.is_empty() {
        println!("{path} already says that: nothing to change.");
        return;
    }
    print!("{}", change.unified_diff());
    if dry_run {
        println!("Dry run: {path} was not changed.");
    } else {
        if change.reapplied {
            println!("{path} changed on disk meanwhile; the edit was applied to the new version.");
        }
        println!("Saved {path}. `awning config undo` reverts it.");
    }
}

fn check() -> anyhow::Result<()> {
    let file = ConfigFile::from_env(FileKind::Config)?;
    let credentials = ConfigFile::from_env(FileKind::Credentials)?.read()?;
    let problems = validate_config(&file.read()?, &credentials);
    let path = file.path().display();
    let words = Language::En.catalogue();
    for problem in &problems {
        println!(
            "{path}:{}: {}\n    fix: {}",
            problem.line,
            describe_issue(words, &problem.issue),
            advise_issue(words, &problem.issue)
        );
    }
    match problems.len() {
        0 => {
            println!("No problems in {path}.");
            Ok(())
        }
        1 => bail!("1 problem in {path}"),
        count => bail!("{count} problems in {path}"),
    }
}
