//! What the sandbox plays: the Identity Center instance, its user, accounts and roles,
//! and how long everything lives. Loaded from TOML (see `scenario.example.toml`) or the
//! built-in default used by the demo.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub identity_center: IdentityCenter,
    #[serde(default)]
    pub sign_in: SignIn,
    #[serde(default)]
    pub lifetimes: Lifetimes,
    #[serde(default)]
    pub codeartifact: CodeArtifact,
    #[serde(default)]
    pub faults: Faults,
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// Extra accounts named `generated-N`, each with the roles of `generated_roles`, so
    /// tests can play organisations with thousands of accounts.
    #[serde(default)]
    pub generated_accounts: usize,
    #[serde(default = "default_generated_roles")]
    pub generated_roles: Vec<String>,
    /// IAM users with a long-term access key, for `GetCallerIdentity` and
    /// `GetSessionToken` (with their MFA device, when they have one).
    #[serde(default)]
    pub iam_users: Vec<IamUser>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IamUser {
    pub name: String,
    pub account: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// The user's MFA device; `GetSessionToken` then wants `mfa_code` with it.
    #[serde(default)]
    pub mfa_serial: Option<String>,
    /// The one code the device shows, in this sandbox.
    #[serde(default)]
    pub mfa_code: Option<String>,
}

impl IamUser {
    pub fn arn(&self) -> String {
        format!("arn:aws:iam::{}:user/{}", self.account, self.name)
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IdentityCenter {
    pub start_url: String,
    pub region: String,
    pub user: String,
}

/// Who `aws login` (AWS Sign-In) signs in as.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// The session ARN: the `sub` of the id token, and the name of the login cache file.
    pub session_arn: String,
}

impl Default for SignIn {
    fn default() -> Self {
        Self {
            session_arn: "arn:aws:sts::111122223333:assumed-role/Admin/ada".to_owned(),
        }
    }
}

impl SignIn {
    /// The account field of the session ARN (checked when the scenario loads).
    pub fn account_id(&self) -> &str {
        self.session_arn.split(':').nth(4).unwrap_or_default()
    }
}

/// Lifetimes in seconds; tests use short ones.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Lifetimes {
    pub registration: u64,
    pub device_code: u64,
    pub access_token: u64,
    /// How long a sign-in lasts before the user must sign in again, refresh or not.
    pub session: u64,
    pub role_credentials: u64,
    /// The credentials of an `aws login` session; the service allows at most 900.
    pub login_credentials: u64,
    /// How long an `aws login` session lasts, refresh or not.
    pub login_session: u64,
    /// A CodeArtifact token asked for without a duration.
    pub codeartifact_token: u64,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Self {
            registration: 90 * 24 * 3600,
            device_code: 600,
            access_token: 3600,
            session: 8 * 3600,
            role_credentials: 3600,
            login_credentials: 900,
            login_session: 12 * 3600,
            codeartifact_token: 12 * 3600,
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<String>,
}

/// CodeArtifact domains, each with its repositories.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CodeArtifact {
    #[serde(default)]
    pub domains: Vec<Domain>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub name: String,
    /// The owning account (12 digits).
    pub owner: String,
    /// Mint tokens as HS256 JWTs with this secret, which a verdaccio seeded with the same
    /// secret accepts as npm tokens. Without it, tokens are random strings.
    #[serde(default)]
    pub verdaccio_secret: Option<String>,
    /// Keep this htpasswd file holding user `aws` with the newest token as its password,
    /// so a pypiserver reading it accepts that token.
    #[serde(default)]
    pub htpasswd: Option<std::path::PathBuf>,
    /// The scheme marking the password in that file, as nginx's `auth_basic` needs it
    /// (`PLAIN` → `aws:{PLAIN}TOKEN`); none for the bare form pypiserver reads.
    #[serde(default)]
    pub htpasswd_scheme: Option<String>,
    pub repositories: Vec<Repository>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    pub name: String,
    /// The endpoint reported per package format, replacing the AWS-shaped default, so a
    /// test can point a format at a real local registry.
    #[serde(default)]
    pub endpoints: std::collections::BTreeMap<String, String>,
}

pub use crate::faults::Faults;

fn default_generated_roles() -> Vec<String> {
    vec!["ReadOnly".to_owned()]
}

#[derive(Debug, thiserror::Error)]
#[error("the scenario is not valid: {0}")]
pub struct ScenarioError(String);

impl Scenario {
    pub fn from_toml(text: &str) -> Result<Self, ScenarioError> {
        let scenario: Self =
            toml::from_str(text).map_err(|error| ScenarioError(error.to_string()))?;
        scenario.check()?;
        Ok(scenario)
    }

    /// What TOML types alone cannot say.
    fn check(&self) -> Result<(), ScenarioError> {
        let arn = &self.sign_in.session_arn;
        let fields: Vec<&str> = arn.split(':').collect();
        let account_is_valid = fields.get(4).is_some_and(|account| {
            account.len() == 12 && account.bytes().all(|byte| byte.is_ascii_digit())
        });
        if fields.len() != 6 || fields[0] != "arn" || !account_is_valid {
            return Err(ScenarioError(format!(
                "sign_in.session_arn {arn:?} is not an ARN with a 12-digit account"
            )));
        }
        if !(1..=900).contains(&self.lifetimes.login_credentials) {
            return Err(ScenarioError(
                "lifetimes.login_credentials must be between 1 and 900 seconds, as AWS Sign-In allows"
                    .to_owned(),
            ));
        }
        self.faults.check().map_err(ScenarioError)
    }

    /// Every account, the listed ones first, then the generated ones.
    pub fn all_accounts(&self) -> impl Iterator<Item = Account> + '_ {
        self.accounts
            .iter()
            .cloned()
            .chain((0..self.generated_accounts).map(|n| Account {
                id: format!("{:012}", 900_000_000_000_u64 + n as u64),
                name: format!("generated-{n}"),
                email: format!("generated-{n}@example.com"),
                roles: self.generated_roles.clone(),
            }))
    }

    pub fn account(&self, id: &str) -> Option<Account> {
        self.all_accounts().find(|account| account.id == id)
    }
}

impl Default for Scenario {
    /// The demo's organisation: a few accounts with realistic names and roles.
    fn default() -> Self {
        let account = |id: &str, name: &str, roles: &[&str]| Account {
            id: id.to_owned(),
            name: name.to_owned(),
            email: format!("aws+{name}@example.com"),
            roles: roles.iter().map(|role| (*role).to_owned()).collect(),
        };
        Self {
            identity_center: IdentityCenter {
                start_url: "https://d-9067000000.awsapps.com/start".to_owned(),
                region: "us-east-1".to_owned(),
                user: "ada".to_owned(),
            },
            sign_in: SignIn::default(),
            lifetimes: Lifetimes::default(),
            codeartifact: CodeArtifact {
                domains: vec![Domain {
                    name: "acme".to_owned(),
                    owner: "111122223333".to_owned(),
                    verdaccio_secret: None,
                    htpasswd: None,
                    htpasswd_scheme: None,
                    repositories: vec![Repository {
                        name: "packages".to_owned(),
                        endpoints: Default::default(),
                    }],
                }],
            },
            faults: Faults::default(),
            accounts: vec![
                account(
                    "111122223333",
                    "sandbox-dev",
                    &["AdministratorAccess", "Developer", "ReadOnly"],
                ),
                account(
                    "222233334444",
                    "sandbox-staging",
                    &["Developer", "ReadOnly"],
                ),
                account("333344445555", "sandbox-prod", &["ReadOnly", "BreakGlass"]),
                account(
                    "444455556666",
                    "shared-services",
                    &["NetworkAdmin", "ReadOnly"],
                ),
                account("555566667777", "security-audit", &["SecurityAudit"]),
            ],
            generated_accounts: 0,
            generated_roles: default_generated_roles(),
            iam_users: vec![IamUser {
                name: "ada".to_owned(),
                account: "111122223333".to_owned(),
                // The example key of AWS's documentation.
                access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
                secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_owned(),
                mfa_serial: Some("arn:aws:iam::111122223333:mfa/ada".to_owned()),
                mfa_code: Some("123456".to_owned()),
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_scenario_in_the_repository_loads() {
        let text = include_str!("../scenario.example.toml");
        let scenario = Scenario::from_toml(text).unwrap();
        assert_eq!(scenario.identity_center.region, "eu-west-1");
        assert_eq!(scenario.lifetimes.access_token, 900);
        assert_eq!(scenario.all_accounts().count(), 2 + 3);
        assert_eq!(scenario.sign_in.account_id(), "123456789012");
        assert_eq!(
            scenario.codeartifact.domains[0].repositories[0].name,
            "shared"
        );
        assert_eq!(scenario.faults, Faults::default());
    }

    #[test]
    fn generated_accounts_have_distinct_twelve_digit_ids() {
        let scenario = Scenario {
            generated_accounts: 2000,
            ..Scenario::default()
        };
        let ids: std::collections::HashSet<String> =
            scenario.all_accounts().map(|a| a.id).collect();
        assert_eq!(ids.len(), 5 + 2000);
        assert!(ids.iter().all(|id| id.len() == 12));
    }

    #[test]
    fn values_the_service_would_never_allow_are_refused() {
        let base = "[identity_center]\nstart_url='x'\nregion='r'\nuser='u'\n";
        let error = |extra: &str| {
            Scenario::from_toml(&format!("{base}{extra}"))
                .unwrap_err()
                .to_string()
        };
        assert!(error("[lifetimes]\nlogin_credentials = 3600\n").contains("900"));
        assert!(error("[sign_in]\nsession_arn = 'admin'\n").contains("ARN"));
        assert!(error("[faults]\nserver_error_rate = 1.5\n").contains("between 0 and 1"));
    }

    #[test]
    fn a_misspelled_field_is_an_error_not_a_silent_default() {
        let error = Scenario::from_toml(
            "[identity_center]\nstart_url='x'\nregion='r'\nuser='u'\n[lifetimes]\nacess_token=1\n",
        )
        .unwrap_err();
        assert!(error.to_string().contains("acess_token"), "{error}");
    }
}
