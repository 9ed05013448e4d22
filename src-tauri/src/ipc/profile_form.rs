//! The profile form as it crosses to the window and back: the fields of each kind,
//! tagged by the kind's name. A secret comes only from the window — typed once, sent
//! once — and never goes back to it.

use awning::agent::{DiscoveryWrite, ProfileWrite};
use awning::config::Fix;
use awning::manager::{AssumeRole, Credentials, ProfileForm, RoleSource};
use awning::sso::generate::ProfileStyle;
use awning::vault::Secret;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileFormView {
    pub name: String,
    pub credentials: CredentialsView,
    pub region: String,
    pub output: String,
    /// Keys no field stands for, in the files' order.
    pub other: Vec<KeyValue>,
}

#[derive(Debug, Serialize, Deserialize, Type)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Serialize, Deserialize, Type)]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum CredentialsView {
    SsoSession {
        session: String,
        account_id: String,
        role_name: String,
    },
    LegacySso {
        start_url: String,
        sso_region: String,
        account_id: String,
        role_name: String,
    },
    ConsoleLogin {
        login_session: String,
    },
    CredentialProcess {
        command: String,
    },
    AssumeRole {
        role_arn: String,
        /// Either a profile whose credentials assume the role…
        source_profile: Option<String>,
        /// …or where they come from (`Environment`, `Ec2InstanceMetadata`,
        /// `EcsContainer`).
        credential_source: Option<String>,
        mfa_serial: String,
        external_id: String,
        duration_seconds: String,
        session_name: String,
    },
    WebIdentity {
        role_arn: String,
        token_file: String,
        session_name: String,
    },
    StaticKeys {
        access_key_id: String,
        /// Typed in the window to replace the one the files hold; always `null` on
        /// the way to the window.
        #[serde(default, with = "typed_secret")]
        #[specta(type = Option<String>)]
        secret_access_key: Option<Secret>,
        #[serde(default, with = "typed_secret")]
        #[specta(type = Option<String>)]
        session_token: Option<Secret>,
    },
    NoCredentials,
}

/// A write the window asks for.
#[derive(Debug, Serialize, Deserialize, Type)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum ProfileWriteView {
    Save {
        original: Option<String>,
        form: Box<ProfileFormView>,
    },
    Duplicate {
        from: String,
        name: String,
    },
    Delete {
        name: String,
    },
    Fix {
        fix: Fix,
    },
    /// A profile per chosen account and role of the session's listing.
    Discover {
        session: String,
        template: String,
        style: DiscoveryStyle,
        prune: bool,
        chosen: Vec<AccountRole>,
    },
}

/// How discovered profiles get credentials.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum DiscoveryStyle {
    /// `sso_session` profiles every SDK reads by itself.
    Native,
    /// `credential_process = awning credential-process --profile NAME`.
    CredentialProcess,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountRole {
    pub account_id: String,
    pub role: String,
}

/// A secret typed in the window, read straight into a [`Secret`]; it never goes back
/// (written as `null`).
mod typed_secret {
    use awning::vault::Secret;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(_: &Option<Secret>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_none()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Secret>, D::Error> {
        Ok(Option::<String>::deserialize(deserializer)?.map(Secret::new))
    }
}

impl From<ProfileForm> for ProfileFormView {
    fn from(form: ProfileForm) -> Self {
        Self {
            credentials: CredentialsView::from(form.credentials),
            name: form.name,
            region: form.region,
            output: form.output,
            other: form
                .other
                .into_iter()
                .map(|(key, value)| KeyValue { key, value })
                .collect(),
        }
    }
}

impl From<Credentials> for CredentialsView {
    fn from(credentials: Credentials) -> Self {
        match credentials {
            Credentials::SsoSession {
                session,
                account_id,
                role_name,
            } => Self::SsoSession {
                session,
                account_id,
                role_name,
            },
            Credentials::LegacySso {
                start_url,
                sso_region,
                account_id,
                role_name,
            } => Self::LegacySso {
                start_url,
                sso_region,
                account_id,
                role_name,
            },
            Credentials::ConsoleLogin { login_session } => Self::ConsoleLogin { login_session },
            Credentials::CredentialProcess { command } => Self::CredentialProcess { command },
            Credentials::AssumeRole(role) => {
                let (source_profile, credential_source) = match role.source {
                    RoleSource::Profile(name) => (Some(name), None),
                    RoleSource::CredentialSource(source) => (None, Some(source)),
                };
                Self::AssumeRole {
                    role_arn: role.role_arn,
                    source_profile,
                    credential_source,
                    mfa_serial: role.mfa_serial,
                    external_id: role.external_id,
                    duration_seconds: role.duration_seconds,
                    session_name: role.session_name,
                }
            }
            Credentials::WebIdentity {
                role_arn,
                token_file,
                session_name,
            } => Self::WebIdentity {
                role_arn,
                token_file,
                session_name,
            },
            // The secrets stay behind.
            Credentials::StaticKeys { access_key_id, .. } => Self::StaticKeys {
                access_key_id,
                secret_access_key: None,
                session_token: None,
            },
            Credentials::None => Self::NoCredentials,
        }
    }
}

impl From<CredentialsView> for Credentials {
    fn from(view: CredentialsView) -> Self {
        match view {
            CredentialsView::SsoSession {
                session,
                account_id,
                role_name,
            } => Self::SsoSession {
                session,
                account_id,
                role_name,
            },
            CredentialsView::LegacySso {
                start_url,
                sso_region,
                account_id,
                role_name,
            } => Self::LegacySso {
                start_url,
                sso_region,
                account_id,
                role_name,
            },
            CredentialsView::ConsoleLogin { login_session } => Self::ConsoleLogin { login_session },
            CredentialsView::CredentialProcess { command } => Self::CredentialProcess { command },
            CredentialsView::AssumeRole {
                role_arn,
                source_profile,
                credential_source,
                mfa_serial,
                external_id,
                duration_seconds,
                session_name,
            } => Self::AssumeRole(AssumeRole {
                role_arn,
                // A credential source only when no profile is named.
                source: match (source_profile, credential_source) {
                    (None, Some(source)) => RoleSource::CredentialSource(source),
                    (profile, _) => RoleSource::Profile(profile.unwrap_or_default()),
                },
                mfa_serial,
                external_id,
                duration_seconds,
                session_name,
            }),
            CredentialsView::WebIdentity {
                role_arn,
                token_file,
                session_name,
            } => Self::WebIdentity {
                role_arn,
                token_file,
                session_name,
            },
            CredentialsView::StaticKeys {
                access_key_id,
                secret_access_key,
                session_token,
            } => Self::StaticKeys {
                access_key_id,
                secret_access_key,
                session_token,
            },
            CredentialsView::NoCredentials => Self::None,
        }
    }
}

impl From<ProfileWriteView> for ProfileWrite {
    fn from(view: ProfileWriteView) -> Self {
        match view {
            ProfileWriteView::Save { original, form } => Self::Save {
                original,
                form: Box::new(ProfileForm {
                    name: form.name,
                    credentials: form.credentials.into(),
                    region: form.region,
                    output: form.output,
                    other: form
                        .other
                        .into_iter()
                        .map(|pair| (pair.key, pair.value))
                        .collect(),
                }),
            },
            ProfileWriteView::Duplicate { from, name } => Self::Duplicate { from, name },
            ProfileWriteView::Delete { name } => Self::Delete { name },
            ProfileWriteView::Fix { fix } => Self::Fix(fix),
            ProfileWriteView::Discover {
                session,
                template,
                style,
                prune,
                chosen,
            } => Self::Discover(Box::new(DiscoveryWrite {
                session,
                template,
                style: match style {
                    DiscoveryStyle::Native => ProfileStyle::Sso,
                    DiscoveryStyle::CredentialProcess => ProfileStyle::Process,
                },
                prune,
                chosen: chosen
                    .into_iter()
                    .map(|pair| (pair.account_id, pair.role))
                    .collect(),
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_secret_reaches_the_engine_and_never_goes_back_or_into_a_log() {
        let typed = serde_json::json!({
            "kind": "static-keys", "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
            "secretAccessKey": "s3cret-typed-once", "sessionToken": null
        });
        let view: CredentialsView = serde_json::from_value(typed).unwrap();
        assert!(!serde_json::to_string(&view).unwrap().contains("s3cret"));
        assert!(!format!("{view:?}").contains("s3cret"));
        let Credentials::StaticKeys {
            secret_access_key: Some(secret),
            session_token: None,
            ..
        } = Credentials::from(view)
        else {
            panic!("the keys' form");
        };
        assert_eq!(secret.expose(), "s3cret-typed-once");
    }

    #[test]
    fn each_kind_crosses_tagged_by_its_name_with_camel_case_fields() {
        let form = ProfileFormView::from(ProfileForm {
            name: "admin".to_owned(),
            credentials: Credentials::AssumeRole(AssumeRole {
                role_arn: "arn:aws:iam::111122223333:role/Admin".to_owned(),
                source: RoleSource::CredentialSource("Environment".to_owned()),
                mfa_serial: String::new(),
                external_id: String::new(),
                duration_seconds: "3600".to_owned(),
                session_name: String::new(),
            }),
            region: "eu-west-1".to_owned(),
            output: String::new(),
            other: vec![("cli_pager".to_owned(), String::new())],
        });
        assert_eq!(
            serde_json::to_value(&form).unwrap(),
            serde_json::json!({
                "name": "admin", "region": "eu-west-1", "output": "",
                "other": [{"key": "cli_pager", "value": ""}],
                "credentials": {
                    "kind": "assume-role", "roleArn": "arn:aws:iam::111122223333:role/Admin",
                    "sourceProfile": null, "credentialSource": "Environment", "mfaSerial": "",
                    "externalId": "", "durationSeconds": "3600", "sessionName": ""
                }
            })
        );
    }
}
