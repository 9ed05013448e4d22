//! The "Add console sign-in" form: the profile to sign in for and the region, each
//! problem named by its field and the rule it breaks.

use crate::problem::{Field, FieldProblem, FieldRule};
use crate::sso::session_form::{check_name, is_region};

/// A first console sign-in, as the user typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsoleSignIn {
    pub profile: String,
    /// Empty means `us-east-1`, as the AWS CLI proposes.
    pub region: String,
}

impl NewConsoleSignIn {
    pub fn profile(&self) -> &str {
        self.profile.trim()
    }

    pub fn region(&self) -> &str {
        match self.region.trim() {
            "" => super::DEFAULT_REGION,
            region => region,
        }
    }

    /// Every problem of the form; `taken` are the profiles that exist and do not sign
    /// in with the console (one that does may sign in again).
    pub fn problems(&self, taken: &[String]) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut problem = |field, rule| problems.push(FieldProblem { field, rule });
        if let Err(rule) = check_name(self.profile(), taken) {
            problem(Field::Name, rule);
        }
        if !is_region(self.region()) {
            problem(Field::Region, FieldRule::NotRegion);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(profile: &str, region: &str) -> NewConsoleSignIn {
        NewConsoleSignIn {
            profile: profile.to_owned(),
            region: region.to_owned(),
        }
    }

    #[test]
    fn a_profile_name_and_a_region_are_all_it_needs() {
        assert_eq!(form(" me ", "").problems(&[]), []);
        assert_eq!(form("me", "").region(), "us-east-1");
        assert_eq!(form("me", " eu-west-1 ").region(), "eu-west-1");
    }

    #[test]
    fn each_field_says_what_is_wrong() {
        let rules = |form: NewConsoleSignIn| {
            form.problems(&["dev".to_owned()])
                .into_iter()
                .map(|problem| (problem.field, problem.rule))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            rules(form("", "eu-west-1")),
            [(Field::Name, FieldRule::Empty)]
        );
        assert_eq!(
            rules(form("a b", "eu-west-1")),
            [(Field::Name, FieldRule::BadCharacters)]
        );
        assert_eq!(
            rules(form("dev", "eu-west-1")),
            [(Field::Name, FieldRule::Taken)]
        );
        assert_eq!(
            rules(form("me", "Europe")),
            [(Field::Region, FieldRule::NotRegion)]
        );
    }
}
