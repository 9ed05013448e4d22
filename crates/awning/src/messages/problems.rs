//! A [`Problem`] in words: one sentence per code from the catalogue, its parameters
//! filled in. Every code is matched here, so a new one needs its words first.

use super::{Catalogue, name_of};
use crate::problem::{FieldProblem, FieldRule, Problem, Service};

/// What happened, in the catalogue's language.
pub fn describe_problem(catalogue: Catalogue, problem: &Problem) -> String {
    let text = |key: &str, args: &[(&str, &str)]| catalogue.text(&format!("problem.{key}"), args);
    match problem {
        Problem::KeychainLocked => text("keychain-locked", &[]),
        Problem::KeychainUnavailable { detail } => {
            text("keychain-unavailable", &[("detail", detail)])
        }
        Problem::KeychainTimeout { seconds } => {
            text("keychain-timeout", &[("seconds", &seconds.to_string())])
        }
        Problem::KeychainFailed { detail } => text("keychain-failed", &[("detail", detail)]),
        Problem::KeychainItemUnreadable { item } => {
            text("keychain-item-unreadable", &[("item", item)])
        }
        Problem::NeedsSignIn { session: None } => text("needs-sign-in", &[]),
        Problem::NeedsSignIn {
            session: Some(session),
        } => text("needs-sign-in-session", &[("session", session)]),
        Problem::SignInDenied => text("sign-in-denied", &[]),
        Problem::SignInCancelled => text("sign-in-cancelled", &[]),
        Problem::SignInExpired => text("sign-in-expired", &[]),
        Problem::SignInCodeUnreadable => text("sign-in-code-unreadable", &[]),
        Problem::SignInStateMismatch => text("sign-in-state-mismatch", &[]),
        Problem::SessionRevoked { session } => text("session-revoked", &[("session", session)]),
        Problem::SignInKeyRejected { session } => {
            text("sign-in-key-rejected", &[("session", session)])
        }
        Problem::EndpointChanged {
            session,
            service,
            signed_in_at,
            configured,
        } => text(
            "endpoint-changed",
            &[
                ("session", session),
                ("service", &service_name(catalogue, *service)),
                ("signedInAt", signed_in_at),
                ("configured", configured),
            ],
        ),
        Problem::SignedInAsOther {
            expected,
            signed_in,
        } => text(
            "signed-in-as-other",
            &[("expected", expected), ("signedIn", signed_in)],
        ),
        Problem::InsecureEndpoint { url } => text("insecure-endpoint", &[("url", url)]),
        Problem::PermissionMissing { action } => text("permission-missing", &[("action", action)]),
        Problem::SignInBusy { seconds } => {
            text("sign-in-busy", &[("seconds", &seconds.to_string())])
        }
        Problem::LoopbackUnavailable { detail } => {
            text("loopback-unavailable", &[("detail", detail)])
        }
        Problem::NetworkUnreachable {
            service,
            detail: None,
        } => text(
            "network-unreachable-plain",
            &[("service", &service_name(catalogue, *service))],
        ),
        Problem::NetworkUnreachable {
            service,
            detail: Some(detail),
        } => text(
            "network-unreachable",
            &[
                ("service", &service_name(catalogue, *service)),
                ("detail", detail),
            ],
        ),
        Problem::ServiceError { service, detail } => text(
            "service-error",
            &[
                ("service", &service_name(catalogue, *service)),
                ("detail", detail),
            ],
        ),
        Problem::Throttled { service } => text(
            "throttled",
            &[("service", &service_name(catalogue, *service))],
        ),
        Problem::ConfigInvalid {
            file,
            line,
            section,
            key,
            rule,
        } => {
            let place = place(catalogue, file, *line);
            let args = [
                ("section", section.as_str()),
                ("key", key.as_deref().unwrap_or("")),
                ("place", place.as_str()),
            ];
            text(&format!("config-invalid.{}", name_of(rule)), &args)
        }
        Problem::ConfigUnreadable { file, detail } => {
            text("config-unreadable", &[("file", file), ("detail", detail)])
        }
        Problem::ConfigNotText { file } => text("config-not-text", &[("file", file)]),
        Problem::ConfigChanged { file } => text("config-changed", &[("file", file)]),
        Problem::PreviewOutdated { file } => text("preview-outdated", &[("file", file)]),
        Problem::ClipboardUnavailable { .. } => text("clipboard-unavailable", &[]),
        Problem::ConfigNotLocated => text("config-not-located", &[]),
        Problem::NothingToUndo { file } => text("nothing-to-undo", &[("file", file)]),
        Problem::UndoConflict { file, backup } => {
            text("undo-conflict", &[("file", file), ("backup", backup)])
        }
        Problem::NoAccessKey { profile } => text("no-access-key", &[("profile", profile)]),
        Problem::TemporaryKeys { profile } => text("temporary-keys", &[("profile", profile)]),
        Problem::KeyNotKept { profile } => text("key-not-kept", &[("profile", profile)]),
        Problem::NeedsMfaCode { profile } => text("needs-mfa-code", &[("profile", profile)]),
        Problem::MfaCodeRefused => text("mfa-code-refused", &[]),
        Problem::UndoSecretGone { file, line } => text(
            "undo-secret-gone",
            &[("file", file), ("line", &line.to_string())],
        ),
        Problem::NotFound { thing, name } => {
            text(&format!("not-found.{}", name_of(thing)), &[("name", name)])
        }
        Problem::AlreadyExists { thing, name } => text(
            &format!("already-exists.{}", name_of(thing)),
            &[("name", name)],
        ),
        Problem::InvalidFields { fields } => {
            let broken: Vec<String> = fields
                .iter()
                .map(|field| describe_field(catalogue, field))
                .collect();
            text("invalid-fields", &[("fields", &broken.join(", "))])
        }
        Problem::SessionInUse { session, profiles } => text(
            "session-in-use",
            &[("session", session), ("profiles", &profiles.join(", "))],
        ),
        Problem::NoRole { profile } => text("no-role", &[("profile", profile)]),
        Problem::CredentialsUnavailable { profile, detail } => text(
            "credentials-unavailable",
            &[("profile", profile), ("detail", detail)],
        ),
        Problem::NoRegion { profile } => text("no-region", &[("profile", profile)]),
        Problem::ToolFileUnparsable { file, line } => text(
            "tool-file-unparsable",
            &[("place", &place(catalogue, file, *line))],
        ),
        Problem::ProjectScopeUnsupported { tool } => {
            text("project-scope-unsupported", &[("tool", tool)])
        }
        Problem::ProjectScopeRequired { tool } => text("project-scope-required", &[("tool", tool)]),
        Problem::NamespaceUnsupported { tool } => text("namespace-unsupported", &[("tool", tool)]),
        Problem::FileUnusable { path, detail } => {
            text("file-unusable", &[("path", path), ("detail", detail)])
        }
        Problem::DataFolderUnknown => text("data-folder-unknown", &[]),
        Problem::UnknownSecretStore { value } => text("unknown-secret-store", &[("value", value)]),
        Problem::SettingsDamaged { file } => text("settings-damaged", &[("file", file)]),
        Problem::StartAtLoginFailed { detail } => {
            text("start-at-login-failed", &[("detail", detail)])
        }
        Problem::Internal => text("internal", &[]),
    }
}

/// `~/.npmrc, line 3`, or the file alone.
fn place(catalogue: Catalogue, file: &str, line: Option<u32>) -> String {
    match line {
        Some(line) => catalogue.text(
            "location.file-line",
            &[("file", file), ("line", &line.to_string())],
        ),
        None => catalogue.text("location.file", &[("file", file)]),
    }
}

/// "domain is empty": the field and the rule it breaks.
fn describe_field(catalogue: Catalogue, problem: &FieldProblem) -> String {
    let field = catalogue.text(&format!("field.{}", kebab(&name_of(problem.field))), &[]);
    let rule = serde_json::to_value(&problem.rule)
        .ok()
        .and_then(|value| value.get("rule")?.as_str().map(str::to_owned))
        .unwrap_or_default();
    let key = match &problem.rule {
        FieldRule::BadKey { key }
        | FieldRule::RepeatedKey { key }
        | FieldRule::FormKey { key }
        | FieldRule::BadValue { key } => key.as_str(),
        _ => "",
    };
    let (value, min, max, scope) = match &problem.rule {
        FieldRule::OutOfRange { value, min, max } => (
            value.to_string(),
            min.to_string(),
            max.to_string(),
            String::new(),
        ),
        FieldRule::NotScope { scope } => {
            (String::new(), String::new(), String::new(), scope.clone())
        }
        _ => Default::default(),
    };
    catalogue.text(
        &format!("field-rule.{rule}"),
        &[
            ("field", &field),
            ("value", &value),
            ("min", &min),
            ("max", &max),
            ("scope", &scope),
            ("key", key),
        ],
    )
}

/// `domainOwner` as the catalogue's keys spell it: `domain-owner`.
fn kebab(camel: &str) -> String {
    let mut kebab = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            kebab.push('-');
            kebab.push(c.to_ascii_lowercase());
        } else {
            kebab.push(c);
        }
    }
    kebab
}

fn service_name(catalogue: Catalogue, service: Service) -> String {
    catalogue.text(&format!("service.{}", name_of(service)), &[])
}
