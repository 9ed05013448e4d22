//! Discovery through the agent against the sandbox served in-process: every account and
//! role the session reaches, named by the template, the one a profile covers marked; the
//! ticked ones written through the preview, marked as Awning's.

use std::collections::BTreeSet;
use std::sync::Arc;

use awning_sandbox::Scenario;

use super::super::{Agent, AwsFiles, DiscoveryWrite, ProfileWrite};
use crate::config::{ConfigFile, FileKind};
use crate::sso::generate::{DEFAULT_TEMPLATE, ProfileStyle};
use crate::sso::{Interactive, SignInOptions, SsoEngine, SsoTarget};
use crate::test_support::{Person, Quiet, Unwatched, mock_vault, serve_sandbox};
use crate::vault::SessionKey;

const CONFIG: &str = "# Ada's\n[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n\
sso_role_name = Developer\nregion = eu-west-1\n\n[sso-session corp]\n\
sso_start_url = https://d-9067000000.awsapps.com/start\nsso_region = us-east-1\n";

/// An agent over `scenario` with corp signed in, and the config file it edits; the
/// folders live as long as the returned guard.
async fn signed_in(scenario: Scenario) -> (Arc<Agent>, std::path::PathBuf, Vec<tempfile::TempDir>) {
    let (url, _log) = serve_sandbox(scenario).await;
    let (vault, data, _mirror_home) = mock_vault();
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("config");
    std::fs::write(&config, CONFIG).unwrap();
    let engine = SsoEngine::new(vault, data.path().to_owned())
        .with_endpoint_url(&url)
        .with_browser(Arc::new(Person("approve")));
    let corp = SsoTarget {
        key: SessionKey::SsoSession("corp".to_owned()),
        start_url: "https://d-9067000000.awsapps.com/start".to_owned(),
        region: "us-east-1".to_owned(),
        scopes: Vec::new(),
    };
    let how = Interactive {
        options: SignInOptions::default(),
        prompt: &Unwatched,
    };
    engine.sign_in(&corp, how).await.unwrap();
    let files = AwsFiles {
        config: ConfigFile::new(&config, FileKind::Config),
        credentials: ConfigFile::new(folder.path().join("credentials"), FileKind::Credentials),
        tools: None,
    };
    let (agent, _) = Agent::new(engine, files, data.path().to_owned(), Arc::new(Quiet));
    (agent, config, vec![data, _mirror_home, folder])
}

#[tokio::test]
async fn discovery_lists_names_and_marks_covered_roles_and_writes_the_ticked_ones() {
    let (agent, config, _folders) = signed_in(Scenario::default()).await;

    let found = agent
        .discovered("corp", DEFAULT_TEMPLATE, false)
        .await
        .unwrap();
    assert_eq!(found.roles.len(), 10, "every role of every account");
    let developer = found
        .roles
        .iter()
        .find(|role| role.account_id == "111122223333" && role.role == "Developer")
        .unwrap();
    assert_eq!(developer.planned, "sandbox-dev-Developer");
    assert_eq!(developer.covered_by.as_deref(), Some("dev"));
    let renamed = agent
        .discovered("corp", "{account_id}.{role_name}", false)
        .await
        .unwrap();
    assert!(
        renamed
            .roles
            .iter()
            .any(|role| role.planned == "222233334444.ReadOnly"),
        "from the kept list"
    );

    let write = DiscoveryWrite {
        session: "corp".to_owned(),
        template: DEFAULT_TEMPLATE.to_owned(),
        style: ProfileStyle::Sso,
        prune: false,
        chosen: BTreeSet::from([("222233334444".to_owned(), "ReadOnly".to_owned())]),
    };
    let preview = agent
        .preview_profile_write(ProfileWrite::Discover(Box::new(write)))
        .unwrap();
    agent.apply_profile_write(preview.id).unwrap();
    let written = std::fs::read_to_string(&config).unwrap();
    assert!(written.starts_with(CONFIG), "Ada's lines stay");
    assert_eq!(
        &written[CONFIG.len()..],
        "\n[profile sandbox-staging-ReadOnly]\nsso_session = corp\nsso_account_id = 222233334444\n\
         sso_role_name = ReadOnly\nawning_generated_from = corp\nregion = us-east-1\n"
    );
}

#[tokio::test]
async fn an_account_or_role_of_a_shape_aws_never_gives_is_left_out_of_the_listing() {
    let mut scenario = Scenario::default();
    let mut hostile = scenario.accounts[0].clone();
    hostile.id = "1111$(id)".to_owned();
    hostile.name = "evil".to_owned();
    scenario.accounts.push(hostile);
    scenario.accounts[0]
        .roles
        .push("Admin;curl x|sh".to_owned());
    let (agent, _config, _folders) = signed_in(scenario).await;
    let found = agent
        .discovered("corp", DEFAULT_TEMPLATE, false)
        .await
        .unwrap();
    assert_eq!(found.roles.len(), 10, "only the well-formed roles");
    assert!(
        found
            .roles
            .iter()
            .all(|role| !role.account_id.contains('$') && !role.role.contains(';'))
    );
}
