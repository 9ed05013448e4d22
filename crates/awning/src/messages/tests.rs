use std::collections::BTreeSet;
use std::time::Duration;

use super::*;
use crate::problem::{ConfigRule, Field, FieldProblem, FieldRule, Problem, Service, Thing};

fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[test]
fn both_languages_have_every_key_with_the_same_placeholders() {
    let keys = |texts: &Texts| texts.0.keys().cloned().collect::<BTreeSet<_>>();
    let (en, ja) = (&*EN, &*JA);
    assert_eq!(
        keys(en).symmetric_difference(&keys(ja)).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "keys in one catalogue only"
    );
    for (key, english) in &en.0 {
        assert_eq!(
            placeholders(english),
            placeholders(&ja.0[key]),
            "placeholders of {key}"
        );
    }
}

/// One of every problem code; add the new one here when adding a code.
fn every_problem() -> Vec<Problem> {
    let detail = || "boom".to_owned();
    let file = || "/home/ada/.aws/config".to_owned();
    let mut problems = vec![
        Problem::KeychainLocked,
        Problem::KeychainUnavailable { detail: detail() },
        Problem::KeychainTimeout { seconds: 2 },
        Problem::KeychainFailed { detail: detail() },
        Problem::KeychainItemUnreadable {
            item: "sso-session:corp".to_owned(),
        },
        Problem::NeedsSignIn { session: None },
        Problem::NeedsSignIn {
            session: Some("sso-session:corp".to_owned()),
        },
        Problem::SignInDenied,
        Problem::SignInCancelled,
        Problem::SignInExpired,
        Problem::SignInBusy { seconds: 60 },
        Problem::LoopbackUnavailable { detail: detail() },
        Problem::NetworkUnreachable {
            service: Service::IdentityCenter,
            detail: Some(detail()),
        },
        Problem::NetworkUnreachable {
            service: Service::IdentityCenter,
            detail: None,
        },
        Problem::ServiceError {
            service: Service::IdentityCenter,
            detail: detail(),
        },
        Problem::Throttled {
            service: Service::IdentityCenter,
        },
        Problem::ConfigUnreadable {
            file: file(),
            detail: detail(),
        },
        Problem::ConfigNotText { file: file() },
        Problem::ConfigChanged { file: file() },
        Problem::ConfigNotLocated,
        Problem::NothingToUndo { file: file() },
        Problem::UndoConflict {
            file: file(),
            backup: "/b".to_owned(),
        },
        Problem::InvalidFields {
            fields: vec![FieldProblem {
                field: Field::Name,
                rule: FieldRule::Taken,
            }],
        },
        Problem::SessionInUse {
            session: "corp".to_owned(),
            profiles: vec!["dev".to_owned(), "prod".to_owned()],
        },
        Problem::NoRole {
            profile: "dev".to_owned(),
        },
        Problem::CredentialsUnavailable {
            profile: "dev".to_owned(),
            detail: detail(),
        },
        Problem::NoRegion {
            profile: "dev".to_owned(),
        },
        Problem::ToolFileUnparsable {
            file: "/home/ada/.npmrc".to_owned(),
            line: Some(3),
        },
        Problem::ToolFileUnparsable {
            file: "/home/ada/.npmrc".to_owned(),
            line: None,
        },
        Problem::Throttled {
            service: Service::CodeArtifact,
        },
        Problem::InvalidFields {
            fields: [
                Field::Name,
                Field::StartUrl,
                Field::Region,
                Field::Scopes,
                Field::WarnMinutesBefore,
                Field::Domain,
                Field::DomainOwner,
                Field::Repository,
                Field::DurationSeconds,
                Field::Namespace,
                Field::ProjectDir,
                Field::Profile,
            ]
            .into_iter()
            .zip([
                FieldRule::Empty,
                FieldRule::BadCharacters,
                FieldRule::NotUrl,
                FieldRule::NotHttps,
                FieldRule::NotRegion,
                FieldRule::NotAccount,
                FieldRule::NotScope {
                    scope: "sso:x".to_owned(),
                },
                FieldRule::OutOfRange {
                    value: 60,
                    min: 900,
                    max: 43_200,
                },
                FieldRule::Taken,
                FieldRule::Empty,
                FieldRule::NotAbsolute,
                FieldRule::Empty,
            ])
            .map(|(field, rule)| FieldProblem { field, rule })
            .collect(),
        },
        Problem::InvalidFields {
            fields: [
                Field::SsoSession,
                Field::AccountId,
                Field::RoleName,
                Field::SsoRegion,
                Field::LoginSession,
                Field::CredentialProcess,
                Field::RoleArn,
                Field::SourceProfile,
                Field::CredentialSource,
                Field::MfaSerial,
                Field::ExternalId,
                Field::RoleSessionName,
                Field::WebIdentityTokenFile,
                Field::AccessKeyId,
                Field::SecretAccessKey,
                Field::Output,
                Field::OtherKeys,
                Field::Tag,
            ]
            .into_iter()
            .zip([
                FieldRule::UnknownSession,
                FieldRule::NotAccount,
                FieldRule::BadCharacters,
                FieldRule::NotRegion,
                FieldRule::NotArn,
                FieldRule::Empty,
                FieldRule::NotArn,
                FieldRule::Loop,
                FieldRule::NotCredentialSource,
                FieldRule::UnknownProfile,
                FieldRule::BadCharacters,
                FieldRule::BadCharacters,
                FieldRule::NotAbsolute,
                FieldRule::NotAccessKeyId,
                FieldRule::Empty,
                FieldRule::NotOutput,
                FieldRule::BadKey {
                    key: "a b".to_owned(),
                },
                FieldRule::BadCharacters,
            ])
            .chain(
                [
                    FieldRule::RepeatedKey {
                        key: "x".to_owned(),
                    },
                    FieldRule::FormKey {
                        key: "region".to_owned(),
                    },
                    FieldRule::BadValue {
                        key: "x".to_owned(),
                    },
                ]
                .map(|rule| (Field::OtherKeys, rule)),
            )
            .map(|(field, rule)| FieldProblem { field, rule })
            .collect(),
        },
        Problem::ClipboardUnavailable {
            detail: "no display".to_owned(),
        },
        Problem::PreviewOutdated {
            file: "/home/ada/.aws/config".to_owned(),
        },
        Problem::ProjectScopeUnsupported {
            tool: "pip".to_owned(),
        },
        Problem::NamespaceUnsupported {
            tool: "pip".to_owned(),
        },
        Problem::ProjectScopeRequired {
            tool: "poetry".to_owned(),
        },
        Problem::FileUnusable {
            path: "/data".to_owned(),
            detail: detail(),
        },
        Problem::DataFolderUnknown,
        Problem::UnknownSecretStore {
            value: "vault".to_owned(),
        },
        Problem::SettingsDamaged { file: file() },
        Problem::StartAtLoginFailed { detail: detail() },
        Problem::Internal,
    ];
    for rule in [
        ConfigRule::MissingKey,
        ConfigRule::ConflictingKey,
        ConfigRule::NotHttps,
        ConfigRule::NotSso,
        ConfigRule::BrokenChain,
        ConfigRule::BadText,
        ConfigRule::WrongFile,
    ] {
        for line in [None, Some(12)] {
            problems.push(Problem::ConfigInvalid {
                file: file(),
                line,
                section: "[sso-session corp]".to_owned(),
                key: Some("sso_region".to_owned()),
                rule,
            });
        }
    }
    for thing in [
        Thing::SsoSession,
        Thing::Profile,
        Thing::Section,
        Thing::Key,
        Thing::StoredSession,
        Thing::AccountOrRole,
        Thing::CodeArtifactDomain,
        Thing::CodeArtifactRepository,
        Thing::Connection,
    ] {
        let name = "corp".to_owned();
        problems.push(Problem::NotFound {
            thing,
            name: name.clone(),
        });
        problems.push(Problem::AlreadyExists { thing, name });
    }
    problems
}

#[test]
fn every_problem_reads_as_a_sentence_in_both_languages() {
    for language in [Language::En, Language::Ja] {
        for problem in every_problem() {
            let text = describe_problem(language.catalogue(), &problem);
            assert!(
                !text.starts_with("problem.") && !text.contains('{'),
                "{language:?} {problem:?}: {text}"
            );
        }
    }
    let en = Language::En.catalogue();
    assert_eq!(
        describe_problem(
            en,
            &Problem::ConfigInvalid {
                file: "/c".to_owned(),
                line: Some(7),
                section: "[sso-session corp]".to_owned(),
                key: Some("sso_region".to_owned()),
                rule: ConfigRule::MissingKey,
            }
        ),
        "[sso-session corp] has no sso_region (/c, line 7)."
    );
    assert_eq!(
        describe_problem(
            en,
            &Problem::InvalidFields {
                fields: vec![FieldProblem {
                    field: Field::DurationSeconds,
                    rule: FieldRule::OutOfRange {
                        value: 60,
                        min: 900,
                        max: 43_200
                    },
                }],
            }
        ),
        "Some fields are not right: duration in seconds must be between 900 and 43200, not 60."
    );
    assert_eq!(
        describe_problem(
            Language::Ja.catalogue(),
            &Problem::NetworkUnreachable {
                service: Service::IdentityCenter,
                detail: Some("timeout".to_owned()),
            }
        ),
        "IAM Identity Center に接続できませんでした (timeout)。"
    );
}

#[test]
fn durations_read_as_people_say_them_in_each_language() {
    let (en, ja) = (Language::En.catalogue(), Language::Ja.catalogue());
    let left = Duration::from_secs(7 * 3600 + 12 * 60 + 5);
    assert_eq!(en.duration(left), "7 h 12 m");
    assert_eq!(ja.duration(left), "7 時間 12 分");
    assert_eq!(
        ja.text("state.left", &[("left", &ja.duration(left))]),
        "残り 7 時間 12 分"
    );
    assert_eq!(en.duration(Duration::from_secs(240)), "4 m");
    assert_eq!(en.duration(Duration::from_secs(20)), "under a minute");
    assert_eq!(ja.duration(Duration::ZERO), "終了");
}

#[test]
fn the_locale_decides_the_language() {
    assert_eq!(Language::of_locale("ja_JP.UTF-8"), Language::Ja);
    assert_eq!(Language::of_locale("ja"), Language::Ja);
    assert_eq!(Language::of_locale("ja-JP"), Language::Ja);
    assert_eq!(Language::of_locale("en_GB.UTF-8"), Language::En);
    assert_eq!(Language::of_locale("C"), Language::En);
    assert_eq!(Language::of_locale("jv_ID"), Language::En);
}

#[test]
fn placeholders_fill_by_name_and_unknown_ones_stay() {
    assert_eq!(fill("{a} and {b}", &[("b", "2"), ("a", "1")]), "1 and 2");
    assert_eq!(fill("{a} {missing} {", &[("a", "1")]), "1 {missing} {");
}
