//! Every field of the profile form checked before anything is written: each problem
//! named by its field and the rule it breaks, for the window to show under the field.

use crate::aws_names::{is_account_id, is_iam_name_char};
use crate::config::ConfigView;
use crate::config::validate::is_name_char;
use crate::problem::{Field, FieldProblem, FieldRule};
use crate::sso::session_form::{check_name, check_start_url, is_region};

use super::form::{AssumeRole, Credentials, FORM_KEYS, ProfileForm, RoleSource};
use super::rows::RoleArn;

const OUTPUTS: [&str; 5] = ["json", "text", "table", "yaml", "yaml-stream"];
const CREDENTIAL_SOURCES: [&str; 3] = ["Environment", "Ec2InstanceMetadata", "EcsContainer"];

/// What is wrong with `form`, checked against the files' `view`. `original` is the name
/// of the profile being edited (`None` for a new one); `has_secret` says whether the
/// files hold its secret key already.
pub fn problems(
    form: &ProfileForm,
    view: &ConfigView,
    original: Option<&str>,
    has_secret: bool,
) -> Vec<FieldProblem> {
    let mut found = Vec::new();
    let mut problem = |field, rule| found.push(FieldProblem { field, rule });
    let name = form.section_name();
    let taken: Vec<String> = view
        .profiles
        .iter()
        .map(|profile| profile.name.clone())
        .filter(|other| Some(other.as_str()) != original)
        .collect();
    if let Err(rule) = check_name(name, &taken) {
        problem(Field::Name, rule);
    }
    match &form.credentials {
        Credentials::SsoSession {
            session,
            account_id,
            role_name,
        } => {
            let session = session.trim();
            if session.is_empty() {
                problem(Field::SsoSession, FieldRule::Empty);
            } else if view.sso_session(session).is_none() {
                problem(Field::SsoSession, FieldRule::UnknownSession);
            }
            account_and_role(account_id, role_name, &mut problem);
        }
        Credentials::LegacySso {
            start_url,
            sso_region,
            account_id,
            role_name,
        } => {
            if let Err(rule) = check_start_url(start_url.trim()) {
                problem(Field::StartUrl, rule);
            }
            if !is_region(sso_region.trim()) {
                problem(Field::SsoRegion, FieldRule::NotRegion);
            }
            account_and_role(account_id, role_name, &mut problem);
        }
        Credentials::ConsoleLogin { login_session } => {
            if !login_session.trim().starts_with("arn:") {
                problem(Field::LoginSession, FieldRule::NotArn);
            }
        }
        Credentials::CredentialProcess { command } => {
            if command.trim().is_empty() {
                problem(Field::CredentialProcess, FieldRule::Empty);
            }
        }
        Credentials::AssumeRole(role) => assume_role(role, name, view, &mut problem),
        Credentials::WebIdentity {
            role_arn,
            token_file,
            session_name,
        } => {
            if RoleArn::parse(role_arn.trim()).is_none() {
                problem(Field::RoleArn, FieldRule::NotArn);
            }
            let token_file = token_file.trim();
            if token_file.is_empty() {
                problem(Field::WebIdentityTokenFile, FieldRule::Empty);
            } else if !std::path::Path::new(token_file).is_absolute() {
                problem(Field::WebIdentityTokenFile, FieldRule::NotAbsolute);
            }
            session_name_rule(session_name, &mut problem);
        }
        Credentials::StaticKeys {
            access_key_id,
            secret_access_key,
            ..
        } => {
            if !is_access_key_id(access_key_id.trim()) {
                problem(Field::AccessKeyId, FieldRule::NotAccessKeyId);
            }
            let typed = secret_access_key
                .as_ref()
                .map(|secret| secret.expose().trim());
            match typed {
                None if !has_secret => problem(Field::SecretAccessKey, FieldRule::Empty),
                Some("") => problem(Field::SecretAccessKey, FieldRule::Empty),
                Some(secret) if secret.chars().any(char::is_whitespace) => {
                    problem(Field::SecretAccessKey, FieldRule::BadCharacters);
                }
                _ => {}
            }
        }
        Credentials::None => {}
    }
    let region = form.region.trim();
    if !region.is_empty() && !is_region(region) {
        problem(Field::Region, FieldRule::NotRegion);
    }
    let output = form.output.trim();
    if !output.is_empty() && !OUTPUTS.contains(&output) {
        problem(Field::Output, FieldRule::NotOutput);
    }
    for rule in other_key_rules(&form.other) {
        problem(Field::OtherKeys, rule);
    }
    found
}

fn account_and_role(account_id: &str, role_name: &str, problem: &mut impl FnMut(Field, FieldRule)) {
    let account_id = account_id.trim();
    if !is_account_id(account_id) {
        problem(Field::AccountId, FieldRule::NotAccount);
    }
    match role_name.trim() {
        "" => problem(Field::RoleName, FieldRule::Empty),
        role if !role.chars().all(is_iam_name_char) => {
            problem(Field::RoleName, FieldRule::BadCharacters);
        }
        _ => {}
    }
}

fn assume_role(
    role: &AssumeRole,
    name: &str,
    view: &ConfigView,
    problem: &mut impl FnMut(Field, FieldRule),
) {
    if RoleArn::parse(role.role_arn.trim()).is_none() {
        problem(Field::RoleArn, FieldRule::NotArn);
    }
    match &role.source {
        RoleSource::Profile(source) => {
            let source = source.trim();
            if source.is_empty() {
                problem(Field::SourceProfile, FieldRule::Empty);
            } else if source == name || leads_back(view, source, name) {
                problem(Field::SourceProfile, FieldRule::Loop);
            } else if view.profile(source).is_none() {
                problem(Field::SourceProfile, FieldRule::UnknownProfile);
            }
        }
        RoleSource::CredentialSource(source) => {
            if !CREDENTIAL_SOURCES.contains(&source.trim()) {
                problem(Field::CredentialSource, FieldRule::NotCredentialSource);
            }
        }
    }
    let duration = role.duration_seconds.trim();
    if !duration.is_empty() {
        match duration.parse::<u32>() {
            Ok(seconds) if (900..=43_200).contains(&seconds) => {}
            parsed => problem(
                Field::DurationSeconds,
                FieldRule::OutOfRange {
                    value: parsed.unwrap_or(0),
                    min: 900,
                    max: 43_200,
                },
            ),
        }
    }
    let external_id = role.external_id.trim();
    if !external_id
        .chars()
        .all(|c| is_iam_name_char(c) || c == ':' || c == '/')
    {
        problem(Field::ExternalId, FieldRule::BadCharacters);
    }
    session_name_rule(&role.session_name, problem);
}

/// Whether the chain of `source_profile`s from `source` reaches `name`.
fn leads_back(view: &ConfigView, source: &str, name: &str) -> bool {
    match view.source_chain(source) {
        Ok(chain) => chain.iter().any(|profile| profile.name == name),
        Err(_) => false,
    }
}

fn session_name_rule(session_name: &str, problem: &mut impl FnMut(Field, FieldRule)) {
    let session_name = session_name.trim();
    if !session_name.chars().all(is_iam_name_char) {
        problem(Field::RoleSessionName, FieldRule::BadCharacters);
    }
}

/// The characters IAM allows in role and session names: `\w+=,.@-`.
/// `AKIA…` or `ASIA…` and 16 more capitals or digits.
fn is_access_key_id(id: &str) -> bool {
    id.len() == 20
        && (id.starts_with("AKIA") || id.starts_with("ASIA"))
        && id
            .bytes()
            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit())
}

/// The rows of other keys: each a key the files can hold, once, and not one a field
/// stands for.
fn other_key_rules(other: &[(String, String)]) -> Vec<FieldRule> {
    let mut rules = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in other {
        let key = key.trim();
        let lowered = key.to_ascii_lowercase();
        if key.is_empty() || !key.chars().all(|c| is_name_char(c) && c != '/') {
            rules.push(FieldRule::BadKey {
                key: key.to_owned(),
            });
        } else if FORM_KEYS.contains(&lowered.as_str()) {
            rules.push(FieldRule::FormKey {
                key: key.to_owned(),
            });
        } else if seen.contains(&lowered) {
            rules.push(FieldRule::RepeatedKey {
                key: key.to_owned(),
            });
        } else if value.contains(['\n', '\r']) || value.contains(" #") || value.contains(" ;") {
            rules.push(FieldRule::BadValue {
                key: key.to_owned(),
            });
        }
        seen.push(lowered);
    }
    rules
}
