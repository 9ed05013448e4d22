//! npm, pnpm and Yarn 1: `.npmrc` (aws-auth-protocols.md §8.5, codeartifact-tools.md).
//! The registry line, and the token keyed by the registry's host and path; never
//! `always-auth`, which npm 9 and later reject, except the top-level one Yarn 1 needs.

use super::{
    Change, Choices, FileEdit, Format, Machine, PlanError, Scope, TOKEN, Tool, host_and_path,
};

pub(super) fn edits(
    tool: Tool,
    endpoint: &str,
    machine: &Machine,
    scope: &Scope,
    choices: &Choices,
) -> Result<Vec<FileEdit>, PlanError> {
    let registry_key = match &choices.namespace {
        Some(namespace) => format!("{}:registry", npm_scope(namespace)?),
        None => "registry".to_owned(),
    };
    let registry = Change::entry(None, &registry_key, format!("{registry_key}={endpoint}"));
    let auth_key = format!("//{}:_authToken", host_and_path(endpoint));
    let mut auth = vec![Change::entry(
        None,
        &auth_key,
        format!("{auth_key}={TOKEN}"),
    )];
    if tool == Tool::Yarn {
        auth.push(Change::entry(
            None,
            "always-auth",
            "always-auth=true".to_owned(),
        ));
    }
    let user = machine.npmrc();
    Ok(match scope {
        Scope::User => vec![FileEdit {
            path: user,
            format: Format::Ini,
            changes: [vec![registry], auth].concat(),
        }],
        Scope::Project(folder) => vec![
            FileEdit {
                path: folder.join(".npmrc"),
                format: Format::Ini,
                changes: vec![registry],
            },
            FileEdit {
                path: user,
                format: Format::Ini,
                changes: auth,
            },
        ],
    })
}

/// `@acme` from `acme` or `@acme`, checked as the AWS CLI does.
pub(super) fn npm_scope(namespace: &str) -> Result<String, PlanError> {
    let scope = if namespace.starts_with('@') {
        namespace.to_owned()
    } else {
        format!("@{namespace}")
    };
    let mut rest = scope[1..].bytes();
    let first_ok = rest.next().is_some_and(|byte| {
        byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"-~".contains(&byte)
    });
    let rest_ok = rest
        .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"-._~".contains(&byte));
    if first_ok && rest_ok {
        Ok(scope)
    } else {
        Err(PlanError::BadNamespace(namespace.to_owned()))
    }
}
