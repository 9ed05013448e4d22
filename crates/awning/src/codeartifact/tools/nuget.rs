//! NuGet and `dotnet` (codeartifact-tools.md, aws-auth-protocols.md §8.5): a source
//! named `domain/repository`, as `aws codeartifact login --tool dotnet` names it, and
//! its credentials (`Username`, `ClearTextPassword`: the only form NuGet reads off
//! Windows) in the user's `NuGet.Config`. NuGet merges the project's config with the
//! user's and finds credentials by the source's name, so project scope gives the
//! project's `nuget.config` only the source.

use std::path::{Path, PathBuf};

use super::{Change, FileEdit, Format, Machine, Scope, TOKEN, Target, XmlRoot};

/// The names NuGet looks for in a folder, in its order.
const PROJECT_FILES: [&str; 3] = ["nuget.config", "NuGet.config", "NuGet.Config"];

pub(super) fn edits(target: &Target, machine: &Machine, scope: &Scope) -> Vec<FileEdit> {
    let name = format!(
        "{}/{}",
        target.repository.domain, target.repository.repository
    );
    let source = Change::xml_element(
        &[
            "configuration",
            "packageSources",
            &format!("add[@key={name}]"),
            "@value",
        ],
        Some(format!("{}v3/index.json", target.endpoint)),
    );
    let credentials = encode_local_name(&name);
    let credential = |key: &str, value: &str| {
        Change::xml_element(
            &[
                "configuration",
                "packageSourceCredentials",
                &credentials,
                &format!("add[@key={key}]"),
                "@value",
            ],
            Some(value.to_owned()),
        )
    };
    let auth = vec![
        credential("Username", "aws"),
        credential("ClearTextPassword", TOKEN),
    ];
    let file = |path: PathBuf, changes| FileEdit {
        path,
        format: Format::Xml(XmlRoot::Configuration),
        changes,
    };
    let user = machine.nuget_config();
    match scope {
        Scope::User => vec![file(user, [vec![source], auth].concat())],
        Scope::Project(folder) => {
            vec![file(project_config(folder), vec![source]), file(user, auth)]
        }
    }
}

/// The project's config as NuGet finds it, or the name `dotnet new nugetconfig` gives.
fn project_config(folder: &Path) -> PathBuf {
    PROJECT_FILES
        .iter()
        .map(|name| folder.join(name))
        .find(|path| path.is_file())
        .unwrap_or_else(|| folder.join(PROJECT_FILES[0]))
}

/// A source name as the element that holds its credentials, as .NET's
/// `XmlConvert.EncodeLocalName` writes it: `/` (and an `_` that would read as an
/// escape) as `_xHHHH_`. Domain and repository names hold nothing else to escape.
fn encode_local_name(name: &str) -> String {
    let mut encoded = String::with_capacity(name.len() + 8);
    for (at, c) in name.char_indices() {
        let reads_as_escape = c == '_' && looks_escaped(&name[at..]);
        if c == '/' || c == ' ' || reads_as_escape {
            encoded.push_str(&format!("_x{:04X}_", u32::from(c)));
        } else {
            encoded.push(c);
        }
    }
    encoded
}

/// Whether `text` starts with `_xHHHH_`.
fn looks_escaped(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7
        && bytes[1] == b'x'
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_names_become_element_names_as_dotnet_writes_them() {
        assert_eq!(encode_local_name("acme/packages"), "acme_x002F_packages");
        assert_eq!(
            encode_local_name("acme/my_repo.v2"),
            "acme_x002F_my_repo.v2"
        );
        assert_eq!(
            encode_local_name("acme/a_x0041_"),
            "acme_x002F_a_x005F_x0041_"
        );
    }
}
