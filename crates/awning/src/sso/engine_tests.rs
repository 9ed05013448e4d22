//! The engine against the sandbox served in-process: a person is played by plain HTTP
//! requests to the sandbox's pages, as a browser would send them. The real browser and
//! the real keychain are in the CLI and interop tests.

use std::path::Path;
use std::sync::{Arc, Mutex};

use awning_sandbox::Scenario;

use super::*;
use crate::problem::{Problem, Service};
use crate::sso::oidc::DeviceAuthorization;
use crate::test_support::{Person, http, mock_vault, requests_to, serve_sandbox};
use crate::vault::{SessionKey, SsoToken};

const START_URL: &str = "https://d-9067000000.awsapps.com/start";

struct World {
    engine: SsoEngine,
    sandbox_url: String,
    log: tempfile::NamedTempFile,
    data: tempfile::TempDir,
    _home: tempfile::TempDir,
}

impl World {
    async fn new(scenario: Scenario, decision: &'static str) -> Self {
        let (sandbox_url, log) = serve_sandbox(scenario).await;
        let (vault, data, home) = mock_vault();
        let engine = SsoEngine::new(vault, data.path().to_owned())
            .with_endpoint_url(&sandbox_url)
            .with_browser(Arc::new(Person(decision)));
        Self {
            engine,
            sandbox_url,
            log,
            data,
            _home: home,
        }
    }

    /// A sign-in with the default options, answered by `prompt`'s person.
    async fn sign_in(&self, target: &SsoTarget, prompt: &Prompt) -> Result<SsoToken, SsoError> {
        self.engine
            .sign_in(target, prompt.interactive(SignInOptions::default()))
            .await
    }

    /// How many requests the sandbox saw for `path`.
    fn requests(&self, path: &str) -> usize {
        requests_to(self.log.path(), path)
    }

    /// Revokes through the admin API, off this runtime, which serves the sandbox.
    async fn revoke(&self, body: String) {
        let url = format!("{}/_sandbox/revoke", self.sandbox_url);
        let (status, _, _) =
            tokio::task::spawn_blocking(move || http(&url, Some(("application/json", &body))))
                .await
                .unwrap();
        assert_eq!(status, 200);
    }
}

fn session() -> SsoTarget {
    SsoTarget {
        key: SessionKey::SsoSession("corp".to_owned()),
        start_url: START_URL.to_owned(),
        region: "us-east-1".to_owned(),
        scopes: vec!["sso:account:access".to_owned()],
    }
}

fn legacy() -> SsoTarget {
    SsoTarget {
        key: SessionKey::SsoStartUrl(START_URL.to_owned()),
        scopes: Vec::new(),
        ..session()
    }
}

fn developer() -> RoleRef {
    RoleRef {
        account_id: "111122223333".to_owned(),
        role_name: "Developer".to_owned(),
    }
}

fn short_tokens(seconds: u64) -> Scenario {
    let mut scenario = Scenario::default();
    scenario.lifetimes.access_token = seconds;
    scenario
}

/// Shows nothing; for the device flow, the person enters the code on the device page.
struct Prompt {
    sandbox_url: String,
    decision: &'static str,
    shown: Mutex<Vec<String>>,
}

impl Prompt {
    fn new(world: &World, decision: &'static str) -> Self {
        Self {
            sandbox_url: world.sandbox_url.clone(),
            decision,
            shown: Mutex::default(),
        }
    }

    fn interactive(&self, options: SignInOptions) -> Interactive<'_> {
        Interactive {
            options,
            prompt: self,
        }
    }
}

impl SignInPrompt for Prompt {
    fn browser_sign_in(&self, url: &str, opened: Result<(), String>) {
        assert!(opened.is_ok());
        self.shown.lock().unwrap().push(url.to_owned());
    }

    fn device_sign_in(&self, device: &DeviceAuthorization, _opened: Result<(), String>) {
        self.shown.lock().unwrap().push(device.user_code.clone());
        // On a thread of its own, as a person at another device: the sandbox answers
        // on this test's runtime, which the prompt must not block.
        let url = format!("{}/device", self.sandbox_url);
        let form = format!("user_code={}&decision={}", device.user_code, self.decision);
        std::thread::spawn(move || {
            let (status, _, page) = http(&url, Some(("application/x-www-form-urlencoded", &form)));
            assert_eq!(status, 200, "{page}");
        });
    }
}

fn stored_in(data: &Path) -> String {
    std::fs::read_to_string(data.join("vault-awning-test.json")).unwrap_or_default()
}

#[tokio::test]
async fn a_browser_sign_in_gives_role_credentials_kept_until_their_last_15_minutes() {
    let world = World::new(Scenario::default(), "approve").await;
    let prompt = Prompt::new(&world, "approve");
    let token = world.sign_in(&session(), &prompt).await.unwrap();
    assert!(token.refresh_token.is_some());
    let registration = token.registration.unwrap();
    assert_eq!(
        registration.grant_types,
        ["authorization_code", "refresh_token"]
    );
    let shown = prompt.shown.lock().unwrap()[0].clone();
    assert!(
        shown.starts_with(&format!(
            "{}/authorize?response_type=code&client_id=",
            world.sandbox_url
        )),
        "{shown}"
    );

    let first = world
        .engine
        .role_credentials(&session(), &developer(), None)
        .await
        .unwrap();
    let second = world
        .engine
        .role_credentials(&session(), &developer(), None)
        .await
        .unwrap();
    assert_eq!(first.access_key_id, second.access_key_id);
    assert_eq!(world.requests("/federation/credentials"), 1);
    assert!(stored_in(world.data.path()).contains("sso-session:corp"));
}

#[tokio::test]
async fn a_registration_is_reused_for_its_own_flow_only() {
    let world = World::new(Scenario::default(), "approve").await;
    let prompt = Prompt::new(&world, "approve");
    let browser = prompt.interactive(SignInOptions::default());
    world.engine.sign_in(&session(), browser).await.unwrap();
    world.engine.sign_in(&session(), browser).await.unwrap();
    assert_eq!(world.requests("/client/register"), 1);
    let device = prompt.interactive(SignInOptions {
        device_code: true,
        no_browser: true,
    });
    let token = world.engine.sign_in(&session(), device).await.unwrap();
    assert_eq!(world.requests("/client/register"), 2);
    assert!(token.registration.unwrap().grant_types.is_empty());
}

#[tokio::test]
async fn a_denied_browser_sign_in_stores_nothing() {
    let world = World::new(Scenario::default(), "deny").await;
    let prompt = Prompt::new(&world, "deny");
    let error = world.sign_in(&session(), &prompt).await.unwrap_err();
    assert!(error.to_string().contains("denied"), "{error}");
    assert!(!stored_in(world.data.path()).contains("corp"));
}

#[tokio::test]
async fn a_legacy_profile_signs_in_with_a_device_code_and_cannot_renew() {
    let world = World::new(short_tokens(20), "approve").await;
    let prompt = Prompt::new(&world, "approve");
    let token = world.sign_in(&legacy(), &prompt).await.unwrap();
    assert!(token.refresh_token.is_none());
    assert_eq!(prompt.shown.lock().unwrap().len(), 1);
    let error = world.engine.access_token(&legacy()).await.unwrap_err();
    assert!(matches!(error, SsoError::NeedsSignIn { .. }), "{error}");
    assert_eq!(world.requests("/token"), 1, "no refresh was tried");
}

#[tokio::test]
async fn a_device_page_off_aws_is_never_shown_nor_opened() {
    let mut scenario = Scenario::default();
    scenario.faults.device_page = Some("https://evil.example/device".to_owned());
    let world = World::new(scenario, "approve").await;
    let prompt = Prompt::new(&world, "approve");
    let error = world.sign_in(&legacy(), &prompt).await.unwrap_err();
    assert!(
        error.to_string().contains("not on an AWS domain"),
        "{error}"
    );
    assert!(prompt.shown.lock().unwrap().is_empty(), "no code shown");
    assert!(!stored_in(world.data.path()).contains("awsapps"));
}

#[tokio::test]
async fn a_token_near_its_end_renews_silently_until_the_refresh_token_is_revoked() {
    let world = World::new(short_tokens(20), "approve").await;
    let prompt = Prompt::new(&world, "approve");
    let signed_in = world.sign_in(&session(), &prompt).await.unwrap();
    let renewed = world.engine.access_token(&session()).await.unwrap();
    assert_ne!(
        renewed.access_token.expose(),
        signed_in.access_token.expose()
    );
    let refresh = renewed.refresh_token.as_ref().unwrap().expose().to_owned();
    assert_ne!(refresh, signed_in.refresh_token.unwrap().expose());

    world
        .revoke(format!("{{\"refresh_token\":\"{refresh}\"}}"))
        .await;
    let error = world.engine.access_token(&session()).await.unwrap_err();
    let SsoError::NeedsSignIn {
        session: name,
        reason,
    } = &error
    else {
        panic!("{error}");
    };
    assert_eq!(name, "sso-session:corp");
    assert!(reason.contains("InvalidGrant"), "{reason}");
    // Known now: no second refresh is tried, and the index says it cannot renew.
    let refreshes = world.requests("/token");
    world.engine.access_token(&session()).await.unwrap_err();
    assert_eq!(world.requests("/token"), refreshes);
    assert!(!world.engine.vault().sessions().unwrap()[0].1.renewable);
}

#[tokio::test]
async fn credentials_for_a_session_needing_sign_in_start_one_when_allowed() {
    let world = World::new(Scenario::default(), "approve").await;
    let prompt = Prompt::new(&world, "approve");
    let error = world
        .engine
        .role_credentials(&session(), &developer(), None)
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "sso-session:corp needs a sign-in: not signed in"
    );
    world
        .engine
        .role_credentials(
            &session(),
            &developer(),
            Some(prompt.interactive(SignInOptions::default())),
        )
        .await
        .unwrap();
    assert_eq!(world.requests("/authorize"), 2, "the page and the decision");
}

#[tokio::test]
async fn signing_out_ends_the_session_at_the_service_and_here() {
    let world = World::new(Scenario::default(), "approve").await;
    let prompt = Prompt::new(&world, "approve");
    let token = world.sign_in(&session(), &prompt).await.unwrap();
    world
        .engine
        .role_credentials(&session(), &developer(), None)
        .await
        .unwrap();
    let signed_out = world.engine.sign_out(&session().key).await.unwrap();
    assert!(signed_out.was_signed_in);
    signed_out.server.unwrap();
    assert!(world.engine.vault().sessions().unwrap().is_empty());
    let portal = world
        .engine
        .clients(&session(), &token)
        .await
        .unwrap()
        .portal;
    assert_eq!(
        portal
            .role_credentials(&token.access_token, &developer())
            .await
            .unwrap_err(),
        PortalError::Unauthorized
    );
}

#[tokio::test]
async fn an_unreachable_endpoint_is_a_clear_error() {
    let world = World::new(Scenario::default(), "approve").await;
    let engine = world.engine.clone().with_endpoint_url("http://127.0.0.1:9");
    let prompt = Prompt::new(&world, "approve");
    let error = engine
        .sign_in(&session(), prompt.interactive(SignInOptions::default()))
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("IAM Identity Center could not be reached"),
        "{error}"
    );
}

#[tokio::test]
async fn a_sessions_tokens_are_never_sent_to_an_endpoint_other_than_their_issuer() {
    let world = World::new(short_tokens(20), "approve").await;
    let prompt = Prompt::new(&world, "approve");
    let signed_in = world.sign_in(&session(), &prompt).await.unwrap();
    let (elsewhere, elsewhere_log) = serve_sandbox(Scenario::default()).await;
    let moved = world.engine.clone().with_endpoint_url(&elsewhere);
    let changed = Problem::EndpointChanged {
        session: "sso-session:corp".to_owned(),
        service: Service::IdentityCenter,
        signed_in_at: world.sandbox_url.clone(),
        configured: elsewhere.clone(),
    };
    let renewal = moved.access_token(&session()).await.unwrap_err();
    assert_eq!(renewal.problem(), changed);
    let credentials = moved
        .role_credentials(&session(), &developer(), None)
        .await
        .unwrap_err();
    assert_eq!(credentials.problem(), changed);
    assert_eq!(std::fs::read_to_string(elsewhere_log.path()).unwrap(), "");

    // Signing in there registers a client of its own: the old one's secret stays home.
    moved
        .sign_in(&session(), prompt.interactive(SignInOptions::default()))
        .await
        .unwrap();
    assert_eq!(requests_to(elsewhere_log.path(), "/client/register"), 1);
    let sent = std::fs::read_to_string(elsewhere_log.path()).unwrap();
    let old_client = signed_in.registration.unwrap().client_id;
    assert!(
        !sent.contains(&old_client),
        "the old client was not named there"
    );
}

#[tokio::test]
async fn signing_out_does_not_send_the_token_to_another_endpoint() {
    let world = World::new(Scenario::default(), "approve").await;
    let prompt = Prompt::new(&world, "approve");
    world.sign_in(&session(), &prompt).await.unwrap();
    let (elsewhere, elsewhere_log) = serve_sandbox(Scenario::default()).await;
    let signed_out = world
        .engine
        .clone()
        .with_endpoint_url(&elsewhere)
        .sign_out(&session().key)
        .await
        .unwrap();
    assert!(signed_out.was_signed_in, "the tokens are gone from here");
    assert!(matches!(
        signed_out.server.unwrap_err(),
        SsoError::EndpointChanged { .. }
    ));
    assert!(world.engine.vault().sessions().unwrap().is_empty());
    assert_eq!(std::fs::read_to_string(elsewhere_log.path()).unwrap(), "");
}

#[tokio::test]
async fn plain_http_to_another_machine_is_refused_before_anything_is_sent() {
    let world = World::new(Scenario::default(), "approve").await;
    let remote = world
        .engine
        .clone()
        .with_endpoint_url("http://oidc.example.com");
    let prompt = Prompt::new(&world, "approve");
    let error = remote
        .sign_in(&session(), prompt.interactive(SignInOptions::default()))
        .await
        .unwrap_err();
    assert_eq!(
        error.problem(),
        Problem::InsecureEndpoint {
            url: "http://oidc.example.com".to_owned()
        }
    );
    assert!(prompt.shown.lock().unwrap().is_empty());
}
