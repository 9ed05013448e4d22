use std::time::{Duration, UNIX_EPOCH};

use super::*;

const NOON: u64 = 1_748_779_200; // 2025-06-01T12:00:00Z

fn sso_token() -> SsoToken {
    SsoToken {
        start_url: "https://d-1234567890.awsapps.com/start".to_owned(),
        region: "us-east-1".to_owned(),
        access_token: Secret::new("aoa-access"),
        expires_at: UNIX_EPOCH + Duration::from_secs(NOON),
        refresh_token: Some(Secret::new("aor-refresh")),
        registration: Some(ClientRegistration {
            client_id: "client-1".to_owned(),
            client_secret: Secret::new("client-secret"),
            expires_at: UNIX_EPOCH + Duration::from_secs(NOON + 86_400),
            scopes: vec!["sso:account:access".to_owned()],
            grant_types: Vec::new(),
        }),
        role_credentials: Vec::new(),
        issued_by: None,
    }
}

#[test]
fn an_sso_token_is_written_with_the_cli_keys_in_the_cli_order() {
    let text = String::from_utf8(SsoCacheFile::of(&sso_token()).render().to_vec()).unwrap();
    assert_eq!(
        text,
        r#"{"startUrl":"https://d-1234567890.awsapps.com/start","region":"us-east-1","accessToken":"aoa-access","expiresAt":"2025-06-01T12:00:00Z","clientId":"client-1","clientSecret":"client-secret","registrationExpiresAt":"2025-06-02T12:00:00Z","refreshToken":"aor-refresh"}"#
    );
}

#[test]
fn an_sso_token_file_reads_back_as_the_same_token() {
    let bytes = SsoCacheFile::of(&sso_token()).render();
    let token = SsoCacheFile::parse(&bytes).unwrap().into_token(
        "",
        "",
        vec!["sso:account:access".to_owned()],
    );
    let original = sso_token();
    assert_eq!(token.start_url, original.start_url);
    assert_eq!(token.access_token.expose(), "aoa-access");
    assert_eq!(token.expires_at, original.expires_at);
    assert_eq!(token.refresh_token.unwrap().expose(), "aor-refresh");
    let registration = token.registration.unwrap();
    assert_eq!(registration.client_secret.expose(), "client-secret");
    assert_eq!(
        registration.expires_at,
        original.registration.unwrap().expires_at
    );
}

/// What the JS SDK writes after its own refresh: pretty JSON, milliseconds.
#[test]
fn a_token_rewritten_by_the_js_sdk_is_read() {
    let text = r#"{
  "accessToken": "aoa-js",
  "expiresAt": "2025-06-01T12:00:00.250Z",
  "refreshToken": "aor-js",
  "clientId": "client-1",
  "clientSecret": "client-secret",
  "registrationExpiresAt": "2025-06-02T12:00:00.000Z",
  "region": "us-east-1",
  "startUrl": "https://d-1234567890.awsapps.com/start"
}"#;
    let file = SsoCacheFile::parse(text.as_bytes()).unwrap();
    assert_eq!(
        file.expires_at,
        UNIX_EPOCH + Duration::from_secs(NOON) + Duration::from_millis(250)
    );
}

/// What the Rust SDK writes: its own key order, microseconds, and perhaps no region.
#[test]
fn a_token_rewritten_by_the_rust_sdk_is_read_with_the_gaps_filled() {
    let text = r#"{"accessToken":"aoa-rs","expiresAt":"2025-06-01T12:00:00.123456Z","refreshToken":"aor-rs","clientId":"client-1","clientSecret":"client-secret","registrationExpiresAt":"2025-06-02T12:00:00Z"}"#;
    let token = SsoCacheFile::parse(text.as_bytes()).unwrap().into_token(
        "https://start",
        "eu-west-1",
        Vec::new(),
    );
    assert_eq!(token.start_url, "https://start");
    assert_eq!(token.region, "eu-west-1");
    assert_eq!(
        token.expires_at,
        UNIX_EPOCH + Duration::from_secs(NOON) + Duration::from_micros(123_456)
    );
}

#[test]
fn an_sso_file_without_its_required_keys_is_refused_without_echoing_it() {
    let error =
        SsoCacheFile::parse(br#"{"expiresAt":"2025-06-01T12:00:00Z","refreshToken":"aor-secret"}"#)
            .unwrap_err();
    assert!(error.contains("accessToken"), "{error}");
    assert!(!error.contains("aor-secret"), "{error}");
    let error = SsoCacheFile::parse(br#"{"accessToken":"aoa","expiresAt":"soon"}"#).unwrap_err();
    assert!(error.contains("not an RFC 3339 time"), "{error}");
}

const PEM: &str = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBlah\n-----END EC PRIVATE KEY-----\n";

fn login_session() -> LoginSession {
    LoginSession {
        account_id: "111122223333".to_owned(),
        credentials: AwsCredentials {
            access_key_id: "ASIAEXAMPLE".to_owned(),
            secret_access_key: Secret::new("secret-key"),
            session_token: Secret::new("session-token"),
            expires_at: UNIX_EPOCH + Duration::from_secs(NOON),
        },
        refresh_token: Secret::new("refresh"),
        id_token: Some(Secret::new("id.token.jwt")),
        client_id: "arn:aws:signin:::devtools/same-device".to_owned(),
        dpop_key: Secret::new(PEM),
        sign_in_region: None,
        sign_in_endpoint: None,
        session_ends_at: None,
    }
}

#[test]
fn a_login_session_is_written_with_the_cli_keys_in_the_cli_order() {
    let text = String::from_utf8(LoginCacheFile::of(&login_session()).render().to_vec()).unwrap();
    assert_eq!(
        text,
        r#"{"accessToken":{"accessKeyId":"ASIAEXAMPLE","secretAccessKey":"secret-key","sessionToken":"session-token","accountId":"111122223333","expiresAt":"2025-06-01T12:00:00Z"},"tokenType":"aws_sigv4","clientId":"arn:aws:signin:::devtools/same-device","refreshToken":"refresh","idToken":"id.token.jwt","dpopKey":"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBlah\n-----END EC PRIVATE KEY-----\n"}"#
    );
}

#[test]
fn a_login_file_in_the_other_spellings_the_rust_sdk_accepts_is_read() {
    let text = r#"{"accessToken":{"accessKeyId":"ASIA2","secretAccessKey":"s","Token":"t","accountId":"111122223333","Expiration":"2025-06-01T12:00:00+00:00"},"clientId":"c","refreshToken":"r","dpopKey":"-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIBlah\\n-----END EC PRIVATE KEY-----\\n"}"#;
    let session = LoginCacheFile::parse(text.as_bytes())
        .unwrap()
        .into_session();
    assert_eq!(session.credentials.session_token.expose(), "t");
    assert_eq!(
        session.credentials.expires_at,
        UNIX_EPOCH + Duration::from_secs(NOON)
    );
    assert_eq!(session.dpop_key.expose(), PEM);
    assert!(session.id_token.is_none());
}
