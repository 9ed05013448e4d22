//! The form of a new `[sso-session]`: every field checked, each problem named by its
//! field and the rule it breaks, and the keys it becomes.

use url::Url;

use super::target::DEFAULT_SCOPE;
use crate::config::validate::is_name_char;
use crate::problem::{Field, FieldProblem, FieldRule};

/// The form of a new session, as the user typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSsoSession {
    pub name: String,
    pub start_url: String,
    pub region: String,
    /// Comma- or space-separated; empty means `sso:account:access`.
    pub scopes: String,
}

impl NewSsoSession {
    /// Every problem of the form, checked against the sessions `existing` names.
    pub fn problems(&self, existing: &[String]) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut problem = |field, rule| problems.push(FieldProblem { field, rule });
        if let Err(rule) = check_name(self.name.trim(), existing) {
            problem(Field::Name, rule);
        }
        if let Err(rule) = check_start_url(self.start_url.trim()) {
            problem(Field::StartUrl, rule);
        }
        if !is_region(self.region.trim()) {
            problem(Field::Region, FieldRule::NotRegion);
        }
        if let Some(bad) = self.scope_list().into_iter().find(|s| !is_scope(s)) {
            problem(Field::Scopes, FieldRule::NotScope { scope: bad });
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

    /// The keys of the new section.
    pub fn keys(&self) -> Vec<(String, String)> {
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

/// A name for the config: not empty, only the characters a section name may hold, and
/// not one of `taken`.
pub(crate) fn check_name(name: &str, taken: &[String]) -> Result<(), FieldRule> {
    if name.is_empty() {
        Err(FieldRule::Empty)
    } else if !name.chars().all(is_name_char) {
        Err(FieldRule::BadCharacters)
    } else if taken.iter().any(|other| other == name) {
        Err(FieldRule::Taken)
    } else {
        Ok(())
    }
}

pub(crate) fn check_start_url(text: &str) -> Result<(), FieldRule> {
    if text.is_empty() {
        return Err(FieldRule::Empty);
    }
    let url = Url::parse(text).map_err(|_| FieldRule::NotUrl)?;
    if url.scheme() != "https" || url.host_str().is_none_or(str::is_empty) {
        return Err(FieldRule::NotHttps);
    }
    Ok(())
}

/// `eu-west-1`, `us-gov-west-1`, `ap-southeast-3`: letters, then words, then a number.
pub(crate) fn is_region(text: &str) -> bool {
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

    fn fields(problems: Vec<FieldProblem>) -> Vec<Field> {
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
            bad.problems(&[]),
            [
                FieldProblem {
                    field: Field::Name,
                    rule: FieldRule::BadCharacters
                },
                FieldProblem {
                    field: Field::StartUrl,
                    rule: FieldRule::NotHttps
                },
                FieldProblem {
                    field: Field::Region,
                    rule: FieldRule::NotRegion
                },
                FieldProblem {
                    field: Field::Scopes,
                    rule: FieldRule::NotScope {
                        scope: "b!".to_owned()
                    }
                },
            ]
        );
        let taken = form("corp", "https://x.awsapps.com/start", "eu-west-1", "");
        let problems = taken.problems(&["corp".to_owned()]);
        assert_eq!(problems[0].rule, FieldRule::Taken);
        let empty = form("", "", "eu-west-", "").problems(&[]);
        assert_eq!(
            fields(empty.clone()),
            [Field::Name, Field::StartUrl, Field::Region]
        );
        assert_eq!(empty[1].rule, FieldRule::Empty);
    }
}
