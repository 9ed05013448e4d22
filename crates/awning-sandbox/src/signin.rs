//! AWS Sign-In, the service behind `aws login`: `POST /v1/token` (CreateOAuth2Token) for
//! the authorization-code and refresh-token grants. Every call must carry a DPoP proof;
//! refresh tokens work only with the key their session started with.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Map, Value, json};

use crate::dpop;
use crate::error::{AwsError, json_body, required};
use crate::jwt;
use crate::oidc::base_url;
use crate::state::{
    CodeRefusal, Identity, LoginGrant, Service, Shared, SignInSession, World, now, random_token,
};

type Reply = Result<Json<Value>, AwsError>;

pub const SAME_DEVICE: &str = "arn:aws:signin:::devtools/same-device";
pub const CROSS_DEVICE: &str = "arn:aws:signin:::devtools/cross-device";

fn invalid(message: &str) -> AwsError {
    AwsError::sign_in(
        StatusCode::BAD_REQUEST,
        "ValidationException",
        "INVALID_REQUEST",
        message,
    )
}

fn access_denied(error: &str, message: &str) -> AwsError {
    AwsError::sign_in(
        StatusCode::BAD_REQUEST,
        "AccessDeniedException",
        error,
        message,
    )
}

pub async fn create_token(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Reply {
    let body = json_body(&body, invalid)?;
    let proof = headers
        .get("dpop")
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| invalid("a DPoP header is required"))?;
    let url = format!("{}/v1/token", base_url(&headers));
    let proof = dpop::verify(proof, "POST", &url, now()).map_err(|e| invalid(&e.to_string()))?;
    let mut world = shared.lock();
    match world.faults.signin_refusal.as_deref() {
        None => {}
        Some("throttled") => {
            return Err(AwsError::sign_in(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequestsError",
                "rate_exceeded",
                "Rate exceeded",
            ));
        }
        Some(error) => {
            return Err(access_denied(error, "the sandbox refuses this on purpose"));
        }
    }
    if !world.seen_proofs.insert(proof.jti.clone()) {
        return Err(invalid(
            "the DPoP proof was already used: each request needs a new jti",
        ));
    }
    let client_id = required(&body, "clientId", invalid)?;
    if client_id != SAME_DEVICE && client_id != CROSS_DEVICE {
        return Err(invalid("clientId is not a Sign-In developer tools client"));
    }
    match required(&body, "grantType", invalid)? {
        "authorization_code" => authorization_code_grant(&mut world, &body, client_id, proof),
        "refresh_token" => refresh_token_grant(&mut world, &body, proof),
        other => Err(invalid(&format!("grantType {other} is not supported"))),
    }
}

fn authorization_code_grant(
    world: &mut World,
    body: &Map<String, Value>,
    client_id: &str,
    proof: dpop::Proof,
) -> Reply {
    let code = required(body, "code", invalid)?;
    let verifier = required(body, "codeVerifier", invalid)?;
    let redirect_uri = required(body, "redirectUri", invalid)?;
    world
        .redeem_code(Service::SignIn, code, client_id, redirect_uri, verifier)
        .map_err(|refusal| match refusal {
            CodeRefusal::UnknownUsedOrExpired => {
                access_denied("AUTHCODE_EXPIRED", refusal.message())
            }
            _ => invalid(refusal.message()),
        })?;
    let session = random_token("login-session-");
    let expires_at = now() + world.scenario.lifetimes.login_session;
    world.sessions.insert(
        session.clone(),
        SignInSession {
            expires_at,
            revoked: false,
        },
    );
    let mut reply = issue(world, &session, proof.thumbprint);
    reply["idToken"] = json!(id_token(world, client_id));
    Ok(Json(reply))
}

fn refresh_token_grant(world: &mut World, body: &Map<String, Value>, proof: dpop::Proof) -> Reply {
    let refresh_token = required(body, "refreshToken", invalid)?;
    let grant = world
        .login_refresh_tokens
        .get(refresh_token)
        .cloned()
        .ok_or_else(|| access_denied("TOKEN_EXPIRED", "the refresh token is unknown"))?;
    if grant.key_thumbprint != proof.thumbprint {
        return Err(invalid(
            "the DPoP key is not the key this refresh token is bound to",
        ));
    }
    let session = world.sessions.get(&grant.session).cloned();
    match session {
        Some(session) if session.revoked => Err(access_denied(
            "USER_CREDENTIALS_CHANGED",
            "the session was revoked: sign in again",
        )),
        Some(session) if session.expires_at > now() => {
            Ok(Json(issue(world, &grant.session, grant.key_thumbprint)))
        }
        _ => Err(access_denied(
            "TOKEN_EXPIRED",
            "the session ended: sign in again",
        )),
    }
}

/// Credentials for `session`, and a new refresh token bound to the same key. Earlier
/// refresh tokens stay valid: the service makes refresh idempotent.
fn issue(world: &mut World, session: &str, key_thumbprint: String) -> Value {
    let session_end = world.sessions.get(session).map_or(0, |s| s.expires_at);
    let expires_in = world
        .scenario
        .lifetimes
        .login_credentials
        .min(session_end.saturating_sub(now()));
    let sign_in = world.scenario.sign_in.clone();
    let name = sign_in.session_arn.rsplit('/').next().unwrap_or_default();
    let identity = Identity {
        account_id: sign_in.account_id().to_owned(),
        user_id: format!("AROASANDBOXLOGIN:{name}"),
        arn: sign_in.session_arn.clone(),
        expires_at: now() + expires_in,
    };
    let (access_key_id, secret_access_key, session_token) = world.issue_credentials(identity);
    let refresh_token = world.issue_secret("login-refresh-");
    world.login_refresh_tokens.insert(
        refresh_token.clone(),
        LoginGrant {
            session: session.to_owned(),
            key_thumbprint,
        },
    );
    json!({
        "accessToken": {
            "accessKeyId": access_key_id,
            "secretAccessKey": secret_access_key,
            "sessionToken": session_token,
        },
        "tokenType": "aws_sigv4",
        "expiresIn": expires_in,
        "refreshToken": refresh_token,
    })
}

/// The id token: clients read only its `sub`, the session ARN, and do not check the
/// signature.
fn id_token(world: &World, client_id: &str) -> String {
    let arn = &world.scenario.sign_in.session_arn;
    let issued = now();
    let variant = client_id.rsplit('/').next().unwrap_or_default();
    let claims = json!({
        "sub": arn,
        "aud": format!("arn:aws:signin:::cli/{variant}"),
        "iss": "https://signin.aws.amazon.com/signin",
        "session_arn": arn,
        "exp": issued + world.scenario.lifetimes.login_credentials,
        "iat": issued,
    });
    jwt::hs256(&claims, world.id_token_key.as_bytes())
}
