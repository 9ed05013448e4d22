//! The console engine against the sandbox's AWS Sign-In served in-process, a person
//! played by plain HTTP requests to its pages. The real browser, keychain and SDKs are
//! in the CLI and interop tests.

use std::sync::Mutex;

use awning_sandbox::Scenario;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::*;
use crate::problem::{Problem, Service};
use crate::sso::browser::Browser;
use crate::test_support::{
    Person, answer_authorize_page, http, mock_vault, request, requests_to, serve_sandbox,
};
use crate::vault::Secret;

const ARN: &str = "arn:aws:sts::111122223333:assumed-role/Admin/ada";

/// How problems name the session of these tests.
fn session_name() -> String {
    format!("login:{ARN}")
}

fn needs_sign_in() -> Problem {
    Problem::NeedsSignIn {
        session: Some(session_name()),
    }
}

struct World {
    engine: ConsoleEngine,
    sandbox_url: String,
    log: tempfile::NamedTempFile,
    data: tempfile::TempDir,
    _home: tempfile::TempDir,
}

impl World {
    async fn new(scenario: Scenario, browser: impl Browser + 'static) -> Self {
        let (sandbox_url, log) = serve_sandbox(scenario).await;
        let (vault, data, home) = mock_vault();
        let engine = ConsoleEngine::new(vault, data.path().to_owned())
            .with_endpoint_url(&sandbox_url)
            .with_browser(Arc::new(browser));
        Self {
            engine,
            sandbox_url,
            log,
            data,
            _home: home,
        }
    }

    /// Signs in on this device and keeps the session.
    async fn signed_in(&self) -> ConsoleTarget {
        let prompt = Prompt::default();
        let new = self
            .engine
            .sign_in("eu-west-1", prompt.same_device())
            .await
            .unwrap();
        assert_eq!(new.arn, ARN);
        self.engine.keep(new).await.unwrap();
        target()
    }

    fn token_calls(&self) -> usize {
        requests_to(self.log.path(), "/v1/token")
    }

    async fn stored(&self) -> LoginSession {
        match self.engine.vault().load(&target().key()).await.unwrap() {
            Some(Record::Login(session)) => session,
            other => panic!("no console session stored: {other:?}"),
        }
    }

    /// Calls the sandbox's admin API off this runtime, which serves the sandbox.
    async fn admin(&self, method: &'static str, path: &str, body: &str) {
        let url = format!("{}{path}", self.sandbox_url);
        let body = body.to_owned();
        let (status, _, answer) = tokio::task::spawn_blocking(move || {
            request(method, &url, Some(("application/json", &body)))
        })
        .await
        .unwrap();
        assert_eq!(status, 200, "{answer}");
    }
}

fn target() -> ConsoleTarget {
    ConsoleTarget {
        arn: ARN.to_owned(),
        region: "eu-west-1".to_owned(),
    }
}

fn short_credentials(seconds: u64) -> Scenario {
    let mut scenario = Scenario::default();
    scenario.lifetimes.login_credentials = seconds;
    scenario
}

/// A browser that cannot open here: an SSH session without a display.
struct NoBrowser;

impl Browser for NoBrowser {
    fn open(&self, _url: &str) -> Result<(), String> {
        panic!("no browser can open on this machine")
    }

    fn available(&self) -> bool {
        false
    }
}

/// What a person pastes, made from the authorize URL and the code shown.
type Paste = fn(&str, &str) -> String;

/// The `code` inside a confirmation code.
fn code_inside(shown: &str) -> String {
    let pair = String::from_utf8(STANDARD.decode(shown).unwrap()).unwrap();
    pair.split("code=").nth(1).unwrap().to_owned()
}

fn confirmation_code(state: &str, code: &str) -> String {
    STANDARD.encode(format!("state={state}&code={code}"))
}

/// The person at the terminal. For a remote sign-in they approve on "another device"
/// and paste what the confirmation page shows, or what `paste` makes of it.
#[derive(Default)]
struct Prompt {
    shown: Mutex<Vec<String>>,
    paste: Option<Paste>,
}

impl Prompt {
    fn same_device(&self) -> ConsoleSignIn<'_> {
        ConsoleSignIn {
            remote: false,
            prompt: self,
        }
    }

    fn remote(&self) -> ConsoleSignIn<'_> {
        ConsoleSignIn {
            remote: true,
            prompt: self,
        }
    }

    fn pasting(paste: Paste) -> Self {
        Self {
            paste: Some(paste),
            ..Self::default()
        }
    }
}

/// The code the confirmation page shows.
fn shown_code(page: &str) -> String {
    let after = page.split("id=\"verification-code\"").nth(1).unwrap();
    after
        .split('>')
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned()
}

impl ConsolePrompt for Prompt {
    fn browser_sign_in(&self, url: &str, opened: Result<(), String>) {
        assert!(opened.is_ok());
        self.shown.lock().unwrap().push(url.to_owned());
    }

    fn paste_code<'a>(&'a self, url: &'a str) -> PastedCode<'a> {
        self.shown.lock().unwrap().push(url.to_owned());
        let url = url.to_owned();
        let paste = self.paste;
        Box::pin(async move {
            let code = tokio::task::spawn_blocking(move || {
                let confirmation = answer_authorize_page(&url, "approve");
                let (_, _, page) = http(&confirmation, None);
                let code = shown_code(&page);
                paste.map_or(code.clone(), |paste| paste(&url, &code))
            })
            .await
            .unwrap();
            Some(Secret::new(code))
        })
    }
}

#[tokio::test]
async fn a_sign_in_on_this_device_keeps_credentials_bound_to_a_new_key_and_its_endpoint() {
    let world = World::new(Scenario::default(), Person("approve")).await;
    let prompt = Prompt::default();
    let new = world
        .engine
        .sign_in("eu-west-1", prompt.same_device())
        .await
        .unwrap();
    let url = prompt.shown.lock().unwrap()[0].clone();
    assert!(
        url.starts_with(&format!(
            "{}/v1/authorize?response_type=code&client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fsame-device&state=",
            world.sandbox_url
        )),
        "{url}"
    );
    assert!(url.contains(
        "&code_challenge_method=SHA-256&scope=openid&redirect_uri=http%3A%2F%2F127.0.0.1%3A"
    ));
    assert_eq!((new.arn.as_str(), new.region.as_str()), (ARN, "eu-west-1"));
    let twelve_hours = SystemTime::now() + Duration::from_secs(12 * 3600);
    let ends = new.session_ends_at().unwrap();
    assert!(ends <= twelve_hours && ends > twelve_hours - Duration::from_secs(60));
    assert!(
        world.engine.vault().sessions().unwrap().is_empty(),
        "nothing is kept before keep()"
    );

    world.engine.keep(new).await.unwrap();
    let stored = world.stored().await;
    assert_eq!(stored.account_id, "111122223333");
    assert_eq!(stored.client_id, SAME_DEVICE);
    assert_eq!(stored.sign_in_region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        stored.sign_in_endpoint.as_deref(),
        Some(world.sandbox_url.as_str())
    );
    assert!(
        stored
            .dpop_key
            .expose()
            .starts_with("-----BEGIN EC PRIVATE KEY-----")
    );

    // 15-minute credentials are handed out as they are while more than five remain.
    let credentials = world.engine.credentials(&target()).await.unwrap();
    assert_eq!(credentials.access_key_id, stored.credentials.access_key_id);
    assert_eq!(world.token_calls(), 1);
}

#[tokio::test]
async fn each_sign_in_has_a_key_of_its_own() {
    let world = World::new(Scenario::default(), Person("approve")).await;
    world.signed_in().await;
    let first = world.stored().await.dpop_key;
    world.signed_in().await;
    assert_ne!(world.stored().await.dpop_key.expose(), first.expose());
}

#[tokio::test]
async fn a_remote_sign_in_takes_the_code_pasted_from_the_confirmation_page() {
    let world = World::new(Scenario::default(), Person("approve")).await;
    let prompt = Prompt::default();
    let new = world
        .engine
        .sign_in("eu-west-1", prompt.remote())
        .await
        .unwrap();
    assert_eq!(new.arn, ARN);
    let url = prompt.shown.lock().unwrap()[0].clone();
    assert!(
        url.contains("client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fcross-device"),
        "{url}"
    );
    let confirmation = format!("{}/v1/sessions/confirmation", world.sandbox_url);
    assert!(url.contains(&format!(
        "redirect_uri={}",
        crate::sso::pkce::aws_escape(&confirmation)
    )));
    world.engine.keep(new).await.unwrap();
    assert_eq!(world.stored().await.client_id, CROSS_DEVICE);
}

#[tokio::test]
async fn without_a_browser_here_the_sign_in_is_remote() {
    let world = World::new(Scenario::default(), NoBrowser).await;
    let prompt = Prompt::default();
    let new = world
        .engine
        .sign_in("eu-west-1", prompt.same_device())
        .await
        .unwrap();
    world.engine.keep(new).await.unwrap();
    assert_eq!(world.stored().await.client_id, CROSS_DEVICE);
}

#[tokio::test]
async fn a_pasted_code_that_is_wrong_or_of_another_sign_in_is_refused_and_nothing_is_kept() {
    let world = World::new(Scenario::default(), Person("approve")).await;
    let cases: [(Paste, Problem); 3] = [
        (
            |_, code| code[..code.len() / 2].to_owned() + "!",
            Problem::SignInCodeUnreadable,
        ),
        (
            |_, code| confirmation_code("another", &code_inside(code)),
            Problem::SignInStateMismatch,
        ),
        (|_, _| "   ".to_owned(), Problem::SignInCodeUnreadable),
    ];
    for (paste, expected) in cases {
        let prompt = Prompt::pasting(paste);
        let error = world
            .engine
            .sign_in("eu-west-1", prompt.remote())
            .await
            .unwrap_err();
        assert_eq!(error.problem(), expected);
    }
    assert_eq!(world.token_calls(), 0, "no code was sent");
    assert!(world.engine.vault().sessions().unwrap().is_empty());
}

#[tokio::test]
async fn a_code_used_once_already_is_an_expired_sign_in() {
    static USED: Mutex<Option<String>> = Mutex::new(None);
    let world = World::new(Scenario::default(), Person("approve")).await;
    // The first sign-in redeems its code; the second pastes that code with its own state.
    let remember: Paste = |_, code| {
        *USED.lock().unwrap() = Some(code.to_owned());
        code.to_owned()
    };
    world
        .engine
        .sign_in("eu-west-1", Prompt::pasting(remember).remote())
        .await
        .unwrap();
    let replay: Paste = |url, _| {
        let used = USED.lock().unwrap().clone().unwrap();
        let state = url
            .split("state=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        confirmation_code(state, &code_inside(&used))
    };
    let error = world
        .engine
        .sign_in("eu-west-1", Prompt::pasting(replay).remote())
        .await
        .unwrap_err();
    assert_eq!(error.problem(), Problem::SignInExpired);
}

#[tokio::test]
async fn a_denied_sign_in_keeps_nothing() {
    let world = World::new(Scenario::default(), Person("deny")).await;
    let error = world
        .engine
        .sign_in("eu-west-1", Prompt::default().same_device())
        .await
        .unwrap_err();
    assert_eq!(error.problem(), Problem::SignInDenied);
    assert_eq!(world.token_calls(), 0);
}

#[tokio::test]
async fn credentials_near_their_end_are_refreshed_with_the_rotated_token_kept() {
    let world = World::new(short_credentials(120), Person("approve")).await;
    let target = world.signed_in().await;
    let before = world.stored().await;
    let refreshed = world.engine.credentials(&target).await.unwrap();
    let after = world.stored().await;
    assert_ne!(refreshed.access_key_id, before.credentials.access_key_id);
    assert_ne!(after.refresh_token.expose(), before.refresh_token.expose());
    assert_eq!(after.credentials.access_key_id, refreshed.access_key_id);
    assert_eq!(
        after.dpop_key.expose(),
        before.dpop_key.expose(),
        "the key stays the session's"
    );
    // The rotated token works for the next refresh too.
    let again = world.engine.credentials(&target).await.unwrap();
    assert_ne!(again.access_key_id, refreshed.access_key_id);
    assert_eq!(world.token_calls(), 3);
}

#[tokio::test]
async fn a_session_ended_by_a_password_change_says_so_and_is_not_refreshed_again() {
    let world = World::new(short_credentials(20), Person("approve")).await;
    let target = world.signed_in().await;
    world
        .admin("POST", "/_sandbox/revoke", r#"{"all_sessions": true}"#)
        .await;
    let error = world.engine.credentials(&target).await.unwrap_err();
    assert_eq!(
        error.problem(),
        Problem::SessionRevoked {
            session: session_name()
        }
    );
    let calls = world.token_calls();
    let error = world.engine.credentials(&target).await.unwrap_err();
    assert_eq!(error.problem(), needs_sign_in());
    assert_eq!(world.token_calls(), calls, "an ended session sends nothing");
    let entry = &world.engine.vault().sessions().unwrap()[0].1;
    assert!(!entry.renewable);
}

#[tokio::test]
async fn a_session_past_its_end_needs_a_sign_in() {
    let mut scenario = short_credentials(20);
    scenario.lifetimes.login_session = 0;
    let world = World::new(scenario, Person("approve")).await;
    let target = world.signed_in().await;
    let error = world.engine.credentials(&target).await.unwrap_err();
    assert_eq!(error.problem(), needs_sign_in());
}

#[tokio::test]
async fn a_key_the_service_does_not_bind_to_the_session_is_rejected() {
    let world = World::new(short_credentials(20), Person("approve")).await;
    let target = world.signed_in().await;
    let mut session = world.stored().await;
    session.dpop_key = DpopKey::generate().to_pem();
    world
        .engine
        .vault()
        .save(&target.key(), &Record::Login(session))
        .await
        .unwrap();
    let error = world.engine.credentials(&target).await.unwrap_err();
    assert_eq!(
        error.problem(),
        Problem::SignInKeyRejected {
            session: session_name()
        }
    );
}

#[tokio::test]
async fn a_refresh_token_is_never_sent_to_an_endpoint_other_than_its_issuer() {
    let world = World::new(short_credentials(20), Person("approve")).await;
    let target = world.signed_in().await;
    let (elsewhere, elsewhere_log) = serve_sandbox(Scenario::default()).await;
    let moved = ConsoleEngine::new(world.engine.vault().clone(), world.data.path().to_owned())
        .with_endpoint_url(&elsewhere);
    let error = moved.credentials(&target).await.unwrap_err();
    assert_eq!(
        error.problem(),
        Problem::EndpointChanged {
            session: session_name(),
            service: Service::SignIn,
            signed_in_at: world.sandbox_url.clone(),
            configured: elsewhere,
        }
    );
    assert_eq!(
        std::fs::read_to_string(elsewhere_log.path()).unwrap(),
        "",
        "nothing was sent there"
    );
}

#[tokio::test]
async fn plain_http_to_another_machine_is_refused_before_anything_is_sent() {
    let world = World::new(Scenario::default(), Person("approve")).await;
    let remote = ConsoleEngine::new(world.engine.vault().clone(), world.data.path().to_owned())
        .with_endpoint_url("http://signin.example.com");
    let error = remote
        .sign_in("eu-west-1", Prompt::default().same_device())
        .await
        .unwrap_err();
    assert_eq!(
        error.problem(),
        Problem::InsecureEndpoint {
            url: "http://signin.example.com".to_owned()
        }
    );
}

#[tokio::test]
async fn a_failing_service_leaves_credentials_in_use_while_they_last() {
    let world = World::new(short_credentials(120), Person("approve")).await;
    let target = world.signed_in().await;
    let before = world.stored().await;
    world
        .admin("PATCH", "/_sandbox/faults", r#"{"server_error_rate": 1.0}"#)
        .await;
    let credentials = world.engine.credentials(&target).await.unwrap();
    assert_eq!(credentials.access_key_id, before.credentials.access_key_id);
    assert_eq!(
        world.stored().await.refresh_token.expose(),
        before.refresh_token.expose()
    );
}

#[tokio::test]
async fn a_failing_service_is_named_when_the_credentials_are_spent() {
    let world = World::new(short_credentials(20), Person("approve")).await;
    let target = world.signed_in().await;
    world
        .admin("PATCH", "/_sandbox/faults", r#"{"server_error_rate": 1.0}"#)
        .await;
    let error = world.engine.credentials(&target).await.unwrap_err();
    assert!(
        matches!(
            error.problem(),
            Problem::ServiceError {
                service: Service::SignIn,
                ..
            }
        ),
        "{error}"
    );
    assert!(
        world.stored().await.open(),
        "a passing failure does not end the session"
    );
}

#[tokio::test]
async fn signing_out_forgets_the_session_here() {
    let world = World::new(Scenario::default(), Person("approve")).await;
    let target = world.signed_in().await;
    assert!(world.engine.sign_out(&target.key()).await.unwrap());
    assert!(!world.engine.sign_out(&target.key()).await.unwrap());
    let error = world.engine.credentials(&target).await.unwrap_err();
    assert_eq!(error.problem(), needs_sign_in());
}

#[tokio::test]
async fn a_missing_permission_and_throttling_are_named_and_end_nothing() {
    let world = World::new(short_credentials(20), Person("approve")).await;
    let target = world.signed_in().await;
    world
        .admin(
            "PATCH",
            "/_sandbox/faults",
            r#"{"signin_refusal": "INSUFFICIENT_PERMISSIONS"}"#,
        )
        .await;
    let error = world.engine.credentials(&target).await.unwrap_err();
    assert_eq!(
        error.problem(),
        Problem::PermissionMissing {
            action: "signin:CreateOAuth2Token".to_owned()
        }
    );
    world
        .admin(
            "PATCH",
            "/_sandbox/faults",
            r#"{"signin_refusal": "throttled"}"#,
        )
        .await;
    let error = world.engine.credentials(&target).await.unwrap_err();
    assert_eq!(
        error.problem(),
        Problem::Throttled {
            service: Service::SignIn
        }
    );
    assert!(world.stored().await.open(), "neither ends the session");
}

/// Approves "on another device" without visiting any page: pastes a code for the
/// state the authorize URL carries.
struct Offline;

impl ConsolePrompt for Offline {
    fn browser_sign_in(&self, _url: &str, _opened: Result<(), String>) {}

    fn paste_code<'a>(&'a self, url: &'a str) -> PastedCode<'a> {
        let state = url
            .split("state=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        let code = confirmation_code(state, "a-code");
        Box::pin(async move { Some(Secret::new(code)) })
    }
}

#[tokio::test]
async fn an_unreachable_sign_in_endpoint_is_named_as_such() {
    let world = World::new(Scenario::default(), NoBrowser).await;
    // Nothing listens on port 1 of this machine.
    let offline = ConsoleEngine::new(world.engine.vault().clone(), world.data.path().to_owned())
        .with_endpoint_url("http://127.0.0.1:1")
        .with_browser(Arc::new(NoBrowser));
    let how = ConsoleSignIn {
        remote: true,
        prompt: &Offline,
    };
    let error = offline.sign_in("eu-west-1", how).await.unwrap_err();
    assert!(
        matches!(
            error.problem(),
            Problem::NetworkUnreachable {
                service: Service::SignIn,
                ..
            }
        ),
        "{error}"
    );
}
