//! The OIDC calls against the sandbox, served in-process on a loopback port.

use std::sync::Mutex;

use awning_sandbox::{Sandbox, Scenario};
use aws_config::{BehaviorVersion, Region};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::*;

const START_URL: &str = "https://d-9067000000.awsapps.com/start";

/// The sandbox on a free port, serving until the test's runtime ends: its base URL.
async fn sandbox(scenario: Scenario) -> String {
    let sandbox = Sandbox::bind("127.0.0.1:0".parse().unwrap(), scenario)
        .await
        .unwrap();
    let url = sandbox.base_url();
    tokio::spawn(sandbox.serve(std::future::pending()));
    url
}

async fn oidc(url: &str) -> Oidc {
    let config = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .no_credentials()
        .load()
        .await;
    Oidc::new(&config)
}

/// Answers the device page's form as a person clicking a button would.
async fn decide(url: &str, user_code: &str, decision: &str) {
    let address = url.trim_start_matches("http://");
    let body = format!("user_code={user_code}&decision={decision}");
    let request = format!(
        "POST /device HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// Records each interval asked for instead of waiting it out.
#[derive(Default)]
struct Recorded(Mutex<Vec<Duration>>);

impl Pause for Recorded {
    async fn pause(&self, interval: Duration) {
        self.0.lock().unwrap().push(interval);
    }
}

fn scopes() -> Vec<String> {
    vec!["sso:account:access".to_owned()]
}

/// A device registration and authorization, as a device sign-in starts them.
async fn started_device(oidc: &Oidc) -> (ClientRegistration, DeviceAuthorization) {
    let registration = oidc
        .register_for_device("awning-test", &scopes())
        .await
        .unwrap();
    let device = oidc.start_device(&registration, START_URL).await.unwrap();
    (registration, device)
}

#[tokio::test]
async fn an_approved_device_sign_in_gives_a_token_that_refreshes() {
    let url = sandbox(Scenario::default()).await;
    let oidc = oidc(&url).await;
    let (registration, device) = started_device(&oidc).await;
    assert!(
        device
            .verification_uri_complete
            .as_deref()
            .unwrap()
            .contains(&device.user_code)
    );
    decide(&url, &device.user_code, "approve").await;

    let token = oidc
        .await_device_token(&registration, &device, &Recorded::default())
        .await
        .unwrap();
    assert!(token.expires_at > SystemTime::now());
    let refresh_token = token.refresh_token.unwrap();
    let renewed = oidc.refresh(&registration, &refresh_token).await.unwrap();
    assert_ne!(renewed.access_token.expose(), token.access_token.expose());
    // Refresh tokens rotate: the spent one is refused, and the user is told to sign in.
    let error = oidc
        .refresh(&registration, &refresh_token)
        .await
        .unwrap_err();
    assert!(matches!(error, OidcError::RenewalRefused(_)), "{error:?}");
    assert!(error.to_string().ends_with("sign in again"), "{error}");
}

#[tokio::test]
async fn slow_down_adds_five_seconds_to_the_interval_for_the_rest_of_the_flow() {
    let mut scenario = Scenario::default();
    scenario.faults.slow_down = 1;
    scenario.faults.authorization_pending = 1;
    let url = sandbox(scenario).await;
    let oidc = oidc(&url).await;
    let (registration, device) = started_device(&oidc).await;
    decide(&url, &device.user_code, "approve").await;
    let pauses = Recorded::default();
    oidc.await_device_token(&registration, &device, &pauses)
        .await
        .unwrap();
    let seconds: Vec<u64> = pauses
        .0
        .lock()
        .unwrap()
        .iter()
        .map(Duration::as_secs)
        .collect();
    assert_eq!(
        seconds,
        [1, 6, 6],
        "slow_down, then pending, then the token"
    );
}

#[tokio::test]
async fn a_denied_sign_in_says_so() {
    let url = sandbox(Scenario::default()).await;
    let oidc = oidc(&url).await;
    let (registration, device) = started_device(&oidc).await;
    decide(&url, &device.user_code, "deny").await;
    let error = oidc
        .await_device_token(&registration, &device, &Recorded::default())
        .await
        .unwrap_err();
    assert_eq!(error, OidcError::Denied);
}

#[tokio::test]
async fn an_unreachable_endpoint_is_named_as_such() {
    // A port that was free a moment ago: nothing listens there now.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = oidc(&url)
        .await
        .register_for_device("awning-test", &scopes())
        .await
        .unwrap_err();
    assert!(matches!(error, OidcError::Unreachable(_)), "{error:?}");
}
