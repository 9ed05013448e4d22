//! Errors exactly as AWS sends them: status, `x-amzn-ErrorType`, and the modeled body.
//!
//! botocore and the Rust SDK both identify an error by the `x-amzn-ErrorType` header
//! (the Rust SDK has no other fallback), so every error carries it.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq)]
pub struct AwsError {
    status: StatusCode,
    kind: &'static str,
    body: Value,
}

impl AwsError {
    /// An IAM Identity Center OIDC error: body `error` and `error_description`.
    pub fn oidc(status: StatusCode, kind: &'static str, error: &str, description: &str) -> Self {
        let body = json!({ "error": error, "error_description": description });
        Self { status, kind, body }
    }

    /// An AWS Sign-In error: body `error` (an OAuth2 error code) and `message`.
    pub fn sign_in(status: StatusCode, kind: &'static str, error: &str, message: &str) -> Self {
        let body = json!({ "error": error, "message": message });
        Self { status, kind, body }
    }

    pub fn with_body(status: StatusCode, kind: &'static str, body: Value) -> Self {
        Self { status, kind, body }
    }

    /// A portal (or other service) error: body `message`.
    pub fn message(status: StatusCode, kind: &'static str, message: &str) -> Self {
        Self {
            status,
            kind,
            body: json!({ "message": message }),
        }
    }

    pub fn invalid_oidc_request(description: &str) -> Self {
        Self::oidc(
            StatusCode::BAD_REQUEST,
            "InvalidRequestException",
            "invalid_request",
            description,
        )
    }

    pub fn invalid_portal_request(message: &str) -> Self {
        Self::message(StatusCode::BAD_REQUEST, "InvalidRequestException", message)
    }

    pub fn unauthorized(message: &str) -> Self {
        Self::message(StatusCode::UNAUTHORIZED, "UnauthorizedException", message)
    }
}

impl IntoResponse for AwsError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        response
            .headers_mut()
            .insert("x-amzn-ErrorType", HeaderValue::from_static(self.kind));
        response
    }
}

/// A JSON request body as a map, or the error AWS sends for a malformed one.
pub fn json_body(
    bytes: &[u8],
    invalid: fn(&str) -> AwsError,
) -> Result<serde_json::Map<String, Value>, AwsError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(invalid("the request body is not a JSON object")),
    }
}

/// A required string member of a JSON body.
pub fn required<'a>(
    body: &'a serde_json::Map<String, Value>,
    member: &str,
    invalid: fn(&str) -> AwsError,
) -> Result<&'a str, AwsError> {
    body.get(member)
        .and_then(Value::as_str)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| invalid(&format!("{member} is required")))
}
