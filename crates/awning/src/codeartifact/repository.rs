//! What names a CodeArtifact repository, and how long its tokens are asked to last:
//! checked here, before any call, by the service's own rules (aws-auth-protocols.md §8).

use serde::{Deserialize, Serialize};

use crate::aws_names::is_account_id;
use crate::problem::{Field, FieldProblem, FieldRule};
use crate::vault::{SessionKey, TokenKey};

/// A repository of a CodeArtifact domain in one region.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Repository {
    pub domain: String,
    /// The domain's account; the caller's own account when not named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub repository: String,
    pub region: String,
}

/// The `owner` of a token key whose domain owner was not named.
const OWN_ACCOUNT: &str = "-";

impl Repository {
    /// The fields that break the service's rules; empty when all is well.
    pub fn check(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut check = |field, rule: Option<FieldRule>| {
            if let Some(rule) = rule {
                problems.push(FieldProblem { field, rule });
            }
        };
        check(Field::Domain, domain_rule(&self.domain));
        check(
            Field::DomainOwner,
            self.owner.as_deref().and_then(owner_rule),
        );
        check(Field::Repository, repository_rule(&self.repository));
        check(Field::Region, region_rule(&self.region));
        problems
    }

    /// Where the token of this repository's domain is kept for `profile`'s identity.
    pub fn token_key(&self, profile: &str) -> SessionKey {
        SessionKey::CodeArtifact(Box::new(TokenKey {
            domain: self.domain.clone(),
            owner: self.owner.clone().unwrap_or_else(|| OWN_ACCOUNT.to_owned()),
            region: self.region.clone(),
            profile: profile.to_owned(),
        }))
    }

    /// `acme/packages`: how a person names it.
    pub fn label(&self) -> String {
        format!("{}/{}", self.domain, self.repository)
    }
}

/// `[a-z][a-z0-9\-]{0,48}[a-z0-9]`.
fn domain_rule(domain: &str) -> Option<FieldRule> {
    let bytes = domain.as_bytes();
    let fits = (2..=50).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || *byte == b'-');
    match domain {
        "" => Some(FieldRule::Empty),
        _ if fits => None,
        _ => Some(FieldRule::BadCharacters),
    }
}

/// Twelve digits.
fn owner_rule(owner: &str) -> Option<FieldRule> {
    (!is_account_id(owner)).then_some(FieldRule::NotAccount)
}

/// `[A-Za-z0-9][A-Za-z0-9._\-]{1,99}`.
fn repository_rule(repository: &str) -> Option<FieldRule> {
    let bytes = repository.as_bytes();
    let fits = (2..=100).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || b"._-".contains(byte));
    match repository {
        "" => Some(FieldRule::Empty),
        _ if fits => None,
        _ => Some(FieldRule::BadCharacters),
    }
}

fn region_rule(region: &str) -> Option<FieldRule> {
    let fits = !region.is_empty()
        && region
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
    match region {
        "" => Some(FieldRule::Empty),
        _ if fits => None,
        _ => Some(FieldRule::NotRegion),
    }
}

/// How long a token is asked to last (`--duration-seconds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "seconds")]
pub enum TokenLifetime {
    /// Nothing asked: the service's default, 12 hours.
    #[default]
    ServiceDefault,
    /// As long as the role session of the credentials that ask (`0`).
    RoleSession,
    Seconds(u32),
}

/// The shortest and longest lifetimes the service grants, in seconds.
pub const SHORTEST_TOKEN: u32 = 900;
pub const LONGEST_TOKEN: u32 = 43_200;

impl TokenLifetime {
    /// From `--duration-seconds`: 0 or 900–43200, as the service documents.
    pub fn from_seconds(seconds: u64) -> Result<Self, FieldProblem> {
        match u32::try_from(seconds) {
            Ok(0) => Ok(Self::RoleSession),
            Ok(seconds) if (SHORTEST_TOKEN..=LONGEST_TOKEN).contains(&seconds) => {
                Ok(Self::Seconds(seconds))
            }
            _ => Err(FieldProblem {
                field: Field::DurationSeconds,
                rule: FieldRule::OutOfRange {
                    value: u32::try_from(seconds).unwrap_or(u32::MAX),
                    min: SHORTEST_TOKEN,
                    max: LONGEST_TOKEN,
                },
            }),
        }
    }

    /// The `duration` the request carries; none for the service's default.
    pub fn duration_seconds(self) -> Option<i64> {
        match self {
            Self::ServiceDefault => None,
            Self::RoleSession => Some(0),
            Self::Seconds(seconds) => Some(i64::from(seconds)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository(domain: &str, owner: Option<&str>, name: &str, region: &str) -> Repository {
        Repository {
            domain: domain.to_owned(),
            owner: owner.map(str::to_owned),
            repository: name.to_owned(),
            region: region.to_owned(),
        }
    }

    fn broken_fields(repository: &Repository) -> Vec<Field> {
        repository.check().into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn names_the_service_accepts_pass() {
        for (domain, owner, name) in [
            ("acme", Some("111122223333"), "packages"),
            ("a1", None, "my.repo_2-x"),
            (&*"d".repeat(50), None, &*"R".repeat(100)),
        ] {
            let repository = repository(domain, owner, name, "eu-west-1");
            assert_eq!(repository.check(), [], "{repository:?}");
        }
    }

    #[test]
    fn each_broken_name_is_reported_by_its_field() {
        assert_eq!(
            broken_fields(&repository("Acme", None, "packages", "eu-west-1")),
            [Field::Domain]
        );
        assert_eq!(
            broken_fields(&repository("acme-", None, "packages", "eu-west-1")),
            [Field::Domain]
        );
        assert_eq!(
            broken_fields(&repository("acme", Some("1111"), "-packages", "EU")),
            [Field::DomainOwner, Field::Repository, Field::Region]
        );
        assert_eq!(
            repository("", None, "", "").check(),
            [
                FieldProblem {
                    field: Field::Domain,
                    rule: FieldRule::Empty
                },
                FieldProblem {
                    field: Field::Repository,
                    rule: FieldRule::Empty
                },
                FieldProblem {
                    field: Field::Region,
                    rule: FieldRule::Empty
                },
            ]
        );
    }

    #[test]
    fn lifetimes_are_zero_or_between_fifteen_minutes_and_twelve_hours() {
        assert_eq!(
            TokenLifetime::from_seconds(0),
            Ok(TokenLifetime::RoleSession)
        );
        assert_eq!(
            TokenLifetime::from_seconds(900),
            Ok(TokenLifetime::Seconds(900))
        );
        assert_eq!(
            TokenLifetime::from_seconds(43_200),
            Ok(TokenLifetime::Seconds(43_200))
        );
        for seconds in [1, 899, 43_201, u64::MAX] {
            let problem = TokenLifetime::from_seconds(seconds).unwrap_err();
            assert_eq!(problem.field, Field::DurationSeconds);
            assert!(matches!(
                problem.rule,
                FieldRule::OutOfRange {
                    min: 900,
                    max: 43_200,
                    ..
                }
            ));
        }
        assert_eq!(TokenLifetime::ServiceDefault.duration_seconds(), None);
        assert_eq!(TokenLifetime::RoleSession.duration_seconds(), Some(0));
    }

    #[test]
    fn a_token_is_kept_per_domain_region_and_identity() {
        let named = repository("acme", Some("111122223333"), "packages", "eu-west-1");
        let unnamed = repository("acme", None, "other", "eu-west-1");
        assert_eq!(
            named.token_key("dev").item_name(),
            "codeartifact:acme:111122223333:eu-west-1:dev"
        );
        assert_eq!(
            unnamed.token_key("dev").item_name(),
            "codeartifact:acme:-:eu-west-1:dev"
        );
        assert_ne!(named.token_key("dev"), named.token_key("ci"));
    }
}
