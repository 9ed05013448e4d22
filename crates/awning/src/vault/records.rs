//! What the vault keeps: one record per sign-in session, every secret in a [`Secret`].

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::secret::{Secret, exposed, exposed_map, exposed_option};
use crate::timestamps::{epoch_seconds, epoch_seconds_option};

/// Which session a record belongs to; also the name of its keychain item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SessionKey {
    /// An `[sso-session NAME]` of the config file.
    SsoSession(String),
    /// A legacy SSO profile, known by its `sso_start_url`.
    SsoStartUrl(String),
    /// An `aws login` session, known by its ARN.
    Login(String),
    /// The CodeArtifact token of one domain in one region, as the profile's identity
    /// gets it (what a token may do is what that identity may do).
    CodeArtifact(Box<TokenKey>),
    /// An IAM user's long-term access key, known by its id (`awning keys import`).
    AccessKey(String),
}

/// Names a CodeArtifact token (boxed: the other keys are one string each).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenKey {
    pub domain: String,
    /// `-` when the domain's owner was not named: the caller's own account.
    pub owner: String,
    pub region: String,
    pub profile: String,
}

const SSO_SESSION: &str = "sso-session:";
const SSO_START_URL: &str = "sso-start-url:";
const LOGIN: &str = "login:";
const CODEARTIFACT: &str = "codeartifact:";
const ACCESS_KEY: &str = "access-key:";

impl SessionKey {
    /// The keychain item name, also how the CLI names the session: `sso-session:corp`,
    /// `sso-start-url:https://…`, `login:arn:aws:…`, `codeartifact:DOMAIN:OWNER:REGION:PROFILE`,
    /// `access-key:AKIA…`.
    pub fn item_name(&self) -> String {
        match self {
            Self::AccessKey(id) => format!("{ACCESS_KEY}{id}"),
            Self::SsoSession(name) => format!("{SSO_SESSION}{name}"),
            Self::SsoStartUrl(url) => format!("{SSO_START_URL}{url}"),
            Self::Login(arn) => format!("{LOGIN}{arn}"),
            Self::CodeArtifact(key) => {
                let TokenKey {
                    domain,
                    owner,
                    region,
                    profile,
                } = &**key;
                format!("{CODEARTIFACT}{domain}:{owner}:{region}:{profile}")
            }
        }
    }

    /// Reads an item name back; `None` for a name Awning never writes.
    pub fn parse(name: &str) -> Option<Self> {
        let non_empty = |rest: &str| (!rest.is_empty()).then(|| rest.to_owned());
        if let Some(rest) = name.strip_prefix(SSO_SESSION) {
            return non_empty(rest).map(Self::SsoSession);
        }
        if let Some(rest) = name.strip_prefix(SSO_START_URL) {
            return non_empty(rest).map(Self::SsoStartUrl);
        }
        if let Some(rest) = name.strip_prefix(LOGIN) {
            return non_empty(rest).map(Self::Login);
        }
        if let Some(rest) = name.strip_prefix(ACCESS_KEY) {
            return non_empty(rest).map(Self::AccessKey);
        }
        let rest = name.strip_prefix(CODEARTIFACT)?;
        // Profile names may hold colons; the other parts never do.
        let mut parts = rest.splitn(4, ':');
        let (domain, owner, region, profile) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        [domain, owner, region, profile]
            .iter()
            .all(|part| !part.is_empty())
            .then(|| {
                Self::CodeArtifact(Box::new(TokenKey {
                    domain: domain.to_owned(),
                    owner: owner.to_owned(),
                    region: region.to_owned(),
                    profile: profile.to_owned(),
                }))
            })
    }

    /// What a keychain browser shows for the item.
    pub fn label(&self) -> String {
        match self {
            Self::SsoSession(name) => format!("Awning: IAM Identity Center session {name}"),
            Self::SsoStartUrl(url) => format!("Awning: IAM Identity Center {url}"),
            Self::Login(arn) => format!("Awning: AWS console sign-in {arn}"),
            Self::CodeArtifact(key) => format!(
                "Awning: CodeArtifact {} ({}) for {}",
                key.domain, key.region, key.profile
            ),
            Self::AccessKey(id) => format!("Awning: IAM user access key {id}"),
        }
    }
}

impl std::fmt::Display for SessionKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.item_name())
    }
}

/// Everything one session holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Record {
    Sso(SsoToken),
    Login(LoginSession),
    CodeArtifact(CodeArtifactToken),
    AccessKey(AccessKey),
}

impl Record {
    /// When the session's current access (token or credentials) ends.
    pub fn expires_at(&self) -> SystemTime {
        match self {
            Self::Sso(token) => token.expires_at,
            Self::Login(session) => session.credentials.expires_at,
            Self::CodeArtifact(token) => token.expires_at,
            Self::AccessKey(key) => key
                .session
                .as_ref()
                .map_or_else(never, |session| session.expires_at),
        }
    }

    /// Whether Awning can renew the access without the user.
    pub fn renewable(&self) -> bool {
        match self {
            Self::Sso(token) => token.refresh_token.is_some() && token.registration.is_some(),
            Self::Login(session) => session.open(),
            Self::CodeArtifact(_) | Self::AccessKey(_) => false,
        }
    }

    /// When the whole session ends, for kinds whose renewals cannot outlast it.
    pub fn session_ends_at(&self) -> Option<SystemTime> {
        match self {
            Self::Login(session) => session.session_ends_at,
            Self::Sso(_) | Self::CodeArtifact(_) | Self::AccessKey(_) => None,
        }
    }
}

/// An IAM user's long-term access key, moved out of `~/.aws/credentials` into the vault,
/// and the temporary credentials `GetSessionToken` last gave for it: tools get those,
/// never the key itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessKey {
    pub access_key_id: String,
    #[serde(with = "exposed")]
    pub secret_access_key: Secret,
    /// The user's MFA device: `GetSessionToken` then wants a code from it.
    #[serde(default)]
    pub mfa_serial: Option<String>,
    #[serde(default)]
    pub session: Option<AwsCredentials>,
    /// The SHA-256 of the config and credentials files as the import left them: while
    /// they are unchanged, restoring gives back the files exactly as they were.
    #[serde(default)]
    pub imported_as: Option<[String; 2]>,
}

/// A long-term key does not expire: the index says so with the last second of 9999.
fn never() -> SystemTime {
    SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(253_402_300_799)
}

/// An IAM Identity Center sign-in: the OIDC tokens, the client they were issued to, and
/// the role credentials fetched with them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SsoToken {
    pub start_url: String,
    pub region: String,
    #[serde(with = "exposed")]
    pub access_token: Secret,
    #[serde(with = "epoch_seconds")]
    pub expires_at: SystemTime,
    #[serde(with = "exposed_option", default)]
    pub refresh_token: Option<Secret>,
    #[serde(default)]
    pub registration: Option<ClientRegistration>,
    #[serde(default)]
    pub role_credentials: Vec<RoleCredentials>,
    /// Where the tokens were issued; they are sent nowhere else. `None` for a token
    /// taken from the AWS CLI's cache or kept before Awning recorded it: it is bound to
    /// where it is first sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_by: Option<SsoEndpoints>,
}

/// The origins of the OIDC and portal endpoints a session was signed in at
/// (`https://oidc.eu-west-1.amazonaws.com`, `https://portal.sso.eu-west-1.amazonaws.com`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoEndpoints {
    pub oidc: String,
    pub portal: String,
}

/// An OIDC client registration (RegisterClient).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClientRegistration {
    pub client_id: String,
    #[serde(with = "exposed")]
    pub client_secret: Secret,
    #[serde(with = "epoch_seconds")]
    pub expires_at: SystemTime,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub grant_types: Vec<String>,
}

/// Credentials of one role, fetched with an SSO access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoleCredentials {
    pub account_id: String,
    pub role_name: String,
    pub credentials: AwsCredentials,
}

/// Temporary AWS credentials.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AwsCredentials {
    pub access_key_id: String,
    #[serde(with = "exposed")]
    pub secret_access_key: Secret,
    #[serde(with = "exposed")]
    pub session_token: Secret,
    #[serde(with = "epoch_seconds")]
    pub expires_at: SystemTime,
}

/// An `aws login` session: the refresh token bound to its DPoP key, and the credentials.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginSession {
    pub account_id: String,
    pub credentials: AwsCredentials,
    #[serde(with = "exposed")]
    pub refresh_token: Secret,
    #[serde(with = "exposed_option", default)]
    pub id_token: Option<Secret>,
    pub client_id: String,
    /// The DPoP private key as SEC1 PEM (`-----BEGIN EC PRIVATE KEY-----`).
    #[serde(with = "exposed")]
    pub dpop_key: Secret,
    /// The region of the Sign-In endpoint the session was issued by.
    #[serde(default)]
    pub sign_in_region: Option<String>,
    /// That endpoint (`https://us-east-1.signin.aws.amazon.com`): the refresh token is
    /// sent nowhere else. Unknown for a session imported from the AWS CLI's cache until
    /// its first refresh.
    #[serde(default)]
    pub sign_in_endpoint: Option<String>,
    /// When the session ends, which no refresh extends (12 hours after the sign-in), or
    /// the moment AWS Sign-In said it had ended. Unknown for some imported sessions.
    #[serde(with = "epoch_seconds_option", default)]
    pub session_ends_at: Option<SystemTime>,
}

impl LoginSession {
    /// Whether the session is still open: refreshes can give credentials.
    pub fn open(&self) -> bool {
        self.session_ends_at
            .is_none_or(|end| end > SystemTime::now())
    }
}

/// A CodeArtifact authorization token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CodeArtifactToken {
    #[serde(with = "exposed")]
    pub token: Secret,
    #[serde(with = "epoch_seconds")]
    pub expires_at: SystemTime,
    /// What lines of the tools' files held before Awning wrote this domain's token over
    /// them (an older token, say), by the journal's name for each: put back on undo.
    #[serde(with = "exposed_map", default)]
    pub replaced: BTreeMap<String, Secret>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_names_read_back_as_the_same_session() {
        for key in [
            SessionKey::SsoSession("corp".to_owned()),
            SessionKey::SsoStartUrl("https://d-1234567890.awsapps.com/start#/".to_owned()),
            SessionKey::Login("arn:aws:sts::111122223333:assumed-role/Admin/ada".to_owned()),
            SessionKey::CodeArtifact(Box::new(TokenKey {
                domain: "acme".to_owned(),
                owner: "111122223333".to_owned(),
                region: "eu-west-1".to_owned(),
                profile: "dev:ci".to_owned(),
            })),
        ] {
            assert_eq!(SessionKey::parse(&key.item_name()), Some(key));
        }
    }

    #[test]
    fn names_awning_never_writes_are_not_sessions() {
        for name in [
            "",
            "corp",
            "sso-session:",
            "login:",
            "codeartifact:acme:1111",
            "codeartifact:acme:111122223333:eu-west-1",
        ] {
            assert_eq!(SessionKey::parse(name), None, "{name}");
        }
    }
}
