//! pip and twine (aws-auth-protocols.md §8.5, codeartifact-tools.md): pip's index URL
//! carries the token as its password; twine's `.pypirc` names a `codeartifact` server.

use super::{Change, Choices, FileEdit, Format, Machine, TOKEN, Tool, host_and_path};

/// The name of the server twine uploads to with `twine upload -r codeartifact`.
pub const TWINE_SERVER: &str = "codeartifact";

pub(super) fn edits(
    tool: Tool,
    endpoint: &str,
    machine: &Machine,
    choices: &Choices,
) -> Vec<FileEdit> {
    match tool {
        Tool::Twine => vec![FileEdit {
            path: machine.pypirc(),
            format: Format::Ini,
            changes: vec![
                Change::section("distutils"),
                Change::Item {
                    section: Some("distutils".to_owned()),
                    key: "index-servers".to_owned(),
                    item: TWINE_SERVER.to_owned(),
                    marker: TWINE_SERVER.to_owned(),
                },
                Change::section(TWINE_SERVER),
                Change::entry(
                    Some(TWINE_SERVER),
                    "repository",
                    format!("repository = {endpoint}"),
                ),
                Change::entry(Some(TWINE_SERVER), "username", "username = aws".to_owned()),
                Change::entry(
                    Some(TWINE_SERVER),
                    "password",
                    format!("password = {TOKEN}"),
                ),
            ],
        }],
        _ => {
            let (scheme, rest) = endpoint.split_once("://").unwrap_or(("https", endpoint));
            let index = format!("{scheme}://aws:{TOKEN}@{rest}simple/");
            let index_change = if choices.keep_pypi {
                Change::Item {
                    section: Some("global".to_owned()),
                    key: "extra-index-url".to_owned(),
                    item: index,
                    marker: format!("@{}simple/", host_and_path(endpoint)),
                }
            } else {
                Change::entry(Some("global"), "index-url", format!("index-url = {index}"))
            };
            vec![FileEdit {
                path: machine.pip_conf(),
                format: Format::Ini,
                changes: vec![Change::section("global"), index_change],
            }]
        }
    }
}
