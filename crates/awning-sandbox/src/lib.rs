//! A local stand-in for the AWS endpoints Awning talks to (IAM Identity Center, Sign-In,
//! STS, CodeArtifact), for the test suites and the README demo.
//!
//! It only ever listens on the loopback interface: it hands out credentials to anyone who
//! asks, so it must never be reachable from another machine. Besides the services, it
//! has the pages a person sees in a browser and a small admin API under `/_sandbox/` to
//! change fault knobs and revoke sessions while it runs.

mod caller;
mod codeartifact;
mod dpop;
mod error;
pub mod faults;
mod jwt;
mod oidc;
mod pages;
mod portal;
mod request_log;
pub mod scenario;
mod signin;
mod signin_pages;
mod state;
mod sts;

use std::net::SocketAddr;

use axum::routing::{get, post};
use axum::{Json, Router};
use tokio::net::TcpListener;

pub use request_log::RequestLog;
pub use scenario::Scenario;
use state::Shared;

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("the sandbox only listens on loopback (127.0.0.1 or ::1), not on {0}")]
    NotLoopback(SocketAddr),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error("the sandbox stopped serving: {0}")]
    Serve(std::io::Error),
}

/// A bound sandbox; call [`Sandbox::serve`] to answer requests.
#[derive(Debug)]
pub struct Sandbox {
    listener: TcpListener,
    address: SocketAddr,
    shared: Shared,
    log: Option<RequestLog>,
}

impl Sandbox {
    /// Binds `address` (port 0 picks a free port). Refuses anything but loopback.
    pub async fn bind(address: SocketAddr, scenario: Scenario) -> Result<Self, SandboxError> {
        if !address.ip().is_loopback() {
            return Err(SandboxError::NotLoopback(address));
        }
        let listener = TcpListener::bind(address)
            .await
            .map_err(|source| SandboxError::Bind { address, source })?;
        let address = listener
            .local_addr()
            .map_err(|source| SandboxError::Bind { address, source })?;
        Ok(Self {
            listener,
            address,
            shared: Shared::new(scenario),
            log: None,
        })
    }

    /// Records every request in `log` as a JSON line.
    pub fn with_request_log(mut self, log: RequestLog) -> Self {
        self.log = Some(log);
        self
    }

    /// The base URL every `AWS_ENDPOINT_URL_*` variable points at.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Serves until `shutdown` resolves.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), SandboxError> {
        let mut app = router(self.shared);
        if let Some(log) = self.log {
            app = app.layer(axum::middleware::from_fn_with_state(
                log,
                request_log::record,
            ));
        }
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(SandboxError::Serve)
    }
}

fn router(shared: Shared) -> Router {
    // The service APIs, where the fault knobs apply.
    let api = Router::new()
        .route(
            "/",
            get(|| async { Json(serde_json::json!({ "service": "awning-sandbox" })) })
                // STS speaks the query protocol: a form POST to the root.
                .post(sts::query),
        )
        // IAM Identity Center OIDC and portal.
        .route("/client/register", post(oidc::register_client))
        .route(
            "/device_authorization",
            post(oidc::start_device_authorization),
        )
        .route("/token", post(oidc::create_token))
        .route("/assignment/accounts", get(portal::list_accounts))
        .route("/assignment/roles", get(portal::list_account_roles))
        .route("/federation/credentials", get(portal::get_role_credentials))
        .route("/logout", post(portal::logout))
        // AWS Sign-In (`aws login`).
        .route("/v1/token", post(signin::create_token))
        // CodeArtifact.
        .route(
            "/v1/authorization-token",
            post(codeartifact::get_authorization_token),
        )
        .route(
            "/v1/repository/endpoint",
            get(codeartifact::get_repository_endpoint),
        )
        .route("/v1/domains", post(codeartifact::list_domains))
        .route(
            "/v1/domain/repositories",
            post(codeartifact::list_repositories_in_domain),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            faults::inject,
        ));
    // The pages a person sees in a browser, and the admin API.
    let pages = Router::new()
        .route(
            "/device",
            get(pages::device_page).post(pages::device_decision),
        )
        .route(
            "/authorize",
            get(pages::authorize_page).post(pages::authorize_decision),
        )
        .route(
            "/v1/authorize",
            get(signin_pages::authorize_page).post(pages::authorize_decision),
        )
        .route(
            "/v1/sessions/confirmation",
            get(signin_pages::confirmation_page),
        )
        .route("/_sandbox/faults", get(faults::show).patch(faults::change))
        .route("/_sandbox/revoke", post(faults::revoke))
        .route("/_sandbox/issued", get(faults::issued));
    api.merge(pages).with_state(shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn refuses_to_listen_beyond_loopback() {
        let error = Sandbox::bind("0.0.0.0:0".parse().unwrap(), Scenario::default())
            .await
            .unwrap_err();
        assert!(matches!(error, SandboxError::NotLoopback(_)), "{error}");
    }

    #[tokio::test]
    async fn answers_the_health_check_on_an_ephemeral_port() {
        let sandbox = Sandbox::bind("127.0.0.1:0".parse().unwrap(), Scenario::default())
            .await
            .unwrap();
        let address = sandbox.address;
        assert_ne!(address.port(), 0);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(sandbox.serve(async move {
            let _ = stopped.await;
        }));

        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        assert!(
            response.ends_with(r#"{"service":"awning-sandbox"}"#),
            "{response}"
        );

        stop.send(()).unwrap();
        server.await.unwrap().unwrap();
    }
}
