//! Poetry (codeartifact-tools.md): a `[[tool.poetry.source]]` in the project's
//! `pyproject.toml` (primary, or supplemental so PyPI stays), and its `http-basic`
//! credentials in Poetry's `auth.toml` — never a token in `pyproject.toml`. Poetry has
//! no user-level sources, so it needs the project's folder.

use super::{Change, Choices, FileEdit, Format, Machine, PlanError, Scope, TOKEN, Target, Tool};

pub(super) fn edits(
    target: &Target,
    machine: &Machine,
    scope: &Scope,
    choices: &Choices,
) -> Result<Vec<FileEdit>, PlanError> {
    let Scope::Project(folder) = scope else {
        return Err(PlanError::NeedsProject(Tool::Poetry));
    };
    let name = target.name();
    let element = format!("source[name={name}]");
    let source = ["tool", "poetry", element.as_str()];
    let priority = if choices.keep_pypi {
        "supplemental"
    } else {
        "primary"
    };
    let credentials = ["http-basic", name.as_str()];
    let string = |text: &str| toml_edit::Value::from(text).to_string();
    Ok(vec![
        FileEdit {
            path: folder.join("pyproject.toml"),
            format: Format::Toml,
            changes: vec![
                Change::toml_table(&source),
                Change::toml_value(
                    &source,
                    "url",
                    string(&format!("{}simple/", target.endpoint)),
                ),
                Change::toml_value(&source, "priority", string(priority)),
            ],
        },
        FileEdit {
            path: machine.poetry_auth(),
            format: Format::Toml,
            changes: vec![
                Change::toml_table(&credentials),
                Change::toml_value(&credentials, "username", string("aws")),
                // The token has no character TOML would escape; the slot stays findable.
                Change::toml_value(&credentials, "password", format!("\"{TOKEN}\"")),
            ],
        },
    ])
}
