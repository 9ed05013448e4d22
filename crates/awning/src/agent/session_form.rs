//! Adding and removing an `[sso-session]` from the app: every field checked first, then
//! written through the config engine (safe write, backup, comments kept).

use url::Url;

use super::{Agent, AgentError};
use crate::config::validate::is_name_char;
use crate::config::{FileKind, SectionName};
use crate::sso::target::DEFAULT_SCOPE;

/// The form of a new session, as the user typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSsoSession {
    pub name: String,
    pub start_url: String,
    pub region: String,
    /// Comma- or space-separated; empty means `sso:account:access`.
    pub scopes: String,
}

/// One field that is not right, and what to type instead.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type, serde::Serialize))]
pub struct FieldProblem {
    /// `name`, `startUrl`, `region` or `scopes`.
    pub field: &'static str,
    pub message: String,
}

impl NewSsoSession {
    /// Every problem of the form, checked against the sessions `existing` names.
    pub fn problems(&self, existing: &[String]) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut problem = |field, message: String| problems.push(FieldProblem { field, message });
        let name = self.name.trim();
        if name.is_empty() {
            problem(
                "name",
                "Give the session a name, for example `corp`.".to_owned(),
            );
        } else if !name.chars().all(is_name_char) {
            problem(
                "name",
                "Use letters, digits and - _ / . % @ : + only in the name.".to_owned(),
            );
        } else if existing.iter().any(|other| other == name) {
            problem("name", format!("There is already a session called {name}."));
        }
        if let Err(message) = check_start_url(self.start_url.trim()) {
            problem("startUrl", message);
        }
        if !is_region(self.region.trim()) {
            problem(
                "region",
                "Enter the AWS Region of IAM Identity Center, for example `eu-west-1`.".to_owned(),
            );
        }
        if let Some(bad) = self.scope_list().into_iter().find(|s| !is_scope(s)) {
            problem(
                "scopes",
                format!("`{bad}` is not a scope; scopes look like `sso:account:access`."),
            );
        }
        problems
    }

    fn scope_list(&self) -> Vec<String> {
        self.scopes
            .split([',', ' '])
            .filter(|scope| !scope.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn keys(&self) -> Vec<(String, String)> {
        let mut scopes = self.scope_list();
        if scopes.is_empty() {
            scopes.push(DEFAULT_SCOPE.to_owned());
        }
        vec![
            ("sso_start_url".to_owned(), self.start_url.trim().to_owned()),
            ("sso_region".to_owned(), self.region.trim().to_owned()),
            ("sso_registration_scopes".to_owned(), scopes.join(",")),
        ]
    }
}

fn check_start_url(text: &str) -> Result<(), String> {
    let example = "for example `https://my-company.awsapps.com/start`";
    let url =
        Url::parse(text).map_err(|_| format!("Enter the AWS access portal URL, {example}."))?;
    if url.scheme() != "https" || url.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "The start URL must begin with https://, {example}."
        ));
    }
    Ok(())
}

/// `eu-west-1`, `us-gov-west-1`, `ap-southeast-3`: letters, then words, then a number.
fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let lower = |part: &&str| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase());
    parts.len() >= 3
        && parts[..parts.len() - 1].iter().all(lower)
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit()))
}

fn is_scope(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_alphanumeric() || ":._-".contains(c))
}

impl Agent {
    /// Adds `[sso-session NAME]` to the AWS config, or says what is wrong with the form.
    pub fn add_session(&self, form: &NewSsoSession) -> Result<(), AgentError> {
        let existing: Vec<String> = self
            .config_view()?
            .sso_sessions
            .into_iter()
            .map(|session| session.name)
            .collect();
        let problems = form.problems(&existing);
        if !problems.is_empty() {
            return Err(AgentError::Invalid(problems));
        }
        let section = SectionName::SsoSession(form.name.trim().to_owned());
        let keys = form.keys();
        self.files.config.apply(&self.data_dir, |document| {
            document.append_sections(FileKind::Config, &[(section.clone(), keys.clone())])
        })?;
        self.changed();
        Ok(())
    }

    /// Signs out of `[sso-session NAME]` and removes it from the AWS config. Refused
    /// while profiles use it: removing it would break them.
    pub async fn remove_session(&self, name: &str) -> Result<(), AgentError> {
        let view = self.config_view()?;
        if view.sso_session(name).is_none() {
            return Err(AgentError::NoSuchSession(name.to_owned()));
        }
        let users: Vec<String> = view
            .profiles
            .iter()
            .filter(|profile| profile.sso_session() == Some(name))
            .map(|profile| profile.name.clone())
            .collect();
        if !users.is_empty() {
            return Err(AgentError::SessionInUse {
                session: name.to_owned(),
                profiles: users.join(", "),
            });
        }
        self.sign_out(name).await?;
        let section = SectionName::SsoSession(name.to_owned());
        self.files.config.apply(&self.data_dir, |document| {
            document.remove_section(FileKind::Config, &section)
        })?;
        self.changed();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, start_url: &str, region: &str, scopes: &str) -> NewSsoSession {
        NewSsoSession {
            name: name.to_owned(),
            start_url: start_url.to_owned(),
            region: region.to_owned(),
            scopes: scopes.to_owned(),
        }
    }

    fn fields(problems: Vec<FieldProblem>) -> Vec<&'static str> {
        problems.into_iter().map(|problem| problem.field).collect()
    }

    #[test]
    fn a_good_form_has_no_problems_and_defaults_its_scope() {
        let good = form(
            "corp",
            "https://corp.awsapps.com/start",
            "us-gov-west-1",
            "",
        );
        assert_eq!(good.problems(&[]), []);
        assert_eq!(good.keys()[2].1, "sso:account:access");
    }

    #[test]
    fn every_bad_field_is_named_with_what_to_type() {
        let bad = form(
            "my corp",
            "http://corp.awsapps.com",
            "Europe",
            "sso:account:access, a b!",
        );
        assert_eq!(
            fields(bad.problems(&[])),
            ["name", "startUrl", "region", "scopes"]
        );
        let taken = form("corp", "https://x.awsapps.com/start", "eu-west-1", "");
        let problems = taken.problems(&["corp".to_owned()]);
        assert_eq!(
            problems[0].message,
            "There is already a session called corp."
        );
        assert_eq!(
            fields(form("", "", "eu-west-", "").problems(&[])),
            ["name", "startUrl", "region"]
        );
    }
}
