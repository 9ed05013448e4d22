//! Kept keys against the sandbox served in-process: the key leaves the files for the
//! vault, tools get `GetSessionToken` sessions (after the MFA code), and restore gives
//! the files back byte for byte.

use awning_sandbox::Scenario;
use awning_sandbox::scenario::IamUser;

use super::*;
use crate::config::{ConfigFile, FileKind};
use crate::problem::Problem;
use crate::sso::SsoEngine;
use crate::test_support::{mock_vault, requests_to, serve_sandbox};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const CONFIG: &str = "# Ada's config\n[profile ada]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::111122223333:mfa/ada\n";
const CREDENTIALS: &str = "# her keys\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other-secret\n\n\
                           [ada]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n\
                           aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

struct World {
    engine: SsoEngine,
    config: ConfigFile,
    credentials: ConfigFile,
    log: tempfile::NamedTempFile,
    folders: (tempfile::TempDir, tempfile::TempDir, tempfile::TempDir),
}

impl World {
    async fn new(scenario: Scenario) -> Self {
        let (url, log) = serve_sandbox(scenario).await;
        let (vault, data, home) = mock_vault();
        let aws = tempfile::tempdir().unwrap();
        std::fs::write(aws.path().join("config"), CONFIG).unwrap();
        std::fs::write(aws.path().join("credentials"), CREDENTIALS).unwrap();
        Self {
            engine: SsoEngine::new(vault, data.path().to_owned()).with_endpoint_url(&url),
            config: ConfigFile::new(aws.path().join("config"), FileKind::Config),
            credentials: ConfigFile::new(aws.path().join("credentials"), FileKind::Credentials),
            log,
            folders: (data, home, aws),
        }
    }

    fn files(&self) -> KeyFiles<'_> {
        KeyFiles {
            config: &self.config,
            credentials: &self.credentials,
            data_dir: self.folders.0.path(),
        }
    }

    fn texts(&self) -> (String, String) {
        (
            std::fs::read_to_string(self.config.path()).unwrap(),
            std::fs::read_to_string(self.credentials.path()).unwrap(),
        )
    }

    async fn import(&self) -> KeyTarget {
        import(self.engine.vault(), self.files(), "ada", None)
            .await
            .unwrap();
        let view = ConfigView::read(
            &self.config.read().unwrap(),
            &self.credentials.read().unwrap(),
        );
        KeyTarget::of_profile(&view, "ada").unwrap()
    }

    /// Every file under the data folder and the AWS folder, as text.
    fn every_file(&self) -> String {
        [self.folders.0.path(), self.folders.2.path()]
            .iter()
            .flat_map(|root| walk(root))
            .map(|path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned())
            .collect()
    }
}

fn walk(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            files.extend(walk(&entry.path()));
        } else {
            files.push(entry.path());
        }
    }
    files
}

#[tokio::test]
async fn import_moves_the_key_into_the_vault_and_points_the_profile_at_awning() {
    let world = World::new(Scenario::default()).await;
    let target = world.import().await;
    let (config, credentials) = world.texts();
    assert_eq!(
        credentials,
        "# her keys\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other-secret\n"
    );
    assert_eq!(
        config,
        format!(
            "{CONFIG}credential_process = awning credential-process --profile ada\n\
             awning_access_key = AKIAIOSFODNN7EXAMPLE\n"
        )
    );
    assert_eq!(target.region, "eu-west-1");
    let Some(Record::AccessKey(kept)) = world.engine.vault().load(&target.key).await.unwrap()
    else {
        panic!("the vault keeps the key");
    };
    assert_eq!(kept.secret_access_key.expose(), SECRET);
    assert_eq!(
        kept.mfa_serial.as_deref(),
        Some("arn:aws:iam::111122223333:mfa/ada"),
        "the profile's mfa_serial is taken"
    );
    assert!(!world.every_file().contains(SECRET), "no file, no backup");
}

#[tokio::test]
async fn a_session_wants_the_mfa_code_then_serves_until_its_last_fifteen_minutes() {
    let world = World::new(Scenario::default()).await;
    let target = world.import().await;
    let keys = world.engine.keys();
    let asked = keys.credentials(&target, None).await.unwrap_err();
    assert_eq!(
        asked.problem(),
        Problem::NeedsMfaCode {
            profile: "ada".to_owned()
        }
    );
    let wrong = keys.credentials(&target, Some("000000")).await.unwrap_err();
    assert_eq!(wrong.problem(), Problem::MfaCodeRefused);

    let session = keys.credentials(&target, Some("123456")).await.unwrap();
    assert!(
        session.access_key_id.starts_with("ASIA"),
        "temporary, not the key"
    );
    let sts_calls = requests_to(world.log.path(), "/");
    assert_eq!(
        sts_calls, 2,
        "the wrong code and the right one; none without a code"
    );
    let again = keys.credentials(&target, None).await.unwrap();
    assert_eq!(again.access_key_id, session.access_key_id);
    assert_eq!(
        requests_to(world.log.path(), "/"),
        sts_calls,
        "kept, not asked again"
    );
}

#[tokio::test]
async fn a_user_without_mfa_gets_a_session_at_once() {
    let mut scenario = Scenario::default();
    scenario.iam_users = vec![IamUser {
        mfa_serial: None,
        mfa_code: None,
        ..scenario.iam_users[0].clone()
    }];
    let world = World::new(scenario).await;
    std::fs::write(world.config.path(), "[profile ada]\nregion = eu-west-1\n").unwrap();
    let target = world.import().await;
    let session = world
        .engine
        .keys()
        .credentials(&target, None)
        .await
        .unwrap();
    assert!(session.access_key_id.starts_with("ASIA"));
}

#[tokio::test]
async fn restore_gives_both_files_back_byte_for_byte_and_the_vault_forgets() {
    let world = World::new(Scenario::default()).await;
    let before = world.texts();
    let target = world.import().await;
    restore(world.engine.vault(), world.files(), "ada")
        .await
        .unwrap();
    assert_eq!(world.texts(), before, "comments, order and the key itself");
    assert!(
        world
            .engine
            .vault()
            .load(&target.key)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn restore_after_other_edits_sets_the_key_back_and_keeps_those_edits() {
    let world = World::new(Scenario::default()).await;
    world.import().await;
    let edited = format!("{}output = json\n", world.texts().0);
    std::fs::write(world.config.path(), &edited).unwrap();
    restore(world.engine.vault(), world.files(), "ada")
        .await
        .unwrap();
    let (config, credentials) = world.texts();
    assert_eq!(config, format!("{CONFIG}output = json\n"));
    assert!(
        credentials.ends_with(&format!(
            "[ada]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {SECRET}\n"
        )),
        "{credentials}"
    );
}

#[tokio::test]
async fn temporary_or_missing_keys_are_refused_and_nothing_changes() {
    let world = World::new(Scenario::default()).await;
    std::fs::write(
        world.credentials.path(),
        "[ada]\naws_access_key_id = ASIAX\naws_secret_access_key = s\naws_session_token = t\n",
    )
    .unwrap();
    let before = world.texts();
    let temporary = import(world.engine.vault(), world.files(), "ada", None)
        .await
        .unwrap_err();
    assert_eq!(
        temporary.problem(),
        Problem::TemporaryKeys {
            profile: "ada".to_owned()
        }
    );
    let missing = import(world.engine.vault(), world.files(), "nobody", None)
        .await
        .unwrap_err();
    assert_eq!(
        missing.problem(),
        Problem::NoAccessKey {
            profile: "nobody".to_owned()
        }
    );
    assert_eq!(world.texts(), before);
    assert!(world.engine.vault().sessions().unwrap().is_empty());
}
