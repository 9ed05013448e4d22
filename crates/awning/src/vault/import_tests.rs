use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::*;
use crate::config::Document;

const ARN: &str = "arn:aws:sts::111122223333:assumed-role/Admin/ada";

fn config(text: &str) -> ConfigView {
    ConfigView::read(&Document::parse(text), &Document::parse(""))
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(name), text).unwrap();
}

const CONFIG: &str = "\
[profile dev]
sso_session = my-sso
sso_account_id = 111122223333
sso_role_name = Admin

[sso-session my-sso]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111122223333
sso_role_name = Admin

[profile console]
login_session = arn:aws:iam::111122223333:user/console
";

#[test]
fn sso_sessions_legacy_tokens_and_login_sessions_are_found_in_every_timestamp_form() {
    let home = tempfile::tempdir().unwrap();
    let caches = CachePaths::under(home.path(), None);
    // `aws sso login` for the sso-session: `Z`, the CLI's keys.
    write(
        &caches.sso,
        "0ad374308c5a4e22f723adf10145eafad7c4031c.json",
        r#"{"startUrl": "https://d-1234567890.awsapps.com/start", "region": "us-east-1", "accessToken": "aoa-1", "expiresAt": "2025-06-01T20:00:00Z", "clientId": "c", "clientSecret": "s", "registrationExpiresAt": "2025-08-30T12:00:00Z", "refreshToken": "aor-1"}"#,
    );
    // A legacy token rewritten with an offset and no region.
    let legacy = SessionKey::SsoStartUrl("https://legacy.awsapps.com/start".to_owned());
    let legacy_file = caches.file_of(&legacy).unwrap();
    write(
        &caches.sso,
        legacy_file.file_name().unwrap().to_str().unwrap(),
        r#"{"accessToken": "aoa-legacy", "expiresAt": "2025-06-01T20:00:00+00:00"}"#,
    );
    // A client registration: not a session.
    write(
        &caches.sso,
        "a8343d65418848d0bc13a5f25cbb32508ceec5d1.json",
        r#"{"clientId": "c", "clientSecret": "s", "expiresAt": "2025-08-30T12:00:00Z", "scopes": ["sso:account:access"]}"#,
    );
    // `aws login`, named through its id token; fractional seconds as the JS SDK writes.
    let claims = URL_SAFE_NO_PAD.encode(format!(r#"{{"sub":"{ARN}"}}"#));
    let login = SessionKey::Login(ARN.to_owned());
    let login_file = caches.file_of(&login).unwrap();
    write(
        &caches.login,
        login_file.file_name().unwrap().to_str().unwrap(),
        &format!(
            r#"{{"accessToken": {{"accessKeyId": "ASIA", "secretAccessKey": "s", "sessionToken": "t", "accountId": "111122223333", "expiresAt": "2025-06-01T20:00:00.123Z"}}, "tokenType": "aws_sigv4", "clientId": "arn:aws:signin:::devtools/same-device", "refreshToken": "r", "idToken": "h.{claims}.s", "dpopKey": "PEM"}}"#
        ),
    );

    let (found, skipped) = scan_cli_caches(&caches, &config(CONFIG));
    assert_eq!(skipped, []);
    let keys: Vec<String> = found.iter().map(|found| found.key.item_name()).collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert!(keys.contains(&"sso-session:my-sso".to_owned()));
    assert!(keys.contains(&legacy.item_name()));
    assert!(keys.contains(&login.item_name()));
    let legacy_found = found.iter().find(|found| found.key == legacy).unwrap();
    let Record::Sso(token) = &legacy_found.record else {
        panic!()
    };
    assert_eq!(
        token.region, "eu-west-1",
        "the region comes from the profile"
    );
    let my_sso = found
        .iter()
        .find(|found| found.key.item_name() == "sso-session:my-sso")
        .unwrap();
    let Record::Sso(token) = &my_sso.record else {
        panic!()
    };
    assert_eq!(
        token.registration.as_ref().unwrap().scopes,
        ["sso:account:access"]
    );
}

#[test]
fn a_login_session_without_an_id_token_is_named_by_the_config() {
    let home = tempfile::tempdir().unwrap();
    let caches = CachePaths::under(home.path(), None);
    let key = SessionKey::Login("arn:aws:iam::111122223333:user/console".to_owned());
    let file = caches.file_of(&key).unwrap();
    write(
        &caches.login,
        file.file_name().unwrap().to_str().unwrap(),
        r#"{"accessToken": {"accessKeyId": "ASIA", "secretAccessKey": "s", "sessionToken": "t", "accountId": "111122223333", "expiresAt": "2025-06-01T20:00:00Z"}, "clientId": "c", "refreshToken": "r", "dpopKey": "PEM"}"#,
    );
    let (found, skipped) = scan_cli_caches(&caches, &config(CONFIG));
    assert_eq!(skipped, []);
    assert_eq!(found[0].key, key);
}

#[test]
fn files_nobody_configured_or_that_are_damaged_are_skipped_with_a_reason() {
    let home = tempfile::tempdir().unwrap();
    let caches = CachePaths::under(home.path(), None);
    write(
        &caches.sso,
        "ffffffffffffffffffffffffffffffffffffffff.json",
        r#"{"accessToken": "aoa-secret", "expiresAt": "2025-06-01T20:00:00Z", "region": "us-east-1"}"#,
    );
    write(
        &caches.sso,
        "0ad374308c5a4e22f723adf10145eafad7c4031c.json",
        r#"{"accessToken": "aoa-secret", "expiresAt": "next week"}"#,
    );
    write(
        &caches.login,
        "0000.json",
        r#"{"accessToken": "not an object"}"#,
    );
    let (found, skipped) = scan_cli_caches(&caches, &config(CONFIG));
    assert!(found.is_empty());
    let reasons: Vec<&str> = skipped.iter().map(|skip| skip.reason.as_str()).collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons
            .iter()
            .any(|reason| reason.contains("no sso-session or profile"))
    );
    assert!(
        reasons
            .iter()
            .any(|reason| reason.contains("not an RFC 3339 time"))
    );
    assert!(
        reasons
            .iter()
            .any(|reason| reason.contains("wrong type at line 1"))
    );
    assert!(
        reasons.iter().all(|reason| !reason.contains("aoa-secret")),
        "{reasons:?}"
    );
}

#[test]
fn no_cache_folders_means_nothing_found() {
    let home = tempfile::tempdir().unwrap();
    let (found, skipped) = scan_cli_caches(&CachePaths::under(home.path(), None), &config(CONFIG));
    assert!(found.is_empty() && skipped.is_empty());
}
