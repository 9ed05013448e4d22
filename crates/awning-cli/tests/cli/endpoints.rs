//! Where the CLI sends a sign-in: never to an endpoint that whatever profile is ambient
//! (`[default]`, `AWS_PROFILE`) names in `endpoint_url` or `[services]`.

// Helpers here panic on failure, as the tests themselves do: a panic is the report.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use super::vault_keychain::isolated;

/// The sandbox on its own thread, logging every request it is sent; it stops when dropped.
struct Sandbox {
    url: String,
    log: tempfile::NamedTempFile,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Sandbox {
    fn start() -> Self {
        let log = tempfile::NamedTempFile::new().unwrap();
        let file = log.reopen().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready, url) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async move {
                let address = "127.0.0.1:0".parse().unwrap();
                let sandbox = awning_sandbox::Sandbox::bind(address, Default::default())
                    .await
                    .unwrap()
                    .with_request_log(awning_sandbox::RequestLog::new(file));
                ready.send(sandbox.base_url()).unwrap();
                sandbox
                    .serve(async {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
        });
        Self {
            url: url.recv().expect("the sandbox starts"),
            log,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    fn requests(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.stop.take().map(|stop| stop.send(()));
        let _ = self.thread.take().map(std::thread::JoinHandle::join);
    }
}

#[test]
fn an_ambient_profiles_endpoint_never_receives_a_sign_in() {
    let elsewhere = Sandbox::start();
    let root = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_awning"));
    isolated(&mut command, root.path());
    let config = root.path().join("home/config");
    std::fs::write(
        &config,
        format!(
            "[default]\nendpoint_url = {url}\nservices = elsewhere\n\n\
             [services elsewhere]\nsso_oidc =\n  endpoint_url = {url}\n\
             sso =\n  endpoint_url = {url}\n\n\
             [profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n\
             sso_role_name = Admin\n\n[sso-session corp]\n\
             sso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n\
             sso_registration_scopes = sso:account:access\n",
            url = elsewhere.url
        ),
    )
    .unwrap();
    for (name, _) in std::env::vars() {
        if name.starts_with("AWS_ENDPOINT_URL") {
            command.env_remove(name);
        }
    }
    let mut child = command
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_PROFILE", "default")
        .env("AWNING_SECRET_STORE", "file")
        .env("AWNING_NO_APP", "1")
        .args(["login", "--profile", "dev", "--no-browser"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The real endpoint cannot be reached from here, so the sign-in ends with an error;
    // had it gone to the ambient endpoint, a device code would wait for a person.
    let printed: Vec<String> = BufReader::new(child.stderr.take().unwrap())
        .lines()
        .map(Result::unwrap)
        .take_while(|line| !line.contains("enter the code"))
        .collect();
    let _ = child.kill();
    let status = child.wait().unwrap();
    assert!(!status.success(), "{printed:?}");
    assert!(
        printed
            .iter()
            .any(|line| line.contains("could not be reached")),
        "{printed:?}"
    );
    assert_eq!(
        elsewhere.requests(),
        "",
        "the ambient endpoint received nothing"
    );
}
