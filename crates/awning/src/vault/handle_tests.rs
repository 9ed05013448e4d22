//! The vault over keyring-core's in-memory mock store: layout, index, mirror, errors.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use keyring_core::mock;

use super::*;
use crate::vault::records::{AwsCredentials, ClientRegistration, LoginSession, SsoToken};
use crate::vault::secret::Secret;

const SERVICE: &str = "awning-test";
const ARN: &str = "arn:aws:sts::111122223333:assumed-role/Admin/ada";

struct Setup {
    vault: Vault,
    mock: Arc<keyring_core::CredentialStore>,
    home: tempfile::TempDir,
    data: tempfile::TempDir,
}

fn setup(item_limit: Option<usize>) -> Setup {
    let mock: Arc<keyring_core::CredentialStore> = mock::Store::new().unwrap();
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let vault = Vault::over_mock(Arc::clone(&mock), item_limit, data.path(), home.path());
    Setup {
        vault,
        mock,
        home,
        data,
    }
}

fn in_hours(hours: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_900_000_000 + hours * 3_600)
}

fn sso(access_token: &str, refresh_token: &str, expires_at: SystemTime) -> Record {
    Record::Sso(SsoToken {
        start_url: "https://d-1234567890.awsapps.com/start".to_owned(),
        region: "eu-west-1".to_owned(),
        access_token: Secret::new(access_token),
        expires_at,
        refresh_token: Some(Secret::new(refresh_token)),
        registration: Some(ClientRegistration {
            client_id: "client-1".to_owned(),
            client_secret: Secret::new("client-secret-1"),
            expires_at: in_hours(2_000),
            scopes: vec!["sso:account:access".to_owned()],
            grant_types: vec!["authorization_code".to_owned(), "refresh_token".to_owned()],
        }),
        role_credentials: Vec::new(),
        issued_by: None,
    })
}

fn login(refresh_token: &str, expires_at: SystemTime) -> Record {
    Record::Login(LoginSession {
        account_id: "111122223333".to_owned(),
        credentials: AwsCredentials {
            access_key_id: "ASIAEXAMPLE".to_owned(),
            secret_access_key: Secret::new("secret-access-key-".repeat(3)),
            session_token: Secret::new("session-token-".repeat(60)),
            expires_at,
        },
        refresh_token: Secret::new(refresh_token),
        id_token: Some(Secret::new("id-token-".repeat(40))),
        client_id: "arn:aws:signin:::devtools/same-device".to_owned(),
        dpop_key: Secret::new(
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n-----END EC PRIVATE KEY-----\n",
        ),
        sign_in_region: None,
        sign_in_endpoint: None,
        session_ends_at: None,
    })
}

fn access_token(record: &Record) -> String {
    match record {
        Record::Sso(token) => token.access_token.expose().to_owned(),
        Record::Login(session) => session.refresh_token.expose().to_owned(),
        Record::CodeArtifact(token) => token.token.expose().to_owned(),
        Record::AccessKey(key) => key.secret_access_key.expose().to_owned(),
    }
}

fn corp() -> SessionKey {
    SessionKey::SsoSession("corp".to_owned())
}

/// Every byte of every file under `dir`.
fn all_file_text(dir: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            text.push_str(&all_file_text(&path));
        } else {
            text.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
        }
    }
    text
}

fn mock_item(setup: &Setup, item: &str) -> Option<Vec<u8>> {
    let entry = setup.mock.build(SERVICE, item, None).unwrap();
    entry.get_secret().ok()
}

#[tokio::test]
async fn a_saved_session_loads_back_whole() {
    let setup = setup(None);
    setup
        .vault
        .save(&corp(), &sso("aoa-1", "aor-1", in_hours(8)))
        .await
        .unwrap();
    let loaded = setup.vault.load(&corp()).await.unwrap().unwrap();
    let Record::Sso(token) = loaded else {
        panic!("not an SSO record: {loaded:?}");
    };
    assert_eq!(token.access_token.expose(), "aoa-1");
    assert_eq!(token.refresh_token.unwrap().expose(), "aor-1");
    assert_eq!(
        token.registration.unwrap().client_secret.expose(),
        "client-secret-1"
    );
    assert!(
        setup
            .vault
            .load(&SessionKey::SsoSession("other".to_owned()))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn the_index_answers_without_the_keychain_and_holds_no_secret() {
    let setup = setup(None);
    setup
        .vault
        .save(&corp(), &sso("aoa-1", "aor-1", in_hours(8)))
        .await
        .unwrap();
    let sessions = setup.vault.sessions().unwrap();
    assert_eq!(sessions.len(), 1);
    let (key, entry) = &sessions[0];
    assert_eq!(key, &corp());
    assert_eq!(entry.expires_at, in_hours(8));
    assert!(entry.renewable && !entry.mirror);
    let files = all_file_text(setup.data.path());
    for secret in ["aoa-1", "aor-1", "client-secret-1"] {
        assert!(!files.contains(secret), "{secret} reached a file: {files}");
    }
    assert!(
        all_file_text(setup.home.path()).is_empty(),
        "the mirror is off"
    );
}

/// Saves a login session too big for one 512-byte item: its key and piece count.
async fn saved_in_pieces(setup: &Setup) -> (SessionKey, usize) {
    let key = SessionKey::Login(ARN.to_owned());
    setup
        .vault
        .save(&key, &login("rt-1", in_hours(1)))
        .await
        .unwrap();
    let pieces = setup.vault.sessions().unwrap()[0].1.pieces;
    (key, pieces)
}

#[tokio::test]
async fn a_record_above_the_item_limit_is_cut_into_pieces_that_come_back_together() {
    let setup = setup(Some(512));
    let (key, pieces) = saved_in_pieces(&setup).await;
    assert!(pieces >= 3, "{pieces} pieces");
    for index in 0..pieces {
        let piece = mock_item(&setup, &layout::piece_name(&key.item_name(), index)).unwrap();
        assert!(
            piece.len() <= 512,
            "piece {index} has {} bytes",
            piece.len()
        );
    }
    let loaded = setup.vault.load(&key).await.unwrap().unwrap();
    assert_eq!(access_token(&loaded), "rt-1");

    // A shorter record leaves no stale pieces behind.
    let mut short = login("rt-2", in_hours(2));
    if let Record::Login(session) = &mut short {
        session.id_token = None;
        session.credentials.session_token = Secret::new("short");
    }
    setup.vault.save(&key, &short).await.unwrap();
    let now = setup.vault.sessions().unwrap()[0].1.pieces;
    assert!(now < pieces);
    assert!(mock_item(&setup, &layout::piece_name(&key.item_name(), now)).is_none());
    assert_eq!(
        access_token(&setup.vault.load(&key).await.unwrap().unwrap()),
        "rt-2"
    );
}

#[tokio::test]
async fn forgetting_removes_every_piece_and_the_index_entry() {
    let setup = setup(Some(512));
    let (key, pieces) = saved_in_pieces(&setup).await;
    assert!(setup.vault.forget(&key).await.unwrap());
    for index in 0..pieces {
        assert!(mock_item(&setup, &layout::piece_name(&key.item_name(), index)).is_none());
    }
    assert!(setup.vault.sessions().unwrap().is_empty());
    assert!(setup.vault.load(&key).await.unwrap().is_none());
    assert!(!setup.vault.forget(&key).await.unwrap());
}

#[tokio::test]
async fn a_missing_piece_is_reported_as_damage_not_as_a_session() {
    let setup = setup(Some(512));
    let (key, _) = saved_in_pieces(&setup).await;
    let second = setup
        .mock
        .build(SERVICE, &layout::piece_name(&key.item_name(), 1), None)
        .unwrap();
    second.delete_credential().unwrap();
    let error = setup.vault.load(&key).await.unwrap_err();
    assert!(matches!(error, VaultError::Corrupt { .. }), "{error}");
    assert!(error.to_string().contains("sign in again"), "{error}");
}

/// Saves `record` as the session `corp` with its mirror on: the mirror file.
async fn mirrored_corp(setup: &Setup, record: &Record) -> std::path::PathBuf {
    setup.vault.save(&corp(), record).await.unwrap();
    setup.vault.set_mirror(&corp(), true).await.unwrap();
    setup.vault.cache_paths().file_of(&corp()).unwrap()
}

#[tokio::test]
async fn the_mirror_writes_the_cli_cache_keeps_it_in_step_and_removes_it() {
    let setup = setup(None);
    let file = mirrored_corp(&setup, &sso("aoa-1", "aor-1", in_hours(8))).await;
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with(r#"{"startUrl":"https://d-1234567890.awsapps.com/start","region":"eu-west-1","accessToken":"aoa-1""#), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    setup
        .vault
        .save(&corp(), &sso("aoa-2", "aor-2", in_hours(9)))
        .await
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("aoa-2") && text.contains("aor-2"), "{text}");

    assert!(setup.vault.forget(&corp()).await.unwrap());
    assert!(!file.exists(), "sign-out removes the mirror file");
}

#[tokio::test]
async fn copies_of_tokens_a_killed_writer_left_are_cleared_by_the_next_save() {
    let setup = setup(None);
    let file = mirrored_corp(&setup, &sso("aoa-1", "aor-1", in_hours(8))).await;
    let cache = file.parent().unwrap();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let left_in_cache = cache.join(format!(".awning-{name}.Ab12Cd.tmp"));
    let left_in_data = setup
        .data
        .path()
        .join(".awning-vault-awning-test.json.Ef34Gh.tmp");
    let another_files = cache.join(".awning-0123456789abcdef.json.Ij56Kl.tmp");
    for stage in [&left_in_cache, &left_in_data, &another_files] {
        std::fs::write(stage, r#"{"accessToken":"aoa-0"}"#).unwrap();
    }

    setup
        .vault
        .save(&corp(), &sso("aoa-2", "aor-2", in_hours(9)))
        .await
        .unwrap();

    assert!(
        !left_in_cache.exists(),
        "the mirror file's own stage is cleared"
    );
    assert!(!left_in_data.exists(), "the index's own stage is cleared");
    assert!(
        another_files.exists(),
        "another file's stage may be a write under way"
    );
}

#[tokio::test]
async fn a_token_an_sdk_refreshed_into_the_mirror_is_taken_into_the_vault() {
    let setup = setup(None);
    let file = mirrored_corp(&setup, &sso("aoa-1", "aor-1", in_hours(1))).await;
    // What botocore writes after refreshing: its own rotated refresh token, no fraction.
    let sdk_wrote =
        String::from_utf8(cli_cache_bytes(&sso("aoa-sdk", "aor-sdk", in_hours(2)))).unwrap();
    std::fs::write(&file, &sdk_wrote).unwrap();

    let loaded = setup.vault.load(&corp()).await.unwrap().unwrap();
    assert_eq!(access_token(&loaded), "aoa-sdk");
    let Record::Sso(token) = &loaded else {
        unreachable!()
    };
    assert_eq!(token.refresh_token.as_ref().unwrap().expose(), "aor-sdk");
    assert_eq!(setup.vault.sessions().unwrap()[0].1.expires_at, in_hours(2));
    let stored = String::from_utf8(mock_item(&setup, "sso-session:corp").unwrap()).unwrap();
    assert!(
        stored.contains("aor-sdk") && !stored.contains("aor-1"),
        "the keychain holds the new token"
    );
}

#[tokio::test]
async fn a_refresh_an_sdk_made_within_the_same_second_is_taken_too() {
    let setup = setup(None);
    let ends = in_hours(1);
    let file = mirrored_corp(&setup, &sso("aoa-1", "aor-1", ends)).await;
    std::fs::write(&file, cli_cache_bytes(&sso("aoa-sdk", "aor-sdk", ends))).unwrap();
    assert_eq!(
        access_token(&setup.vault.load(&corp()).await.unwrap().unwrap()),
        "aoa-sdk"
    );
}

#[tokio::test]
async fn an_older_or_damaged_mirror_file_does_not_replace_the_vaults_token() {
    let setup = setup(None);
    let file = mirrored_corp(&setup, &sso("aoa-2", "aor-2", in_hours(2))).await;
    std::fs::write(&file, cli_cache_bytes(&sso("aoa-1", "aor-1", in_hours(1)))).unwrap();
    assert_eq!(
        access_token(&setup.vault.load(&corp()).await.unwrap().unwrap()),
        "aoa-2"
    );
    std::fs::write(&file, "{ half a fi").unwrap();
    assert_eq!(
        access_token(&setup.vault.load(&corp()).await.unwrap().unwrap()),
        "aoa-2"
    );
}

#[tokio::test]
async fn a_newer_mirror_file_of_another_client_or_portal_is_not_taken_into_the_vault() {
    let setup = setup(None);
    let file = mirrored_corp(&setup, &sso("aoa-1", "aor-1", in_hours(1))).await;
    let planted = |change: fn(&mut SsoToken)| {
        let mut record = sso("aoa-planted", "aor-planted", in_hours(9));
        let Record::Sso(token) = &mut record else {
            unreachable!()
        };
        change(token);
        cli_cache_bytes(&record)
    };
    let others: [fn(&mut SsoToken); 3] = [
        |token| {
            token.registration.as_mut().unwrap().client_id = "client-of-someone-else".to_owned()
        },
        |token| token.start_url = "https://d-0000000000.awsapps.com/start".to_owned(),
        |token| token.region = "us-east-1".to_owned(),
    ];
    for other in others {
        std::fs::write(&file, planted(other)).unwrap();
        let loaded = setup.vault.load(&corp()).await.unwrap().unwrap();
        assert_eq!(
            access_token(&loaded),
            "aoa-1",
            "the vault's own session stays"
        );
    }
}

fn cli_cache_bytes(record: &Record) -> Vec<u8> {
    let Record::Sso(token) = record else {
        unreachable!()
    };
    super::super::cli_cache::SsoCacheFile::of(token)
        .render()
        .to_vec()
}

#[tokio::test]
async fn a_locked_keychain_is_a_typed_error_that_says_what_to_do() {
    let setup = setup(None);
    let entry = setup.mock.build(SERVICE, "sso-session:corp", None).unwrap();
    let cred: &mock::Cred = entry.as_any().downcast_ref().unwrap();
    cred.set_error(keyring_core::Error::NoStorageAccess(
        "collection is locked".into(),
    ));
    let error = setup
        .vault
        .save(&corp(), &sso("aoa-1", "aor-1", in_hours(8)))
        .await
        .unwrap_err();
    assert!(matches!(error, VaultError::Locked { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("Unlock your login keyring"), "{message}");
    assert!(!message.contains("aoa-1"), "{message}");
    assert!(
        setup.vault.sessions().unwrap().is_empty(),
        "nothing recorded as stored"
    );
}

/// A store whose every call waits for a signal that never comes: a keychain stuck
/// behind an unlock prompt.
#[derive(Debug)]
struct Stuck(std::sync::Mutex<std::sync::mpsc::Receiver<()>>);

impl SecretStore for Stuck {
    fn read(&self, _: &str) -> Result<Option<Zeroizing<Vec<u8>>>, VaultError> {
        let _ = self.0.lock().unwrap().recv();
        Ok(None)
    }
    fn write(&self, _: &str, _: &str, _: &[u8]) -> Result<(), VaultError> {
        let _ = self.0.lock().unwrap().recv();
        Ok(())
    }
    fn delete(&self, _: &str) -> Result<(), VaultError> {
        let _ = self.0.lock().unwrap().recv();
        Ok(())
    }
    fn item_limit(&self) -> Option<usize> {
        None
    }
}

#[tokio::test]
async fn a_keychain_that_never_answers_gives_a_timeout_not_a_hang() {
    let (release, wait) = std::sync::mpsc::channel();
    let data = tempfile::tempdir().unwrap();
    let vault = Vault::with_store(
        Arc::new(Stuck(std::sync::Mutex::new(wait))),
        StoreChoice::Keychain,
        Index::in_folder(data.path(), SERVICE),
        CachePaths::under(data.path(), None),
    )
    .with_deadline(Duration::from_millis(50));
    let error = vault.load(&corp()).await.unwrap_err();
    assert!(matches!(error, VaultError::Timeout { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("within 0.05 seconds") && message.contains("unlock"),
        "{message}"
    );
    drop(release); // lets the stuck pool thread finish
}
