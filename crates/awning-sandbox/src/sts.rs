//! STS GetCallerIdentity (the query protocol: a form body, an XML reply). It answers with
//! the identity behind the access key in the request's SigV4 `Authorization` header, so a
//! test can prove which credentials a client really used. Signatures are not checked.

use std::collections::HashMap;

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::caller::{CallerError, caller};
use crate::state::{Shared, random_token};

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
    if form.get("Action").map(String::as_str) != Some("GetCallerIdentity") {
        return error(
            StatusCode::BAD_REQUEST,
            "InvalidAction",
            "only GetCallerIdentity is played here",
        );
    }
    let world = shared.lock();
    let identity = match caller(&world, &headers) {
        Ok(identity) => identity,
        Err(CallerError::Unknown) => {
            return error(
                StatusCode::FORBIDDEN,
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
            );
        }
        Err(CallerError::Expired) => {
            return error(
                StatusCode::BAD_REQUEST,
                "ExpiredToken",
                "The security token included in the request is expired",
            );
        }
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
