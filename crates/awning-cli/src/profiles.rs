//! `awning profiles`

use awning::config::{ProfileKind, config_file_path, load_profiles};

pub fn run() -> anyhow::Result<()> {
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
