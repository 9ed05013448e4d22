//! The Sign-In pages a person sees during `aws login`: `/v1/authorize` (Approve / Deny)
//! and, for the cross-device variant, `/v1/sessions/confirmation`, which shows the code
//! to paste back into the terminal: standard base64 of `state=..&code=..`.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::oidc::base_url;
use crate::pages::{ask_to_authorize, escape, loopback_without_port, page, refuse};
use crate::signin::{CROSS_DEVICE, SAME_DEVICE};
use crate::state::{Service, Shared};

fn confirmation_url(headers: &HeaderMap) -> String {
    format!("{}/v1/sessions/confirmation", base_url(headers))
}

pub async fn authorize_page(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let get = |name: &str| query.get(name).map(String::as_str).unwrap_or("");
    if get("response_type") != "code" {
        return refuse("response_type must be code");
    }
    if get("scope") != "openid" {
        return refuse("scope must be openid");
    }
    if get("code_challenge_method") != "SHA-256" || get("code_challenge").is_empty() {
        return refuse("a PKCE code_challenge with method SHA-256 is required");
    }
    let redirect_uri = get("redirect_uri");
    let redirect_fits = match get("client_id") {
        SAME_DEVICE => loopback_without_port(redirect_uri).is_some(),
        CROSS_DEVICE => redirect_uri == confirmation_url(&headers),
        _ => return refuse("client_id is not a Sign-In developer tools client"),
    };
    if !redirect_fits {
        return refuse(
            "redirect_uri must be a loopback address (same device) or the confirmation page (cross device)",
        );
    }
    let mut world = shared.lock();
    let arn = escape(&world.scenario.sign_in.session_arn);
    let question = format!(
        "The AWS CLI or another tool on your computer asks for credentials of <b>{arn}</b>."
    );
    ask_to_authorize(
        &mut world,
        Service::SignIn,
        &query,
        &question,
        "/v1/authorize",
    )
}

pub async fn confirmation_page(Query(query): Query<HashMap<String, String>>) -> Response {
    let (Some(code), Some(state)) = (query.get("code"), query.get("state")) else {
        return page(
            StatusCode::OK,
            "Sign-in denied",
            "<p>Nothing was shared. You can close this tab.</p>",
        );
    };
    let pair = serde_urlencoded::to_string([("state", state), ("code", code)]).unwrap_or_default();
    let verification_code = STANDARD.encode(pair);
    page(
        StatusCode::OK,
        "Copy this code",
        &format!(
            "<p>Paste it where your terminal asks for the authorization code:</p>\
             <p class=\"code\" id=\"verification-code\" style=\"word-break:break-all;font-size:1rem\">{}</p>",
            escape(&verification_code)
        ),
    )
}
