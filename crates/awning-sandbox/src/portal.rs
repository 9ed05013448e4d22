//! The IAM Identity Center portal: ListAccounts, ListAccountRoles, GetRoleCredentials,
//! Logout. Every call carries the access token in `x-amz-sso_bearer_token`.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use crate::error::AwsError;
use crate::state::{Identity, Shared, World, now};

type Reply = Result<Json<Value>, AwsError>;
type Params = Query<HashMap<String, String>>;

/// The most results one page may hold (the service's own limit).
const MAX_RESULTS: usize = 100;

/// The session of the bearer token, or `UnauthorizedException`.
fn session(world: &World, headers: &HeaderMap) -> Result<String, AwsError> {
    let token = headers
        .get("x-amz-sso_bearer_token")
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| AwsError::unauthorized("x-amz-sso_bearer_token is required"))?;
    world
        .live_session(token)
        .map(str::to_owned)
        .ok_or_else(|| AwsError::unauthorized("Session token not found or invalid"))
}

/// The reply holding one page of `items` under `key`, from `next_token` (an offset), at
/// most `max_result` of them, with `nextToken` when more remain.
fn paginated(key: &str, items: Vec<Value>, params: &HashMap<String, String>) -> Reply {
    let limit = match params.get("max_result") {
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|limit| (1..=MAX_RESULTS).contains(limit))
            .ok_or_else(|| {
                AwsError::invalid_portal_request("max_result must be between 1 and 100")
            })?,
        None => MAX_RESULTS,
    };
    let start = match params.get("next_token") {
        Some(token) => token
            .parse::<usize>()
            .ok()
            .filter(|start| *start < items.len())
            .ok_or_else(|| AwsError::invalid_portal_request("next_token is not valid"))?,
        None => 0,
    };
    let end = (start + limit).min(items.len());
    let mut reply = json!({ key: items[start..end] });
    if end < items.len() {
        reply["nextToken"] = json!(end.to_string());
    }
    Ok(Json(reply))
}

pub async fn list_accounts(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(params): Params,
) -> Reply {
    let world = shared.lock();
    session(&world, &headers)?;
    let accounts: Vec<Value> = world
        .scenario
        .all_accounts()
        .map(|account| json!({ "accountId": account.id, "accountName": account.name, "emailAddress": account.email }))
        .collect();
    paginated("accountList", accounts, &params)
}

pub async fn list_account_roles(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(params): Params,
) -> Reply {
    let world = shared.lock();
    session(&world, &headers)?;
    let account_id = params
        .get("account_id")
        .ok_or_else(|| AwsError::invalid_portal_request("account_id is required"))?;
    let account = world
        .scenario
        .account(account_id)
        .ok_or_else(|| not_found(account_id))?;
    let roles: Vec<Value> = account
        .roles
        .iter()
        .map(|role| json!({ "roleName": role, "accountId": account.id }))
        .collect();
    paginated("roleList", roles, &params)
}

fn not_found(account_id: &str) -> AwsError {
    AwsError::message(
        StatusCode::NOT_FOUND,
        "ResourceNotFoundException",
        &format!("no account {account_id} is assigned to this user"),
    )
}

pub async fn get_role_credentials(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(params): Params,
) -> Reply {
    let mut world = shared.lock();
    session(&world, &headers)?;
    let (Some(account_id), Some(role_name)) = (params.get("account_id"), params.get("role_name"))
    else {
        return Err(AwsError::invalid_portal_request(
            "account_id and role_name are required",
        ));
    };
    let account = world
        .scenario
        .account(account_id)
        .ok_or_else(|| not_found(account_id))?;
    if !account.roles.contains(role_name) {
        return Err(AwsError::message(
            StatusCode::FORBIDDEN,
            "ForbiddenException",
            &format!("role {role_name} is not assigned to this user in account {account_id}"),
        ));
    }
    let user = world.scenario.identity_center.user.clone();
    let expires_at = now() + world.scenario.lifetimes.role_credentials;
    let identity = Identity {
        arn: format!(
            "arn:aws:sts::{}:assumed-role/AWSReservedSSO_{role_name}_0123456789abcdef/{user}",
            account.id
        ),
        user_id: format!("AROASANDBOX{}:{user}", account.id),
        account_id: account.id,
        expires_at,
    };
    let (access_key_id, secret_access_key, session_token) = world.issue_credentials(identity);
    Ok(Json(json!({ "roleCredentials": {
        "accessKeyId": access_key_id,
        "secretAccessKey": secret_access_key,
        "sessionToken": session_token,
        "expiration": expires_at * 1000,
    }})))
}

/// Ends the sign-in: its access and refresh tokens stop working.
pub async fn logout(
    State(shared): State<Shared>,
    headers: HeaderMap,
) -> Result<StatusCode, AwsError> {
    let mut world = shared.lock();
    let session_id = session(&world, &headers)?;
    if let Some(session) = world.sessions.get_mut(&session_id) {
        session.revoked = true;
    }
    Ok(StatusCode::OK)
}
