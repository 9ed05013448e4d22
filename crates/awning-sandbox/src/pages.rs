//! The pages a person sees in the browser: device verification and authorize, as plain
//! HTML forms that work without JavaScript, each with Approve and Deny.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::state::{AuthorizeRequest, Decision, Service, Shared, World, now, random_token};

/// How long an authorize page waits for the user's decision.
const AUTHORIZE_LIFETIME: u64 = 600;

pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;max-width:32rem;margin:4rem auto}}\
         .code{{font-size:2rem;letter-spacing:.2rem;font-family:monospace}}</style></head>\
         <body><h1>{title}</h1>{body}</body></html>"
    );
    (status, Html(html)).into_response()
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub fn decision_buttons() -> &'static str {
    "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Approve</button> \
     <button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>"
}

pub async fn device_page(Query(query): Query<HashMap<String, String>>) -> Response {
    let code = escape(query.get("user_code").map_or("", String::as_str));
    page(
        StatusCode::OK,
        "Authorize request",
        &format!(
            "<p>Check that this code matches the one your application shows:</p>\
             <form method=\"post\" action=\"/device\">\
             <p><input class=\"code\" name=\"user_code\" value=\"{code}\" aria-label=\"Code\"></p>\
             {}</form>",
            decision_buttons()
        ),
    )
}

pub async fn device_decision(
    State(shared): State<Shared>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let code = form
        .get("user_code")
        .map(|code| code.trim().to_ascii_uppercase());
    let decision = match form.get("decision").map(String::as_str) {
        Some("approve") => Decision::Approved,
        Some("deny") => Decision::Denied,
        _ => return page(StatusCode::BAD_REQUEST, "Choose Approve or Deny", ""),
    };
    let mut world = shared.lock();
    let device = world.devices.values_mut().find(|device| {
        Some(&device.user_code) == code.as_ref()
            && device.decision == Decision::Pending
            && device.expires_at > now()
    });
    match device {
        Some(device) => {
            device.decision = decision;
            let verdict = if decision == Decision::Approved {
                "approved"
            } else {
                "denied"
            };
            page(
                StatusCode::OK,
                &format!("Request {verdict}"),
                "<p>You can close this tab.</p>",
            )
        }
        None => page(
            StatusCode::BAD_REQUEST,
            "Unknown or expired code",
            "<p>Start the sign-in again in your application.</p>",
        ),
    }
}

/// `http://127.0.0.1[:port]/path` without the port, or `None` if it is not loopback.
pub fn loopback_without_port(uri: &str) -> Option<String> {
    let rest = uri.strip_prefix("http://127.0.0.1")?;
    let path = match rest.strip_prefix(':') {
        Some(after_colon) => {
            let digits = after_colon
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after_colon.len());
            if digits == 0 {
                return None;
            }
            &after_colon[digits..]
        }
        None => rest,
    };
    (path.is_empty() || path.starts_with('/')).then(|| format!("http://127.0.0.1{path}"))
}

/// The page for an authorize request that cannot go on, and why.
pub fn refuse(why: &str) -> Response {
    page(
        StatusCode::BAD_REQUEST,
        "Cannot authorize",
        &format!("<p>{}</p>", escape(why)),
    )
}

/// Remembers an authorize request made from `query` and shows the Approve / Deny page
/// that posts its decision to `action`.
pub fn ask_to_authorize(
    world: &mut World,
    service: Service,
    query: &HashMap<String, String>,
    question: &str,
    action: &str,
) -> Response {
    let get = |name: &str| query.get(name).cloned().unwrap_or_default();
    let id = random_token("request-");
    world.authorize_requests.insert(
        id.clone(),
        AuthorizeRequest {
            service,
            client_id: get("client_id"),
            redirect_uri: get("redirect_uri"),
            state: get("state"),
            code_challenge: get("code_challenge"),
            expires_at: now() + AUTHORIZE_LIFETIME,
        },
    );
    page(
        StatusCode::OK,
        "Allow access?",
        &format!(
            "<p>{question}</p><form method=\"post\" action=\"{action}\">\
             <input type=\"hidden\" name=\"request\" value=\"{id}\">{}</form>",
            decision_buttons()
        ),
    )
}

pub async fn authorize_page(
    State(shared): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let get = |name: &str| query.get(name).map(String::as_str).unwrap_or("");
    if get("response_type") != "code" {
        return refuse("response_type must be code");
    }
    if get("code_challenge_method") != "S256" || get("code_challenge").is_empty() {
        return refuse("a PKCE code_challenge with method S256 is required");
    }
    let mut world = shared.lock();
    let Some(registration) = world.registrations.get(get("client_id")) else {
        return refuse("the client is not registered");
    };
    if !registration
        .grant_types
        .iter()
        .any(|grant| grant == "authorization_code")
    {
        return refuse("the client was not registered for the authorization_code grant");
    }
    let registered = registration
        .redirect_uris
        .iter()
        .filter_map(|uri| loopback_without_port(uri));
    let wanted = loopback_without_port(get("redirect_uri"));
    if wanted.is_none() || !registered.into_iter().any(|uri| Some(uri) == wanted) {
        return refuse("redirect_uri must be a loopback address registered by the client");
    }
    let user = escape(&world.scenario.identity_center.user);
    let question = format!("An application wants to use your AWS access as <b>{user}</b>.");
    ask_to_authorize(
        &mut world,
        Service::IdentityCenter,
        &query,
        &question,
        "/authorize",
    )
}

/// The decision on an authorize page, Identity Center's or Sign-In's: a redirect with
/// `code` and `state`, or with `error=access_denied`.
pub async fn authorize_decision(
    State(shared): State<Shared>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let mut world = shared.lock();
    let request = form
        .get("request")
        .and_then(|id| world.authorize_requests.remove(id))
        .filter(|request| request.expires_at > now());
    let Some(request) = request else {
        return page(
            StatusCode::BAD_REQUEST,
            "This request expired",
            "<p>Sign in again.</p>",
        );
    };
    let mut query = vec![("state", request.state.clone())];
    match form.get("decision").map(String::as_str) {
        Some("approve") => {
            let code = world.issue_secret("code-");
            query.insert(0, ("code", code.clone()));
            world.codes.insert(code, request.clone());
        }
        _ => query.insert(0, ("error", "access_denied".to_owned())),
    }
    let encoded = serde_urlencoded::to_string(&query).unwrap_or_default();
    let location = format!("{}?{encoded}", request.redirect_uri);
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects_match_whatever_the_port() {
        assert_eq!(
            loopback_without_port("http://127.0.0.1:54321/oauth/callback").as_deref(),
            Some("http://127.0.0.1/oauth/callback")
        );
        assert_eq!(
            loopback_without_port("http://127.0.0.1/oauth/callback").as_deref(),
            Some("http://127.0.0.1/oauth/callback")
        );
        assert_eq!(loopback_without_port("http://127.0.0.1.evil.com/x"), None);
        assert_eq!(loopback_without_port("http://127.0.0.1:/x"), None);
        assert_eq!(
            loopback_without_port("https://example.com/oauth/callback"),
            None
        );
    }

    #[test]
    fn page_text_is_escaped() {
        assert_eq!(
            escape("<script>\"x\"&'"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;"
        );
    }
}
