//! AWS CodeArtifact: GetAuthorizationToken, GetRepositoryEndpoint, ListDomains and
//! ListRepositoriesInDomain (paginated) for the domains and repositories of the scenario. Tokens can be minted so that real local registries
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
    let caller = signed_caller(&world, &headers)?;
    let caller_expires_at = caller.expires_at;
    if let Some(action) = &world.faults.codeartifact_denied {
        let domain = params.get("domain").map_or("", String::as_str);
        return Err(AwsError::message(
            StatusCode::FORBIDDEN,
            "AccessDeniedException",
            &format!(
                "User: {} is not authorized to perform: {action} on resource: \
                 arn:aws:codeartifact:us-east-1:{}:domain/{domain}",
                caller.arn, caller.account_id
            ),
        ));
    }
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
    let password = match &domain.htpasswd_scheme {
        Some(scheme) => format!("{{{scheme}}}{token}"),
        None => token.clone(),
    };
    // No file I/O while every other request waits on the world.
    drop(world);
    if let Some(path) = &htpasswd {
        write_htpasswd(path, &password).map_err(|error| {
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

/// Replaces the htpasswd file with one holding user `aws` and `password`, through a
/// rename so a reader never sees half a file.
fn write_htpasswd(path: &Path, password: &str) -> std::io::Result<()> {
    let staging = path.with_extension("awning-sandbox-staging");
    let mut file = std::fs::File::create(&staging)?;
    writeln!(file, "aws:{password}")?;
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

/// One page of `items`: `max-results` of them (1–1000, 50 unless asked) from where
/// `next-token` says, and the token of the next page if there is one.
fn page<T: Clone>(
    items: &[T],
    max_results: Option<&Value>,
    next_token: Option<&str>,
) -> Result<(Vec<T>, Option<String>), AwsError> {
    let size = match max_results {
        None => 50,
        Some(value) => value
            .as_u64()
            .or_else(|| value.as_str().and_then(|text| text.parse().ok()))
            .filter(|size| (1..=1000).contains(size))
            .ok_or_else(|| validation("maxResults must be between 1 and 1000"))?,
    } as usize;
    let start = match next_token {
        None => 0,
        Some(token) => token
            .strip_prefix("page-")
            .and_then(|offset| offset.parse().ok())
            .filter(|offset| *offset <= items.len())
            .ok_or_else(|| validation("nextToken is not one this service gave"))?,
    };
    let end = (start + size).min(items.len());
    let next = (end < items.len()).then(|| format!("page-{end}"));
    Ok((items[start..end].to_vec(), next))
}

/// `POST /v1/domains` with `{"maxResults", "nextToken"}`: every domain of the scenario.
pub async fn list_domains(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Reply {
    let world = shared.lock();
    signed_caller(&world, &headers)?;
    let request: Value = if body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(&body).map_err(|_| validation("the body is not JSON"))?
    };
    let region = signing_region(&headers).unwrap_or("us-east-1");
    let (domains, next) = page(
        &world.scenario.codeartifact.domains,
        request.get("maxResults"),
        request.get("nextToken").and_then(Value::as_str),
    )?;
    let domains: Vec<Value> = domains
        .iter()
        .map(|domain| {
            json!({
                "name": domain.name,
                "owner": domain.owner,
                "arn": format!("arn:aws:codeartifact:{region}:{}:domain/{}", domain.owner, domain.name),
                "status": "Active",
                "createdTime": 1_700_000_000,
                "encryptionKey": format!("arn:aws:kms:{region}:{}:key/sandbox", domain.owner),
            })
        })
        .collect();
    Ok(Json(json!({ "domains": domains, "nextToken": next })))
}

/// `POST /v1/domain/repositories?domain=..[&domain-owner=..][&repository-prefix=..]
/// [&administrator-account=..][&max-results=..][&next-token=..]`
pub async fn list_repositories_in_domain(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(params): Params,
) -> Reply {
    let world = shared.lock();
    signed_caller(&world, &headers)?;
    let domain = domain(&world, &params)?;
    let prefix = params.get("repository-prefix").map_or("", String::as_str);
    let administrator = params.get("administrator-account");
    let matching: Vec<_> = domain
        .repositories
        .iter()
        .filter(|repository| repository.name.starts_with(prefix))
        .filter(|_| administrator.is_none_or(|account| *account == domain.owner))
        .collect();
    let max_results = params.get("max-results").map(|text| json!(text));
    let (repositories, next) = page(
        &matching,
        max_results.as_ref(),
        params.get("next-token").map(String::as_str),
    )?;
    let region = signing_region(&headers).unwrap_or("us-east-1");
    let repositories: Vec<Value> = repositories
        .iter()
        .map(|repository| {
            json!({
                "name": repository.name,
                "administratorAccount": domain.owner,
                "domainName": domain.name,
                "domainOwner": domain.owner,
                "arn": format!(
                    "arn:aws:codeartifact:{region}:{}:repository/{}/{}",
                    domain.owner, domain.name, repository.name
                ),
                "createdTime": 1_700_000_000,
            })
        })
        .collect();
    Ok(Json(
        json!({ "repositories": repositories, "nextToken": next }),
    ))
}
