//! AWS CodeArtifact: GetAuthorizationToken and GetRepositoryEndpoint for the domains and
//! repositories of the scenario. Tokens can be minted so that real local registries
//! accept them (see `scenario::Domain`).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use crate::caller::{CallerError, caller, signing_region};
use crate::error::AwsError;
use crate::jwt;
use crate::scenario::Domain;
use crate::state::{Identity, Shared, World, now, random_token};

type Reply = Result<Json<Value>, AwsError>;
type Params = Query<HashMap<String, String>>;

const FORMATS: [&str; 8] = [
    "npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo",
];

fn validation(message: &str) -> AwsError {
    AwsError::message(StatusCode::BAD_REQUEST, "ValidationException", message)
}

fn not_found(message: &str) -> AwsError {
    AwsError::message(StatusCode::NOT_FOUND, "ResourceNotFoundException", message)
}

fn signed_caller<'a>(world: &'a World, headers: &HeaderMap) -> Result<&'a Identity, AwsError> {
    caller(world, headers).map_err(|error| match error {
        CallerError::Unknown => AwsError::message(
            StatusCode::FORBIDDEN,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ),
        CallerError::Expired => AwsError::message(
            StatusCode::FORBIDDEN,
            "ExpiredTokenException",
            "The security token included in the request is expired",
        ),
    })
}

/// The domain named by `domain` (and `domain-owner`, when given).
fn domain<'a>(world: &'a World, params: &HashMap<String, String>) -> Result<&'a Domain, AwsError> {
    let name = params
        .get("domain")
        .ok_or_else(|| validation("domain is required"))?;
    let owner = params.get("domain-owner");
    world
        .scenario
        .codeartifact
        .domains
        .iter()
        .find(|domain| &domain.name == name && owner.is_none_or(|owner| *owner == domain.owner))
        .ok_or_else(|| not_found(&format!("Domain {name} not found")))
}

/// `POST /v1/authorization-token?domain=..[&domain-owner=..][&duration=..]`
pub async fn get_authorization_token(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(params): Params,
) -> Reply {
    let mut world = shared.lock();
    let caller_expires_at = signed_caller(&world, &headers)?.expires_at;
    let domain = domain(&world, &params)?.clone();
    let expires_at = match params.get("duration").map(|text| text.parse::<u64>()) {
        None => now() + world.scenario.lifetimes.codeartifact_token,
        // 0: the token ends with the caller's session.
        Some(Ok(0)) => caller_expires_at,
        Some(Ok(seconds)) if (900..=43_200).contains(&seconds) => now() + seconds,
        Some(_) => {
            return Err(validation(
                "duration must be 0 or between 900 and 43200 seconds",
            ));
        }
    };
    let token = match &domain.verdaccio_secret {
        // What verdaccio puts in the tokens it signs itself: a signed-in user's groups.
        Some(secret) => jwt::hs256(
            &json!({
                "name": "aws",
                "groups": ["$all", "$authenticated", "@all", "@authenticated", "all"],
                "real_groups": [],
                "iat": now(),
                "exp": expires_at,
            }),
            secret.as_bytes(),
        ),
        None => random_token("codeartifact-"),
    };
    world.issued.push(token.clone());
    let htpasswd = domain.htpasswd.clone();
    // No file I/O while every other request waits on the world.
    drop(world);
    if let Some(path) = &htpasswd {
        write_htpasswd(path, &token).map_err(|error| {
            AwsError::message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerException",
                &format!("cannot write {}: {error}", path.display()),
            )
        })?;
    }
    Ok(Json(
        json!({ "authorizationToken": token, "expiration": expires_at }),
    ))
}

/// Replaces the htpasswd file with one holding user `aws` and `token` as its password
/// (passlib's plaintext form), through a rename so a reader never sees half a file.
fn write_htpasswd(path: &Path, token: &str) -> std::io::Result<()> {
    let staging = path.with_extension("awning-sandbox-staging");
    let mut file = std::fs::File::create(&staging)?;
    writeln!(file, "aws:{token}")?;
    file.sync_all()?;
    std::fs::rename(&staging, path)
}

/// `GET /v1/repository/endpoint?domain=..&repository=..&format=..`
pub async fn get_repository_endpoint(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(params): Params,
) -> Reply {
    let world = shared.lock();
    signed_caller(&world, &headers)?;
    let domain = domain(&world, &params)?;
    let (Some(name), Some(format)) = (params.get("repository"), params.get("format")) else {
        return Err(validation("repository and format are required"));
    };
    if !FORMATS.contains(&format.as_str()) {
        return Err(validation(&format!(
            "format must be one of {}",
            FORMATS.join(", ")
        )));
    }
    let repository = domain
        .repositories
        .iter()
        .find(|repository| &repository.name == name)
        .ok_or_else(|| not_found(&format!("Repository {name} not found")))?;
    let endpoint = repository
        .endpoints
        .get(format)
        .cloned()
        .unwrap_or_else(|| {
            let region = signing_region(&headers).unwrap_or("us-east-1");
            format!(
                "https://{}-{}.d.codeartifact.{region}.amazonaws.com/{format}/{}/",
                domain.name, domain.owner, repository.name
            )
        });
    Ok(Json(json!({ "repositoryEndpoint": endpoint })))
}
