//! Maven (codeartifact-tools.md): in `~/.m2/settings.xml` a `<server>` holding the
//! token, a `<profile>` whose `<repository>` has the same id (so Maven sends that
//! server's credentials to it), and the profile among the `<activeProfiles>`. The token
//! is written into the file and renewed there rather than read from
//! `${env.CODEARTIFACT_AUTH_TOKEN}`, which a running IDE never sees change.

use super::{Change, FileEdit, Format, Machine, TOKEN, Target, XmlRoot};

pub(super) fn edits(target: &Target, machine: &Machine) -> Vec<FileEdit> {
    let id = target.name();
    let server = format!("server[id={id}]");
    let profile = format!("profile[id={id}]");
    let repository = format!("repository[id={id}]");
    let active = format!("activeProfile[.={id}]");
    vec![FileEdit {
        path: machine.maven_settings(),
        format: Format::Xml(XmlRoot::Settings),
        changes: vec![
            Change::xml_element(
                &["settings", "servers", &server, "username"],
                Some("aws".to_owned()),
            ),
            Change::xml_element(
                &["settings", "servers", &server, "password"],
                Some(TOKEN.to_owned()),
            ),
            Change::xml_element(
                &[
                    "settings",
                    "profiles",
                    &profile,
                    "repositories",
                    &repository,
                    "url",
                ],
                Some(target.endpoint.clone()),
            ),
            Change::xml_element(&["settings", "activeProfiles", &active], None),
        ],
    }]
}
