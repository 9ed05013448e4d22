//! `awning-sandbox`: the sandbox on loopback, for the tests, the benchmarks and the demo.
//!
//! It is its own binary, never a command of `awning`: it hands out credentials to anyone
//! who asks, so the CLI people install must not be able to start it.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use awning_sandbox::{RequestLog, Sandbox, Scenario};
use clap::Parser;

/// The services whose endpoint the sandbox plays, as named in `AWS_ENDPOINT_URL_<SERVICE>`.
const SERVICES: [&str; 5] = ["SSO", "SSO_OIDC", "SIGNIN", "STS", "CODEARTIFACT"];

/// Plays IAM Identity Center, AWS Sign-In, STS and CodeArtifact on loopback.
#[derive(Debug, Parser)]
#[command(name = "awning-sandbox", version)]
struct SandboxArgs {
    /// Loopback address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// A scenario file (TOML; see crates/awning-sandbox/scenario.example.toml). Without
    /// it, the built-in demo organisation.
    #[arg(long, value_name = "FILE")]
    scenario: Option<std::path::PathBuf>,
    /// Append every request to FILE as a JSON line (method, path, query, headers, body).
    #[arg(long, value_name = "FILE")]
    log: Option<std::path::PathBuf>,
}

fn main() -> ExitCode {
    match run(SandboxArgs::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("awning-sandbox: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: SandboxArgs) -> anyhow::Result<()> {
    let scenario = match &args.scenario {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the scenario {}", path.display()))?;
            Scenario::from_toml(&text).with_context(|| path.display().to_string())?
        }
        None => Scenario::default(),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let identity_center = scenario.identity_center.clone();
        let scenario_sign_in = scenario.sign_in.session_arn.clone();
        let mut sandbox = Sandbox::bind(args.listen, scenario).await?;
        if let Some(path) = &args.log {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .with_context(|| format!("cannot open the request log {}", path.display()))?;
            sandbox = sandbox.with_request_log(RequestLog::new(file));
        }
        let url = sandbox.base_url();
        println!("Awning sandbox listening on {url}");
        println!(
            "IAM Identity Center: start URL {}, SSO region {}",
            identity_center.start_url, identity_center.region
        );
        println!("AWS Sign-In (aws login): signs in as {scenario_sign_in}");
        println!("Fault knobs: {url}/_sandbox/faults (GET, PATCH)");
        println!("Point the AWS SDKs at it with:");
        for service in SERVICES {
            println!("  export AWS_ENDPOINT_URL_{service}={url}");
        }
        let shutdown = shutdown_signal()?;
        // The last line, for scripts and tests that wait for the sandbox to be up.
        println!("ready {url}");
        sandbox.serve(shutdown).await?;
        Ok(())
    })
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called, not
/// when the future is first polled, so a signal sent right after "ready" is never missed.
fn shutdown_signal() -> anyhow::Result<impl Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
