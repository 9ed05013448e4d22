//! The `awning-sandbox` binary, as the tests, benchmarks and demo start it.

// A panic is the report.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn sandbox() -> Command {
    Command::new(env!("CARGO_BIN_EXE_awning-sandbox"))
}

#[test]
fn sandbox_prints_the_endpoints_and_a_ready_line_then_stops_on_sigterm() {
    let mut child = sandbox()
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let printed: Vec<String> = lines
        .by_ref()
        .map(Result::unwrap)
        .take_while(|line| !line.starts_with("ready "))
        .collect();
    let url = printed[0]
        .strip_prefix("Awning sandbox listening on ")
        .unwrap()
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(printed.contains(&format!("  export AWS_ENDPOINT_URL_SSO_OIDC={url}")));

    let status = Command::new("kill")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        child.wait().unwrap().success(),
        "SIGTERM must be a clean stop"
    );
}

#[test]
fn sandbox_refuses_a_non_loopback_address() {
    let output = sandbox().args(["--listen", "0.0.0.0:0"]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("only listens on loopback"), "{stderr}");
}
