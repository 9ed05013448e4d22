//! uv (codeartifact-tools.md): an `[[index]]` in `uv.toml` (the user's, or a
//! project's), never a token there — uv reads the password for the index's host from
//! `~/.netrc`, which Awning keeps (0600).

use super::{Change, Choices, FileEdit, Format, Machine, Scope, TOKEN, Target};

pub(super) fn edits(
    target: &Target,
    machine: &Machine,
    scope: &Scope,
    choices: &Choices,
) -> Vec<FileEdit> {
    let endpoint = &target.endpoint;
    let name = target.name();
    let element = format!("index[name={name}]");
    let table = [element.as_str()];
    let mut changes = vec![
        Change::toml_table(&table),
        Change::toml_value(
            &table,
            "url",
            toml_edit::Value::from(format!("{endpoint}simple/")).to_string(),
        ),
    ];
    // Keeping PyPI: the repository is one more index; else it replaces PyPI.
    if !choices.keep_pypi {
        changes.push(Change::toml_value(&table, "default", "true".to_owned()));
    }
    let uv_toml = match scope {
        Scope::User => machine.uv_toml(),
        Scope::Project(folder) => folder.join("uv.toml"),
    };
    let host = host_of(endpoint);
    let machine_key = format!("machine {host}");
    vec![
        FileEdit {
            path: uv_toml,
            format: Format::Toml,
            changes,
        },
        FileEdit {
            path: machine.netrc(),
            format: Format::Netrc,
            changes: vec![Change::entry(
                None,
                &machine_key,
                format!("{machine_key} login aws password {TOKEN}"),
            )],
        },
    ]
}

/// The host of a URL, without its port: how `.netrc` names a machine.
fn host_of(endpoint: &str) -> &str {
    let rest = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or(rest);
    authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host)
}
