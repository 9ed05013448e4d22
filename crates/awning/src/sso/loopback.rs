//! The loopback listener of the authorization-code flow (RFC 8252): bound on 127.0.0.1
//! before the browser opens, it waits for the one redirect that carries this sign-in's
//! `state`, answers the browser with a page, and closes.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::problem::Problem;
use crate::vault::Secret;

/// How long a browser sign-in may take before Awning gives up, as the AWS CLI does.
pub const BROWSER_SIGN_IN_LIMIT: Duration = Duration::from_secs(600);
/// A connection that has not sent its request head by then is closed.
const HEADER_DEADLINE: Duration = Duration::from_secs(10);
/// The one path the browser is sent back to.
const CALLBACK_PATH: &str = "/oauth/callback";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LoopbackError {
    #[error("could not listen on 127.0.0.1 for the browser's answer: {0}")]
    Listen(String),
    #[error("the sign-in was denied in the browser ({0}); run the sign-in again to retry")]
    Denied(String),
    #[error(
        "the browser did not finish the sign-in within {} minutes; run the sign-in again",
        .0.as_secs() / 60
    )]
    TimedOut(Duration),
}

/// What the browser's redirect said.
#[derive(Debug)]
enum Answer {
    Code(Secret),
    Error(String),
}

#[derive(Debug)]
pub struct Loopback {
    listener: TcpListener,
    port: u16,
}

impl Loopback {
    /// Binds an ephemeral port on 127.0.0.1 only: nothing beyond this machine can
    /// reach it.
    pub async fn bind() -> Result<Self, LoopbackError> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .map_err(|error| LoopbackError::Listen(error.to_string()))?;
        let port = listener
            .local_addr()
            .map_err(|error| LoopbackError::Listen(error.to_string()))?
            .port();
        Ok(Self { listener, port })
    }

    /// The redirect URI to authorize with and to redeem the code with.
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.port)
    }

    /// Serves until a redirect carries `state` with a code or an error, or `limit`
    /// passes. Requests with another state (a stale tab, or another program guessing)
    /// get an error page and change nothing.
    pub async fn await_code(self, state: &str, limit: Duration) -> Result<Secret, LoopbackError> {
        let (answers, mut answered) = mpsc::channel::<Answer>(1);
        let state = state.to_owned();
        // Every connection's task is owned here: they end with the sign-in, whichever
        // way it ends, and a browser tab left open holds nothing.
        let mut connections = JoinSet::new();
        let serve = async {
            loop {
                // A listener that cannot accept (no file descriptors left) would
                // fail every later call too: end the wait rather than spin.
                let stream = match self.listener.accept().await {
                    Ok((stream, _)) => stream,
                    Err(error) => return LoopbackError::Listen(error.to_string()),
                };
                let answers = answers.clone();
                let state = state.clone();
                let service = service_fn(move |request: Request<Incoming>| {
                    let reply = respond(&request, &state, &answers);
                    async move { Ok::<_, Infallible>(reply) }
                });
                let connection = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_DEADLINE)
                    .serve_connection(TokioIo::new(stream), service);
                while connections.try_join_next().is_some() {}
                connections.spawn(connection);
            }
        };
        let answer = tokio::select! {
            answer = answered.recv() => answer,
            error = serve => return Err(error),
            () = tokio::time::sleep(limit) => None,
        };
        match answer {
            Some(Answer::Code(code)) => Ok(code),
            Some(Answer::Error(error)) => Err(LoopbackError::Denied(error)),
            None => Err(LoopbackError::TimedOut(limit)),
        }
    }
}

fn respond(
    request: &Request<Incoming>,
    state: &str,
    answers: &mpsc::Sender<Answer>,
) -> Response<Full<Bytes>> {
    if request.uri().path() != CALLBACK_PATH {
        return page(StatusCode::NOT_FOUND, "There is nothing here.");
    }
    let query = request.uri().query().unwrap_or_default();
    let mut code = None;
    let mut error = None;
    let mut matches = false;
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match &*name {
            "code" => code = Some(Secret::new(value.into_owned())),
            "error" => error = Some(value.into_owned()),
            "state" => matches = value == state,
            _ => {}
        }
    }
    let answer = match (matches, error, code) {
        (true, Some(error), _) => Answer::Error(error),
        (true, None, Some(code)) => Answer::Code(code),
        _ => {
            return page(
                StatusCode::BAD_REQUEST,
                "This page does not belong to the sign-in Awning is waiting for. \
                 Start the sign-in again from Awning.",
            );
        }
    };
    let denied = matches!(answer, Answer::Error(_));
    // Only the first answer counts; the channel holds one and the listener then closes.
    if answers.try_send(answer).is_err() {
        return page(StatusCode::CONFLICT, "This sign-in has already finished.");
    }
    if denied {
        page(
            StatusCode::OK,
            "The sign-in was denied. You can close this tab.",
        )
    } else {
        page(
            StatusCode::OK,
            "Awning is signed in. You can close this tab.",
        )
    }
}

fn page(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Awning</title></head><body><h1>Awning</h1><p>{message}</p></body></html>"
    );
    let mut response = Response::new(Full::new(Bytes::from(html)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

impl LoopbackError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        match self {
            Self::Listen(detail) => Problem::LoopbackUnavailable {
                detail: detail.clone(),
            },
            Self::Denied(_) => Problem::SignInDenied,
            Self::TimedOut(_) => Problem::SignInExpired,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn get(port: u16, path: &str) -> String {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        answer
    }

    #[tokio::test]
    async fn takes_the_code_of_the_redirect_with_our_state_and_nothing_else() {
        let loopback = Loopback::bind().await.unwrap();
        let uri = loopback.redirect_uri();
        let port: u16 = uri
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches("/oauth/callback")
            .parse()
            .unwrap();
        let waiting =
            tokio::spawn(async move { loopback.await_code("s-1", Duration::from_secs(30)).await });
        let stale = get(port, "/oauth/callback?code=forged&state=other").await;
        assert!(stale.starts_with("HTTP/1.1 400"), "{stale}");
        let favicon = get(port, "/favicon.ico").await;
        assert!(favicon.starts_with("HTTP/1.1 404"), "{favicon}");
        // Only the callback path takes a code, even with the right state.
        let elsewhere = get(port, "/other?code=forged&state=s-1").await;
        assert!(elsewhere.starts_with("HTTP/1.1 404"), "{elsewhere}");
        let good = get(port, "/oauth/callback?code=c%2B1&state=s-1").await;
        assert!(good.contains("signed in"), "{good}");
        assert_eq!(waiting.await.unwrap().unwrap().expose(), "c+1");
        // Closed after the one answer.
        assert!(
            tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn an_error_in_the_redirect_is_a_denial() {
        let loopback = Loopback::bind().await.unwrap();
        let path = "/oauth/callback?error=access_denied&state=s-2";
        let port = loopback.port;
        let waiting =
            tokio::spawn(async move { loopback.await_code("s-2", Duration::from_secs(30)).await });
        assert!(get(port, path).await.contains("denied"));
        assert_eq!(
            waiting.await.unwrap().unwrap_err(),
            LoopbackError::Denied("access_denied".to_owned())
        );
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_the_limit() {
        let loopback = Loopback::bind().await.unwrap();
        let error = loopback
            .await_code("s-3", BROWSER_SIGN_IN_LIMIT)
            .await
            .unwrap_err();
        assert_eq!(error, LoopbackError::TimedOut(BROWSER_SIGN_IN_LIMIT));
        assert!(error.to_string().contains("10 minutes"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_that_sends_nothing_is_closed_and_none_outlives_the_sign_in() {
        let loopback = Loopback::bind().await.unwrap();
        let port = loopback.port;
        let waiting =
            tokio::spawn(async move { loopback.await_code("s-4", Duration::from_secs(30)).await });
        let mut silent = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        let mut left_open = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        left_open
            .write_all(b"GET /oauth/callback?state=x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await
            .unwrap();
        // The header deadline passes (paused time runs ahead while nothing else is due).
        let mut got = Vec::new();
        tokio::time::timeout(Duration::from_secs(20), silent.read_to_end(&mut got))
            .await
            .expect("a silent connection was kept open")
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&got).contains("200"),
            "closed without an answer"
        );
        let good = get(port, "/oauth/callback?code=c&state=s-4").await;
        assert!(good.contains("signed in"), "{good}");
        assert_eq!(waiting.await.unwrap().unwrap().expose(), "c");
        // The kept-alive connection of the stale tab ended with the sign-in.
        let mut rest = Vec::new();
        let ended =
            tokio::time::timeout(Duration::from_secs(60), left_open.read_to_end(&mut rest)).await;
        assert!(ended.is_ok(), "the connection outlived the sign-in");
    }
}
