//! STS GetCallerIdentity and GetSessionToken (the query protocol: a form body, an XML
//! reply). It answers with the identity behind the access key in the request's SigV4
//! `Authorization` header, so a test can prove which credentials a client really used.
//! Signatures are not checked.

use std::collections::HashMap;

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::caller::{CallerError, access_key_of, caller};
use crate::state::{Identity, Shared, World, now, random_token};

const NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

fn xml(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
    response
}

/// A query-protocol error: botocore reads the XML `Code`; the header helps other clients.
fn error(status: StatusCode, code: &'static str, message: &str) -> Response {
    let request_id = random_token("");
    let mut response = xml(
        status,
        format!(
            "<ErrorResponse xmlns=\"{NAMESPACE}\"><Error><Type>Sender</Type><Code>{code}</Code>\
             <Message>{message}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        ),
    );
    response
        .headers_mut()
        .insert("x-amzn-ErrorType", HeaderValue::from_static(code));
    response
}

pub async fn query(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let mut world = shared.lock();
    match form.get("Action").map(String::as_str) {
        Some("GetCallerIdentity") => get_caller_identity(&world, &headers),
        Some("GetSessionToken") => get_session_token(&mut world, &headers, &form),
        _ => error(
            StatusCode::BAD_REQUEST,
            "InvalidAction",
            "only GetCallerIdentity and GetSessionToken are played here",
        ),
    }
}

/// What STS answers a request signed with credentials it does not take.
fn refusal(refused: CallerError) -> Response {
    match refused {
        CallerError::Unknown => error(
            StatusCode::FORBIDDEN,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        ),
        CallerError::Expired => error(
            StatusCode::BAD_REQUEST,
            "ExpiredToken",
            "The security token included in the request is expired",
        ),
    }
}

fn get_caller_identity(world: &World, headers: &HeaderMap) -> Response {
    let identity = match caller(world, headers) {
        Ok(identity) => identity,
        Err(refused) => return refusal(refused),
    };
    xml(
        StatusCode::OK,
        format!(
            "<GetCallerIdentityResponse xmlns=\"{NAMESPACE}\"><GetCallerIdentityResult>\
             <Arn>{}</Arn><UserId>{}</UserId><Account>{}</Account>\
             </GetCallerIdentityResult><ResponseMetadata><RequestId>{}</RequestId>\
             </ResponseMetadata></GetCallerIdentityResponse>",
            identity.arn,
            identity.user_id,
            identity.account_id,
            random_token("")
        ),
    )
}

/// `GetSessionToken`: temporary credentials for an IAM user's long-term key, after its
/// MFA code when the user has a device, as STS gives them.
fn get_session_token(
    world: &mut World,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Response {
    let identity = match caller(world, headers) {
        Ok(identity) => identity.clone(),
        Err(refused) => return refusal(refused),
    };
    let Some(user) = world
        .scenario
        .iam_users
        .iter()
        .find(|user| {
            user.arn() == identity.arn && access_key_of(headers) == Some(&user.access_key_id)
        })
        .cloned()
    else {
        return error(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "Cannot call GetSessionToken with session credentials",
        );
    };
    if let Some(serial) = &user.mfa_serial {
        let (given_serial, code) = (form.get("SerialNumber"), form.get("TokenCode"));
        if given_serial != Some(serial) || code != user.mfa_code.as_ref() {
            return error(
                StatusCode::FORBIDDEN,
                "AccessDenied",
                "MultiFactorAuthentication failed with invalid MFA one time pass code.",
            );
        }
    }
    let seconds = match form.get("DurationSeconds").map(|text| text.parse::<u64>()) {
        None => 43_200,
        Some(Ok(seconds)) if (900..=129_600).contains(&seconds) => seconds,
        Some(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "ValidationError",
                "DurationSeconds must be between 900 and 129600",
            );
        }
    };
    let expires_at = now() + seconds;
    let (access_key_id, secret_access_key, session_token) = world.issue_credentials(Identity {
        expires_at,
        ..identity
    });
    let expiration = time::OffsetDateTime::from_unix_timestamp(expires_at.cast_signed())
        .ok()
        .and_then(|at| {
            at.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default();
    xml(
        StatusCode::OK,
        format!(
            "<GetSessionTokenResponse xmlns=\"{NAMESPACE}\"><GetSessionTokenResult><Credentials>\
             <SessionToken>{session_token}</SessionToken>\
             <SecretAccessKey>{secret_access_key}</SecretAccessKey>\
             <Expiration>{expiration}</Expiration>\
             <AccessKeyId>{access_key_id}</AccessKeyId>\
             </Credentials></GetSessionTokenResult><ResponseMetadata><RequestId>{}</RequestId>\
             </ResponseMetadata></GetSessionTokenResponse>",
            random_token("")
        ),
    )
}
