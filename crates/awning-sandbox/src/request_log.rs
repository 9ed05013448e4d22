//! `--log FILE`: every request as one JSON line (method, path, query, headers, body), so
//! tests can assert on what clients really sent — how many authorize requests, which
//! grant types, which headers.

use std::fs::File;
use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::error::AwsError;

/// The largest body the sandbox reads; AWS requests of these services are tiny.
const MAX_BODY: usize = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct RequestLog(Arc<Mutex<File>>);

impl RequestLog {
    pub fn new(file: File) -> Self {
        Self(Arc::new(Mutex::new(file)))
    }

    fn write(&self, entry: &Value) {
        let mut file = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // A log line lost to a full disk must not fail the request under test.
        let _ = writeln!(file, "{entry}").and_then(|()| file.flush());
    }
}

/// Records the request, then hands it on unchanged.
pub async fn record(State(log): State<RequestLog>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return AwsError::invalid_portal_request("the request body is too large").into_response();
    };
    let headers: Map<String, Value> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.to_string(),
                json!(String::from_utf8_lossy(value.as_bytes())),
            )
        })
        .collect();
    log.write(&json!({
        "method": parts.method.as_str(),
        "path": parts.uri.path(),
        "query": parts.uri.query().unwrap_or(""),
        "headers": headers,
        "body": String::from_utf8_lossy(&bytes),
    }));
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
