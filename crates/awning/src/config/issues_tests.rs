use super::*;
use crate::config::validate_config;
use crate::messages::{Language, advise_issue, describe_issue};

/// The file after each one-click fix `validate` offered, made in turn.
fn fixed(text: &str) -> (String, Vec<Problem>) {
    let mut document = Document::parse(text);
    let fixes: Vec<Fix> = validate_config(&document, &Document::default())
        .into_iter()
        .filter_map(|problem| problem.fix)
        .collect();
    for fix in &fixes {
        fix.apply(&mut document).unwrap();
    }
    let left = validate_config(&document, &Document::default());
    (document.to_string(), left)
}

#[test]
fn a_name_the_sdk_rejects_is_renamed_and_references_follow() {
    let (text, left) = fixed(
        "[profile 'my team']\nregion = eu-west-1\n\n[profile admin]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = my team\n",
    );
    assert_eq!(
        text,
        "[profile my-team]\nregion = eu-west-1\n\n[profile admin]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = my-team\n"
    );
    assert_eq!(left, []);
}

#[test]
fn a_shadowed_duplicate_key_goes_and_the_one_the_rust_sdk_reads_stays() {
    let (text, left) =
        fixed("# mine\n[profile dev]\nregion = eu-west-1\noutput = json\nregion = us-east-1\n");
    assert_eq!(
        text,
        "# mine\n[profile dev]\noutput = json\nregion = us-east-1\n"
    );
    assert_eq!(left, []);
}

#[test]
fn a_misspelled_session_is_pointed_at_the_one_it_meant() {
    let config = "[profile dev]\nsso_session = crop\nsso_account_id = 111122223333\nsso_role_name = R\n\n[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = us-east-1\n";
    let (text, left) = fixed(config);
    assert_eq!(text, config.replace("= crop", "= corp"));
    assert_eq!(left, []);
}

#[test]
fn sso_keys_beside_the_session_move_into_it_where_it_lacks_them() {
    let (text, left) = fixed(
        "[profile dev]\nsso_session = corp\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = R\n\n[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\n",
    );
    assert_eq!(
        text,
        "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = R\n\n[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\n"
    );
    assert_eq!(left, []);
}

#[test]
fn a_problem_knows_the_profile_it_concerns_and_what_has_no_mechanical_fix() {
    let problems = validate_config(
        &Document::parse("[profile a]\nsso_account_id = 1\n[sso-session s]\nsso_region = r\n"),
        &Document::default(),
    );
    let found: Vec<(u32, Option<&str>, bool)> = problems
        .iter()
        .map(|problem| {
            (
                problem.line,
                problem.profile.as_deref(),
                problem.fix.is_some(),
            )
        })
        .collect();
    assert_eq!(found, [(2, Some("a"), false), (3, None, false)]);
}

#[test]
fn every_issue_is_worded_with_its_advice_in_both_languages() {
    let issues = [
        Issue::UnparsedLine,
        Issue::RepeatedSection {
            header: "[profile a]".to_owned(),
            first: 1,
        },
        Issue::BadProfileName {
            name: "a b".to_owned(),
            suggestion: "a-b".to_owned(),
        },
        Issue::BadSessionName {
            name: "a b".to_owned(),
            suggestion: "a-b".to_owned(),
        },
        Issue::BareSection {
            name: "dev".to_owned(),
        },
        Issue::MalformedSection {
            text: "profile a b".to_owned(),
        },
        Issue::SessionMissingKey {
            session: "s".to_owned(),
            key: "sso_region".to_owned(),
        },
        Issue::RepeatedKey {
            key: "region".to_owned(),
            first: 2,
        },
        Issue::UnknownSession {
            profile: "a".to_owned(),
            session: "s".to_owned(),
            near: None,
        },
        Issue::UnknownSession {
            profile: "a".to_owned(),
            session: "s".to_owned(),
            near: Some("t".to_owned()),
        },
        Issue::SsoKeyBesideSession {
            profile: "a".to_owned(),
            key: "sso_region".to_owned(),
            session: "s".to_owned(),
        },
        Issue::AccountWithoutRole {
            profile: "a".to_owned(),
        },
        Issue::RoleWithoutAccount {
            profile: "a".to_owned(),
        },
        Issue::SeveralSources {
            profile: "a".to_owned(),
            sources: vec![
                Source::AssumeRole,
                Source::WebIdentity,
                Source::IdentityCenter,
                Source::ConsoleLogin,
                Source::CredentialProcess,
                Source::AccessKeys,
            ],
            first: Source::AssumeRole,
        },
        Issue::UnknownSourceProfile {
            profile: "a".to_owned(),
            source: "b".to_owned(),
        },
    ];
    for language in [Language::En, Language::Ja] {
        let words = language.catalogue();
        for issue in &issues {
            for said in [describe_issue(words, issue), advise_issue(words, issue)] {
                assert!(
                    !said.starts_with("config-") && !said.contains("source."),
                    "{language:?}: {said}"
                );
                assert!(
                    !said.contains('{'),
                    "{language:?}: a placeholder is left in {said}"
                );
            }
        }
    }
}

#[test]
fn an_inline_comment_botocore_would_read_as_value_moves_onto_its_own_line() {
    let (text, left) = fixed("[profile dev]\nregion = us-east-2   # Ohio\noutput = json\n");
    assert_eq!(
        text,
        "[profile dev]\n# Ohio\nregion = us-east-2\noutput = json\n"
    );
    assert_eq!(left, []);
}

#[test]
fn an_indented_or_spaced_header_is_written_as_every_sdk_reads_it() {
    let (text, left) = fixed("  [profile a]\nregion = x\n\n[ default ] # home\nregion = y\n");
    assert_eq!(
        text,
        "[profile a]\nregion = x\n\n[default] # home\nregion = y\n"
    );
    assert_eq!(left, []);
}

#[test]
fn botocores_readings_are_worded_in_both_languages() {
    let document = Document::parse("  [profile a]\n[profile b]\nregion = x ; note\n[ default ]\n");
    let problems = validate_config(&document, &Document::default());
    let issues: Vec<&Issue> = problems.iter().map(|problem| &problem.issue).collect();
    assert_eq!(
        issues,
        [
            &Issue::IndentedHeader {
                header: "[profile a]".to_owned()
            },
            &Issue::InlineComment {
                key: "region".to_owned()
            },
            &Issue::SpacedHeader {
                header: "[ default ]".to_owned()
            },
        ]
    );
    for language in [Language::En, Language::Ja] {
        for issue in &issues {
            let words = language.catalogue();
            for text in [describe_issue(words, issue), advise_issue(words, issue)] {
                assert!(!text.contains("config-"), "{text}");
            }
        }
    }
    assert!(describe_issue(Language::En.catalogue(), issues[1]).contains("botocore"));
}
