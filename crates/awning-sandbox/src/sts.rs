//! STS GetCallerIdentity (the query protocol: a form body, an XML reply). It answers with
//! the identity behind the access key in the request's SigV4 `Authorization` header, so a
//! test can prove which credentials a client really used. Signatures are not checked.

use std::collections::HashMap;

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

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

/// `ASIA…` from `AWS4-HMAC-SHA256 Credential=ASIA…/20250101/us-east-1/sts/aws4_request, …`.
fn access_key_id(headers: &HeaderMap) -> Option<&str> {
    let authorization = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let credential = authorization.split("Credential=").nth(1)?;
    credential.split('/').next().filter(|key| !key.is_empty())
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
    let Some(identity) = access_key_id(&headers).and_then(|key| world.role_credentials.get(key))
    else {
        return error(
            StatusCode::FORBIDDEN,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        );
    };
    let role = format!("AWSReservedSSO_{}_0123456789abcdef", identity.role_name);
    let arn = format!(
        "arn:aws:sts::{}:assumed-role/{role}/{}",
        identity.account_id, identity.user
    );
    xml(
        StatusCode::OK,
        format!(
            "<GetCallerIdentityResponse xmlns=\"{NAMESPACE}\"><GetCallerIdentityResult>\
             <Arn>{arn}</Arn><UserId>AROASANDBOX{}:{}</UserId><Account>{}</Account>\
             </GetCallerIdentityResult><ResponseMetadata><RequestId>{}</RequestId>\
             </ResponseMetadata></GetCallerIdentityResponse>",
            identity.account_id,
            identity.user,
            identity.account_id,
            random_token("")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_access_key_comes_from_the_sigv4_credential_scope() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static(
                "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20250101/us-east-1/sts/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature=abc",
            ),
        );
        assert_eq!(access_key_id(&headers), Some("ASIAEXAMPLE"));
        assert_eq!(access_key_id(&HeaderMap::new()), None);
    }
}
