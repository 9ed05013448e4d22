//! What the engine's tests share: the sandbox served in-process, a vault over the
//! mock keychain, plain HTTP to the sandbox, and a person at the browser who answers an
//! authorize page.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

use awning_sandbox::{RequestLog, Sandbox, Scenario};

use crate::agent::{Notice, Notifier};
use crate::sso::browser::Browser;
use crate::sso::oidc::DeviceAuthorization;
use crate::sso::{SignInPrompt, SsoTarget};
use crate::vault::{SessionKey, Vault};

/// A notifier for tests that look at no notice.
pub struct Quiet;

impl Notifier for Quiet {
    fn notify(&self, _notice: Notice) {}
}

/// A sign-in prompt nobody reads: the browser does the work (a [`Person`] approves).
pub struct Unwatched;

impl SignInPrompt for Unwatched {
    fn browser_sign_in(&self, _url: &str, _opened: Result<(), String>) {}
    fn device_sign_in(&self, _device: &DeviceAuthorization, _opened: Result<(), String>) {}
}

/// `[sso-session corp]` of the sandbox's first directory, as the tests' configs name it.
pub fn corp_target() -> SsoTarget {
    SsoTarget {
        key: SessionKey::SsoSession("corp".to_owned()),
        start_url: "https://d-9067000000.awsapps.com/start".to_owned(),
        region: "us-east-1".to_owned(),
        scopes: vec!["sso:account:access".to_owned()],
    }
}

/// The sandbox playing `scenario` on this test's runtime: its URL, and the file it logs
/// each request to.
pub async fn serve_sandbox(scenario: Scenario) -> (String, tempfile::NamedTempFile) {
    let log = tempfile::NamedTempFile::new().unwrap();
    let sandbox = Sandbox::bind("127.0.0.1:0".parse().unwrap(), scenario)
        .await
        .unwrap()
        .with_request_log(RequestLog::new(log.reopen().unwrap()));
    let url = sandbox.base_url();
    tokio::spawn(sandbox.serve(std::future::pending()));
    (url, log)
}

/// How many requests for `path` the sandbox logged in `log`.
pub fn requests_to(log: &Path, path: &str) -> usize {
    let text = std::fs::read_to_string(log).unwrap();
    text.lines()
        .filter(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["path"] == path)
        .count()
}

/// A vault over keyring-core's in-memory store: (vault, its data folder, the home its
/// mirror writes under).
pub fn mock_vault() -> (Vault, tempfile::TempDir, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let vault = Vault::over_mock(
        keyring_core::mock::Store::new().unwrap(),
        None,
        data.path(),
        home.path(),
    );
    (vault, data, home)
}

/// One HTTP/1.1 request with `Connection: close`: the status, the headers, the body.
pub fn http(url: &str, form: Option<(&str, &str)>) -> (u16, String, String) {
    let method = if form.is_some() { "POST" } else { "GET" };
    request(method, url, form)
}

/// [`http`] with any method: the sandbox's admin API patches its fault knobs.
pub fn request(method: &str, url: &str, form: Option<(&str, &str)>) -> (u16, String, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (address, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(address).unwrap();
    let request = match form {
        Some((kind, body)) => format!(
            "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
        None => format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"),
    };
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    (status, head.to_owned(), body.to_owned())
}

/// Opens an authorize page and clicks `decision`, as a person would: where the
/// page's redirect points.
pub fn answer_authorize_page(url: &str, decision: &str) -> String {
    let (status, _, page) = http(url, None);
    assert_eq!(status, 200, "{page}");
    let request = page
        .split("name=\"request\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    // The page's form posts back to the page itself.
    let form_url = &url[..url.find('?').unwrap()];
    let (status, head, _) = http(
        form_url,
        Some((
            "application/x-www-form-urlencoded",
            &format!("request={request}&decision={decision}"),
        )),
    );
    assert_eq!(status, 302);
    head.lines()
        .find_map(|line| line.strip_prefix("location: "))
        .unwrap()
        .to_owned()
}

/// The person at the browser: opens the authorize page, clicks `decision`, and the
/// browser follows the redirect to Awning's loopback listener. On a thread of its own:
/// the sandbox answers on the test's runtime, which this must not block.
pub struct Person(pub &'static str);

impl Browser for Person {
    fn open(&self, url: &str) -> Result<(), String> {
        let url = url.to_owned();
        let decision = self.0;
        std::thread::spawn(move || http(&answer_authorize_page(&url, decision), None));
        Ok(())
    }
}
