//! Gradle (codeartifact-tools.md): the token as a property in the user's
//! `gradle.properties`, which Awning renews, and the repository block for the build,
//! shown for the person to paste — Awning does not edit build scripts.

use super::{Change, FileEdit, Format, Machine, TOKEN, Target};

pub(super) fn edits(target: &Target, machine: &Machine) -> Vec<FileEdit> {
    let property = property(target);
    vec![FileEdit {
        path: machine.gradle_properties(),
        format: Format::Ini,
        changes: vec![Change::entry(
            None,
            &property,
            format!("{property}={TOKEN}"),
        )],
    }]
}

/// The repository block for `build.gradle.kts`, reading the token from the property.
pub(super) fn snippet(target: &Target) -> String {
    format!(
        "repositories {{\n    maven {{\n        url = uri(\"{}\")\n        credentials {{\n            username = \"aws\"\n            password = providers.gradleProperty(\"{}\").get()\n        }}\n    }}\n}}\n",
        target.endpoint,
        property(target)
    )
}

/// `codeartifact.acme-packages.token`: one property per repository.
fn property(target: &Target) -> String {
    format!("codeartifact.{}.token", target.name())
}
