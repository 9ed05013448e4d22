//! Cargo (codeartifact-tools.md): a `[registries.NAME]` with the sparse index and a
//! credential provider that runs `awning codeartifact token`, so no file ever holds the
//! token and Cargo always gets a fresh one — for the user (`~/.cargo/config.toml`) or a
//! project (`.cargo/config.toml`) alike.

use super::{Change, FileEdit, Format, Machine, PlanError, Scope, Target};

pub(super) fn edits(
    target: &Target,
    machine: &Machine,
    scope: &Scope,
) -> Result<Vec<FileEdit>, PlanError> {
    if target.profile.contains(char::is_whitespace) {
        return Err(PlanError::SpacedProfile(target.profile.clone()));
    }
    let repository = &target.repository;
    let name = target.name();
    let table = ["registries", name.as_str()];
    let owner = repository
        .owner
        .as_ref()
        .map(|owner| format!(" --domain-owner {owner}"))
        .unwrap_or_default();
    let provider = format!(
        "cargo:token-from-stdout awning codeartifact token --domain {}{owner} --region {} --profile {}",
        repository.domain, repository.region, target.profile
    );
    let path = match scope {
        Scope::User => machine.cargo_config(),
        Scope::Project(folder) => folder.join(".cargo").join("config.toml"),
    };
    Ok(vec![FileEdit {
        path,
        format: Format::Toml,
        changes: vec![
            Change::toml_table(&table),
            Change::toml_value(
                &table,
                "index",
                toml_string(&format!("sparse+{}", target.endpoint)),
            ),
            Change::toml_value(&table, "credential-provider", toml_string(&provider)),
        ],
    }])
}

/// `text` as a TOML string.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}
