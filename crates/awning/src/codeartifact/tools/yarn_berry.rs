//! Yarn Berry (2 and later), which ignores `.npmrc` (codeartifact-tools.md):
//! `npmRegistryServer` (or `npmScopes.NS.npmRegistryServer` for a namespace) and the
//! token under `npmRegistries."URL"` in `.yarnrc.yml`. Project scope gives the project's
//! `.yarnrc.yml` only the server; the token goes to `~/.yarnrc.yml`, which Yarn merges.

use super::npm::npm_scope;
use super::{Change, Choices, FileEdit, Format, Machine, PlanError, Scope, TOKEN};

pub(super) fn edits(
    endpoint: &str,
    machine: &Machine,
    scope: &Scope,
    choices: &Choices,
) -> Result<Vec<FileEdit>, PlanError> {
    // Yarn matches registries without their trailing slash.
    let registry = endpoint.trim_end_matches('/');
    let quoted = format!("\"{registry}\"");
    let server = match &choices.namespace {
        Some(namespace) => {
            let scope_name = npm_scope(namespace)?;
            let name = scope_name.trim_start_matches('@').to_owned();
            Change::yaml_value(&["npmScopes", &name, "npmRegistryServer"], quoted)
        }
        None => Change::yaml_value(&["npmRegistryServer"], quoted),
    };
    let auth = vec![
        Change::yaml_value(
            &["npmRegistries", registry, "npmAlwaysAuth"],
            "true".to_owned(),
        ),
        Change::yaml_value(
            &["npmRegistries", registry, "npmAuthToken"],
            TOKEN.to_owned(),
        ),
    ];
    let home = machine.yarnrc();
    Ok(match scope {
        Scope::User => vec![FileEdit {
            path: home,
            format: Format::Yaml,
            changes: [vec![server], auth].concat(),
        }],
        Scope::Project(folder) => vec![
            FileEdit {
                path: folder.join(".yarnrc.yml"),
                format: Format::Yaml,
                changes: vec![server],
            },
            FileEdit {
                path: home,
                format: Format::Yaml,
                changes: auth,
            },
        ],
    })
}
