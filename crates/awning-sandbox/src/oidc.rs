//! IAM Identity Center OIDC: RegisterClient, StartDeviceAuthorization, CreateToken.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Map, Value, json};

use crate::error::{AwsError, json_body, required};
use crate::state::{
    AccessToken, Decision, DeviceAuthorization, Registration, Service, Shared, SignInSession,
    World, now, random_chars, random_token,
};

type Reply = Result<Json<Value>, AwsError>;

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

fn invalid(description: &str) -> AwsError {
    AwsError::invalid_oidc_request(description)
}

fn strings(body: &Map<String, Value>, member: &str) -> Vec<String> {
    body.get(member)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The base URL the client reached us on, for the links we hand out.
pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|host| host.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

pub async fn register_client(State(shared): State<Shared>, body: Bytes) -> Reply {
    let body = json_body(&body, invalid)?;
    required(&body, "clientName", invalid)?;
    if required(&body, "clientType", invalid)? != "public" {
        return Err(AwsError::oidc(
            StatusCode::BAD_REQUEST,
            "InvalidClientMetadataException",
            "invalid_client_metadata",
            "clientType must be public",
        ));
    }
    let mut world = shared.lock();
    let issued = now();
    let expires_at = issued + world.scenario.lifetimes.registration;
    let client_id = random_token("client-");
    let secret = world.issue_secret("secret-");
    world.registrations.insert(
        client_id.clone(),
        Registration {
            secret: secret.clone(),
            expires_at,
            scopes: strings(&body, "scopes"),
            grant_types: strings(&body, "grantTypes"),
            redirect_uris: strings(&body, "redirectUris"),
        },
    );
    Ok(Json(json!({
        "clientId": client_id,
        "clientSecret": secret,
        "clientIdIssuedAt": issued,
        "clientSecretExpiresAt": expires_at,
    })))
}

/// The registration behind `clientId`/`clientSecret`, or `InvalidClientException`.
fn client<'a>(world: &'a World, body: &Map<String, Value>) -> Result<&'a Registration, AwsError> {
    let id = required(body, "clientId", invalid)?;
    let secret = required(body, "clientSecret", invalid)?;
    world
        .registrations
        .get(id)
        .filter(|registration| registration.secret == secret && registration.expires_at > now())
        .ok_or_else(|| {
            AwsError::oidc(
                StatusCode::UNAUTHORIZED,
                "InvalidClientException",
                "invalid_client",
                "the client is unknown, its secret is wrong, or its registration expired",
            )
        })
}

pub async fn start_device_authorization(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let body = json_body(&body, invalid)?;
    let mut world = shared.lock();
    client(&world, &body)?;
    let start_url = required(&body, "startUrl", invalid)?;
    if start_url != world.scenario.identity_center.start_url {
        return Err(invalid(
            "startUrl is not the start URL of this Identity Center instance",
        ));
    }
    let letters = b"BCDFGHJKLMNPQRSTVWXZ";
    let user_code = format!("{}-{}", random_chars(letters, 4), random_chars(letters, 4));
    let device_code = world.issue_secret("device-");
    let lifetime = world.scenario.lifetimes.device_code;
    world.devices.insert(
        device_code.clone(),
        DeviceAuthorization {
            client_id: required(&body, "clientId", invalid)?.to_owned(),
            user_code: user_code.clone(),
            expires_at: now() + lifetime,
            decision: Decision::Pending,
            polls: 0,
        },
    );
    let page = world
        .faults
        .device_page
        .clone()
        .unwrap_or_else(|| format!("{}/device", base_url(&headers)));
    Ok(Json(json!({
        "deviceCode": device_code,
        "userCode": user_code,
        "verificationUri": page,
        "verificationUriComplete": format!("{page}?user_code={user_code}"),
        "expiresIn": lifetime,
        "interval": 1,
    })))
}

pub async fn create_token(State(shared): State<Shared>, body: Bytes) -> Reply {
    let body = json_body(&body, invalid)?;
    let mut world = shared.lock();
    let registration = client(&world, &body)?.clone();
    let client_id = required(&body, "clientId", invalid)?;
    match required(&body, "grantType", invalid)? {
        DEVICE_GRANT => device_code_grant(&mut world, &body, client_id, &registration),
        "authorization_code" => authorization_code_grant(&mut world, &body, client_id),
        "refresh_token" => refresh_token_grant(&mut world, &body),
        other => Err(AwsError::oidc(
            StatusCode::BAD_REQUEST,
            "UnsupportedGrantTypeException",
            "unsupported_grant_type",
            &format!("grantType {other} is not supported"),
        )),
    }
}

fn device_code_grant(
    world: &mut World,
    body: &Map<String, Value>,
    client_id: &str,
    registration: &Registration,
) -> Reply {
    let device_code = required(body, "deviceCode", invalid)?;
    let (slow_downs, pendings) = (world.faults.slow_down, world.faults.authorization_pending);
    let device = world
        .devices
        .get_mut(device_code)
        .filter(|device| device.client_id == client_id)
        .ok_or_else(|| invalid_grant("the device code is unknown"))?;
    device.polls += 1;
    let device = device.clone();
    if device.expires_at <= now() {
        world.devices.remove(device_code);
        return Err(AwsError::oidc(
            StatusCode::BAD_REQUEST,
            "ExpiredTokenException",
            "expired_token",
            "the device code expired",
        ));
    }
    if device.polls <= slow_downs {
        return Err(AwsError::oidc(
            StatusCode::BAD_REQUEST,
            "SlowDownException",
            "slow_down",
            "Client is polling too quickly",
        ));
    }
    let pending = AwsError::oidc(
        StatusCode::BAD_REQUEST,
        "AuthorizationPendingException",
        "authorization_pending",
        "Authorization is still pending",
    );
    if device.polls <= slow_downs + pendings {
        return Err(pending);
    }
    match device.decision {
        Decision::Pending => Err(pending),
        Decision::Denied => {
            world.devices.remove(device_code);
            Err(AwsError::oidc(
                StatusCode::BAD_REQUEST,
                "AccessDeniedException",
                "access_denied",
                "the user denied the request",
            ))
        }
        Decision::Approved => {
            world.devices.remove(device_code);
            // Without registered scopes there is no refresh token (the legacy flow).
            Ok(Json(issue_tokens(
                world,
                None,
                !registration.scopes.is_empty(),
            )))
        }
    }
}

fn authorization_code_grant(
    world: &mut World,
    body: &Map<String, Value>,
    client_id: &str,
) -> Reply {
    let code = required(body, "code", invalid)?;
    let redirect_uri = required(body, "redirectUri", invalid)?;
    let verifier = required(body, "codeVerifier", invalid)?;
    world
        .redeem_code(
            Service::IdentityCenter,
            code,
            client_id,
            redirect_uri,
            verifier,
        )
        .map_err(|refusal| invalid_grant(refusal.message()))?;
    Ok(Json(issue_tokens(world, None, true)))
}

fn refresh_token_grant(world: &mut World, body: &Map<String, Value>) -> Reply {
    let refresh_token = required(body, "refreshToken", invalid)?;
    let session_id = world
        .refresh_tokens
        .remove(refresh_token)
        .ok_or_else(|| invalid_grant("the refresh token is unknown, revoked or already used"))?;
    if !world.session_is_live(&session_id) {
        return Err(invalid_grant("the sign-in session ended: sign in again"));
    }
    Ok(Json(issue_tokens(world, Some(session_id), true)))
}

fn invalid_grant(description: &str) -> AwsError {
    AwsError::oidc(
        StatusCode::BAD_REQUEST,
        "InvalidGrantException",
        "invalid_grant",
        description,
    )
}

/// A new access token (and refresh token) for `session`, or for a new sign-in.
fn issue_tokens(world: &mut World, session: Option<String>, with_refresh: bool) -> Value {
    let lifetimes = world.scenario.lifetimes.clone();
    let session_id = session.unwrap_or_else(|| {
        let id = random_token("session-");
        let session = SignInSession {
            expires_at: now() + lifetimes.session,
            revoked: false,
        };
        world.sessions.insert(id.clone(), session);
        id
    });
    let session_end = world
        .sessions
        .get(&session_id)
        .map_or(now(), |s| s.expires_at);
    let expires_in = lifetimes
        .access_token
        .min(session_end.saturating_sub(now()));
    let access_token = world.issue_secret("access-");
    world.access_tokens.insert(
        access_token.clone(),
        AccessToken {
            session: session_id.clone(),
            expires_at: now() + expires_in,
        },
    );
    let mut reply =
        json!({ "accessToken": access_token, "tokenType": "Bearer", "expiresIn": expires_in });
    if with_refresh {
        let refresh_token = world.issue_secret("refresh-");
        world
            .refresh_tokens
            .insert(refresh_token.clone(), session_id);
        reply["refreshToken"] = json!(refresh_token);
    }
    reply
}
