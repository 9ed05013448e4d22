//! `awning profiles` (the list) and `awning profiles discover`.

use std::collections::BTreeSet;

use awning::config::{
    ConfigFile, ConfigView, Document, FileKind, ProfileKind, config_file_path, load_profiles,
};
use awning::credentials::bridge::{default_bridge_name, plan_bridge, write_bridge};
use awning::messages::{Language, describe_problem};
use awning::sso::SsoTarget;
use awning::sso::discover::Discovery;
use awning::sso::generate::{DEFAULT_TEMPLATE, GENERATED_FROM, ProfileStyle, plan, write_profiles};

use crate::context::{block_on, config_view, engine};
use crate::hints::login_command;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ProfilesArgs {
    #[command(subcommand)]
    pub command: Option<ProfilesCommand>,
}

#[derive(Debug, clap::Subcommand)]
pub enum ProfilesCommand {
    /// Write a profile for every account and role an sso-session can use.
    Discover(DiscoverArgs),
    /// Write a profile whose credential_process asks Awning for another profile's
    /// credentials: the bridge for tools that know neither login_session nor
    /// sso_session (Terraform, IDE toolkits, boto3 before 1.41).
    Bridge(BridgeArgs),
}

#[derive(Debug, clap::Args)]
pub struct BridgeArgs {
    /// The console or IAM Identity Center profile to bridge.
    pub profile: String,
    /// The bridge profile's name (default: PROFILE-bridge).
    #[arg(long = "as")]
    pub as_name: Option<String>,
    /// Show the change to the config file without writing it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct DiscoverArgs {
    /// The [sso-session NAME] whose accounts and roles to list.
    #[arg(long)]
    pub sso_session: String,
    /// How to name each profile: {account_name}, {account_id}, {role_name}, {session}.
    #[arg(long, default_value = DEFAULT_TEMPLATE)]
    pub template: String,
    /// Remove profiles Awning made from this session earlier that no longer exist.
    #[arg(long)]
    pub prune: bool,
    /// Show the change to the config file without writing it.
    #[arg(long)]
    pub dry_run: bool,
    /// `sso`: native sso_session profiles; `process`: profiles whose credential_process
    /// asks Awning.
    #[arg(long, default_value = "sso", value_parser = ["sso", "process"])]
    pub style: String,
    /// Use the accounts found last time instead of asking IAM Identity Center again.
    #[arg(long)]
    pub cached: bool,
}

pub fn run(args: ProfilesArgs) -> anyhow::Result<()> {
    match args.command {
        None => list(),
        Some(ProfilesCommand::Discover(args)) => discover(args),
        Some(ProfilesCommand::Bridge(args)) => bridge(args),
    }
}

fn bridge(args: BridgeArgs) -> anyhow::Result<()> {
    let name = args
        .as_name
        .unwrap_or_else(|| default_bridge_name(&args.profile));
    let keys = plan_bridge(&config_view()?, &args.profile, &name).map_err(|problem| {
        anyhow::anyhow!("{}", describe_problem(Language::En.catalogue(), &problem))
    })?;
    let edit = |document: &mut Document| write_bridge(document, &name, &keys);
    let file = ConfigFile::from_env(FileKind::Config)?;
    if args.dry_run {
        print!("{}", file.preview(edit)?.unified_diff());
        return Ok(());
    }
    file.apply(&awning::paths::data_dir()?, edit)?;
    println!(
        "Wrote profile {name}: tools that do not know profile {} use \"--profile {name}\" \
         and get its credentials from Awning.",
        args.profile
    );
    Ok(())
}

fn discover(args: DiscoverArgs) -> anyhow::Result<()> {
    let target = SsoTarget::session(&config_view()?, &args.sso_session)?;
    let kept = args
        .cached
        .then(|| Discovery::cached(&awning::paths::data_dir().ok()?, &target.key))
        .flatten();
    // The kept list needs no keychain and no network.
    let discovery = match kept {
        Some(kept) => kept,
        None => block_on(async {
            engine()
                .await?
                .discover(&target)
                .await
                .map_err(|error| match error {
                    awning::sso::SsoError::NeedsSignIn { .. } => {
                        anyhow::anyhow!("{error}; run `{}`", login_command(Some(&target.key), None))
                    }
                    other => other.into(),
                })
        })?,
    };
    let age = std::time::SystemTime::now()
        .duration_since(discovery.fetched_at)
        .unwrap_or_default();
    let when = if age.as_secs() < 60 {
        "just now".to_owned()
    } else {
        format!("{} ago", Language::En.catalogue().duration(age))
    };
    println!(
        "{} accounts with {} roles in {} (listed {when}).",
        discovery.accounts.len(),
        discovery.role_count(),
        args.sso_session
    );
    let planned = plan(&discovery, &args.template, &args.sso_session);
    let style = match args.style.as_str() {
        "process" => ProfileStyle::Process,
        _ => ProfileStyle::Sso,
    };
    let edit = |document: &mut Document| {
        write_profiles(
            document,
            &args.sso_session,
            &target.region,
            &planned,
            style,
            args.prune,
        )
    };
    let file = ConfigFile::from_env(FileKind::Config)?;
    let change = if args.dry_run {
        file.preview(edit)?
    } else {
        file.apply(&awning::paths::data_dir()?, edit)?
    };
    let generated = |text: &str| -> BTreeSet<String> {
        ConfigView::read(&Document::parse(text), &Document::default())
            .profiles
            .into_iter()
            .filter(|p| p.get(GENERATED_FROM) == Some(args.sso_session.as_str()))
            .map(|p| p.name)
            .collect()
    };
    let (before, after) = (generated(&change.before), generated(&change.after));
    let skipped: Vec<&str> = planned
        .iter()
        .map(|p| p.name.as_str())
        .filter(|name| !after.contains(*name))
        .collect();
    if args.dry_run {
        print!("{}", change.unified_diff());
    }
    let verb = if args.dry_run { "Would write" } else { "Wrote" };
    println!(
        "{verb} {} profiles ({} new, {} removed) in {}.",
        after.len(),
        after.difference(&before).count(),
        before.difference(&after).count(),
        change.path.display()
    );
    if !skipped.is_empty() {
        println!(
            "Left alone, because you made profiles of these names: {}.",
            skipped.join(", ")
        );
    }
    Ok(())
}

fn list() -> anyhow::Result<()> {
    let path = config_file_path()?;
    let profiles = load_profiles(&path)?;
    if profiles.is_empty() {
        println!("No profiles in {}.", path.display());
        return Ok(());
    }
    let width = profiles
        .iter()
        .map(|profile| profile.name.len())
        .max()
        .unwrap_or(0);
    for profile in profiles {
        let mut details = vec![describe(profile.kind).to_owned()];
        details.extend(
            profile
                .sso_session()
                .map(|session| format!("session {session}")),
        );
        details.extend(profile.region().map(|region| format!("region {region}")));
        println!("{:width$}  {}", profile.name, details.join(", "));
    }
    Ok(())
}

fn describe(kind: ProfileKind) -> &'static str {
    match kind {
        ProfileKind::AssumeRole => "assume role",
        ProfileKind::WebIdentity => "web identity",
        ProfileKind::SsoSession => "IAM Identity Center",
        ProfileKind::LegacySso => "IAM Identity Center (legacy, no refresh)",
        ProfileKind::ConsoleLogin => "console login",
        ProfileKind::CredentialProcess => "credential process",
        ProfileKind::StaticKeys => "access keys",
        ProfileKind::NoCredentials => "settings only",
    }
}
