//! Fault knobs: the bad days of a real service, on demand. They start from the scenario's
//! `[faults]` table and can be changed while the sandbox runs (`PATCH /_sandbox/faults`),
//! so a test can flip one mid-run. They apply to the service APIs, never to the pages a
//! person sees nor to the admin endpoints.

use std::time::Duration;

use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::AwsError;
use crate::state::{Shared, now};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Faults {
    /// Device-code polls answered `slow_down` first (the client must add 5 s).
    pub slow_down: u32,
    /// Device-code polls answered `authorization_pending` after those, even when the user
    /// already approved.
    pub authorization_pending: u32,
    /// Portal requests allowed per second; more get 429 `TooManyRequestsException`.
    /// 0 means no limit.
    pub portal_rate_limit: u32,
    /// The share of API requests (0 to 1) answered 500, spread evenly: 0.5 fails every
    /// second request, so tests stay deterministic.
    pub server_error_rate: f64,
    /// Added before every API reply, in milliseconds.
    pub latency_ms: u64,
    /// Successful API replies are cut in half, so their JSON does not parse.
    pub malformed_bodies: bool,
    /// AWS Sign-In refuses every token call: `throttled` (429 `TooManyRequestsError`),
    /// or an `AccessDeniedException` with this `error` (`INSUFFICIENT_PERMISSIONS`, …).
    pub signin_refusal: Option<String>,
    /// CodeArtifact refuses GetAuthorizationToken with an `AccessDeniedException` naming
    /// this action (`codeartifact:GetAuthorizationToken`, `sts:GetServiceBearerToken`),
    /// as it does for an identity without that permission.
    pub codeartifact_denied: Option<String>,
    /// StartDeviceAuthorization names this verification page instead of the sandbox's
    /// own: a service (or a man in the middle) sending the person elsewhere.
    pub device_page: Option<String>,
}

impl Faults {
    pub fn check(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.server_error_rate) {
            return Err("faults.server_error_rate must be between 0 and 1".to_owned());
        }
        Ok(())
    }
}

/// What the knobs have counted so far.
#[derive(Debug, Default)]
pub struct Counters {
    api_requests: u64,
    /// The second the portal window started in, and the requests seen in it.
    portal_window: (u64, u32),
}

fn is_portal(path: &str) -> bool {
    path.starts_with("/assignment/") || path == "/federation/credentials" || path == "/logout"
}

enum Verdict {
    Serve { malformed: bool },
    RateLimited,
    ServerError,
}

/// What to do with a request to `path` arriving in `second` (Unix time).
fn judge(faults: &Faults, counters: &mut Counters, path: &str, second: u64) -> Verdict {
    if is_portal(path) && faults.portal_rate_limit > 0 {
        if counters.portal_window.0 != second {
            counters.portal_window = (second, 0);
        }
        counters.portal_window.1 += 1;
        if counters.portal_window.1 > faults.portal_rate_limit {
            return Verdict::RateLimited;
        }
    }
    counters.api_requests += 1;
    let rate = faults.server_error_rate;
    let n = counters.api_requests as f64;
    if (n * rate).floor() > ((n - 1.0) * rate).floor() {
        return Verdict::ServerError;
    }
    Verdict::Serve {
        malformed: faults.malformed_bodies,
    }
}

/// The middleware on every API route.
pub async fn inject(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    let (latency, verdict) = {
        let mut world = shared.lock();
        let world = &mut *world;
        let verdict = judge(
            &world.faults,
            &mut world.counters,
            request.uri().path(),
            now(),
        );
        (world.faults.latency_ms, verdict)
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    match verdict {
        Verdict::RateLimited => AwsError::message(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequestsException",
            "Rate exceeded",
        )
        .into_response(),
        // One body for every protocol: each client reads the members it knows.
        Verdict::ServerError => AwsError::with_body(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerException",
            json!({
                "error": "server_error",
                "error_description": "the sandbox failed this request on purpose",
                "message": "the sandbox failed this request on purpose",
            }),
        )
        .into_response(),
        Verdict::Serve { malformed } => {
            let response = next.run(request).await;
            if malformed && response.status().is_success() {
                cut_in_half(response).await
            } else {
                response
            }
        }
    }
}

async fn cut_in_half(response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    let mut response = Response::from_parts(parts, Body::from(half));
    response
        .headers_mut()
        .remove(axum::http::header::CONTENT_LENGTH);
    response
}

/// `GET /_sandbox/faults`
pub async fn show(State(shared): State<Shared>) -> Json<Faults> {
    Json(shared.lock().faults.clone())
}

/// `PATCH /_sandbox/faults`: the members given replace the current ones.
pub async fn change(
    State(shared): State<Shared>,
    Json(changes): Json<serde_json::Map<String, Value>>,
) -> Result<Json<Faults>, (StatusCode, String)> {
    let mut world = shared.lock();
    let mut merged = serde_json::to_value(&world.faults).unwrap_or_default();
    if let Value::Object(current) = &mut merged {
        current.extend(changes);
    }
    let faults: Faults = serde_json::from_value(merged)
        .map_err(|error| (StatusCode::BAD_REQUEST, error.to_string()))?;
    faults
        .check()
        .map_err(|error| (StatusCode::BAD_REQUEST, error))?;
    world.faults = faults.clone();
    Ok(Json(faults))
}

/// `POST /_sandbox/revoke`: what to end now, as an administrator (or an attacker who
/// changed the user's password) would.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revoke {
    /// This refresh token (Identity Center or Sign-In) stops working.
    #[serde(default)]
    refresh_token: Option<String>,
    /// The session behind this access or refresh token ends.
    #[serde(default)]
    session_of_token: Option<String>,
    /// Every session ends.
    #[serde(default)]
    all_sessions: bool,
}

pub async fn revoke(
    State(shared): State<Shared>,
    Json(revoke): Json<Revoke>,
) -> Result<Json<Value>, (StatusCode, String)> {
    let mut world = shared.lock();
    let world = &mut *world;
    let mut tokens = 0;
    if let Some(token) = &revoke.refresh_token {
        let oidc = world.refresh_tokens.remove(token).is_some();
        let login = world.login_refresh_tokens.remove(token).is_some();
        tokens += usize::from(oidc || login);
    }
    let chosen: Vec<String> = if revoke.all_sessions {
        world.sessions.keys().cloned().collect()
    } else if let Some(token) = &revoke.session_of_token {
        world.session_of(token).into_iter().collect()
    } else {
        Vec::new()
    };
    for id in &chosen {
        if let Some(session) = world.sessions.get_mut(id) {
            session.revoked = true;
        }
    }
    if tokens == 0 && chosen.is_empty() {
        return Err((
            StatusCode::NOT_FOUND,
            "nothing matched: name a known refresh_token or session_of_token, or all_sessions"
                .to_owned(),
        ));
    }
    Ok(Json(
        json!({ "revoked_refresh_tokens": tokens, "revoked_sessions": chosen.len() }),
    ))
}

/// `GET /_sandbox/issued`: every secret the sandbox handed out, oldest first, so a test
/// can look for each of them where none may be (logs, files).
pub async fn issued(State(shared): State<Shared>) -> Json<Vec<String>> {
    Json(shared.lock().issued.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verdicts on requests to `path` arriving in the given seconds.
    fn verdicts_at(faults: &Faults, path: &str, seconds: &[u64]) -> Vec<&'static str> {
        let mut counters = Counters::default();
        seconds
            .iter()
            .map(|second| match judge(faults, &mut counters, path, *second) {
                Verdict::Serve { .. } => "ok",
                Verdict::RateLimited => "429",
                Verdict::ServerError => "500",
            })
            .collect()
    }

    fn verdicts(faults: &Faults, path: &str, n: usize) -> Vec<&'static str> {
        verdicts_at(faults, path, &vec![100; n])
    }

    #[test]
    fn a_server_error_rate_fails_requests_evenly_and_predictably() {
        let half = Faults {
            server_error_rate: 0.5,
            ..Faults::default()
        };
        assert_eq!(verdicts(&half, "/token", 4), ["ok", "500", "ok", "500"]);
        let all = Faults {
            server_error_rate: 1.0,
            ..Faults::default()
        };
        assert_eq!(verdicts(&all, "/token", 3), ["500"; 3]);
        assert_eq!(verdicts(&Faults::default(), "/token", 3), ["ok"; 3]);
    }

    #[test]
    fn the_rate_limit_counts_portal_requests_only() {
        let limited = Faults {
            portal_rate_limit: 2,
            ..Faults::default()
        };
        assert_eq!(
            verdicts_at(&limited, "/assignment/accounts", &[100, 100, 100, 101, 101]),
            ["ok", "ok", "429", "ok", "ok"]
        );
        assert_eq!(verdicts(&limited, "/token", 5), ["ok"; 5]);
    }

    #[test]
    fn a_rate_outside_zero_to_one_is_refused() {
        let faults = Faults {
            server_error_rate: 1.5,
            ..Faults::default()
        };
        assert!(faults.check().is_err());
    }
}
