use super::*;
use crate::messages::{Language, advise_issue, describe_issue};

/// Each problem's line and what the CLI says of it.
fn problems(text: &str) -> Vec<(usize, String)> {
    validate_config(&Document::parse(text), &Document::default())
        .into_iter()
        .map(|problem| {
            let said = describe_issue(Language::En.catalogue(), &problem.issue);
            (problem.line as usize, said)
        })
        .collect()
}

#[test]
fn a_file_written_as_aws_configure_sso_writes_it_has_no_problems() {
    let text = "\
[profile dev]
sso_session = my-sso
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = us-west-2
output = json

[sso-session my-sso]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[default]
region = eu-west-1
[profile default]
output = json
";
    assert_eq!(problems(text), vec![]);
}

#[test]
fn a_misspelled_session_is_named_with_a_suggestion() {
    let found = problems(
        "[profile a]\nsso_session = crop\nsso_account_id = 1\nsso_role_name = R\n[sso-session corp]\nsso_start_url = u\nsso_region = r\n",
    );
    assert_eq!(
        found,
        vec![(
            2,
            "profile a uses sso-session `crop`, which does not exist (did you mean `corp`?)".into()
        )]
    );
}

#[test]
fn session_keys_in_a_profile_that_names_a_session_are_rejected() {
    let found = problems(
        "[profile a]\nsso_session = s\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n[sso-session s]\nsso_start_url = u\nsso_region = us-east-1\n",
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 3);
    assert!(
        found[0]
            .1
            .contains("has `sso_region` and also names an sso-session"),
        "{found:?}"
    );
}

#[test]
fn account_without_role_and_role_without_account_are_both_caught() {
    let found = problems("[profile a]\nsso_account_id = 1\n[profile b]\nsso_role_name = R\n");
    let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
    assert!(lines.contains(&2) && lines.contains(&4), "{found:?}");
    assert!(
        found
            .iter()
            .any(|(_, m)| m == "profile a has `sso_account_id` but no `sso_role_name`")
    );
    assert!(
        found
            .iter()
            .any(|(_, m)| m == "profile b has `sso_role_name` but no `sso_account_id`")
    );
}

#[test]
fn several_credential_sources_in_one_profile_say_which_the_rust_sdk_uses() {
    let found = problems(
        "[profile a]\ncredential_process = x\naws_access_key_id = A\nlogin_session = arn\n",
    );
    assert_eq!(
        found,
        vec![(1, "profile a names several ways to get credentials (console login, credential process, access keys); the AWS tools disagree on which wins (the AWS SDK for Rust uses console login)".into())]
    );
}

#[test]
fn unprefixed_malformed_repeated_and_unparsed_lines_are_reported_in_order() {
    let found = problems(
        "[dev]\nregion = x\n[profile a b]\njust words\n[profile c]\nregion = 1\nregion = 2\n[profile c]\n",
    );
    let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, vec![1, 3, 4, 7, 8], "{found:?}");
    assert!(found[0].1.contains("has no `profile` prefix"));
    assert!(
        found[3]
            .1
            .contains("`region` is set again (first on line 6)")
    );
    assert!(found[4].1.contains("appears again (first on line 5)"));
}

#[test]
fn names_the_rust_sdk_rejects_get_a_renaming_suggestion() {
    let found = validate_config(
        &Document::parse("[profile 'my team']\nregion = x\n"),
        &Document::default(),
    );
    assert_eq!(found.len(), 1);
    assert_eq!(
        advise_issue(Language::En.catalogue(), &found[0].issue),
        "rename it using letters, digits and -_/.%@:+ only, for example `my-team`"
    );
    assert_eq!(
        found[0].fix,
        Some(Fix::RenameProfile {
            from: "my team".to_owned(),
            to: "my-team".to_owned()
        })
    );
}

#[test]
fn sessions_need_a_start_url_and_region_and_source_profiles_must_exist() {
    let found = problems(
        "[sso-session s]\nsso_region = r\n[profile a]\nrole_arn = arn\nsource_profile = base\n",
    );
    assert_eq!(
        found,
        vec![
            (1, "sso-session s has no `sso_start_url`".into()),
            (
                5,
                "profile a takes credentials from profile `base`, which does not exist".into()
            ),
        ]
    );
}

#[test]
fn edit_distance_counts_single_character_changes() {
    assert_eq!(edit_distance("corp", "crop"), 2);
    assert_eq!(edit_distance("corp", "corp"), 0);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(closest("prdo", ["prod", "dev"].into_iter()), Some("prod"));
    assert_eq!(closest("x", ["prod"].into_iter()), None);
}

#[test]
fn a_source_profile_may_live_in_the_credentials_file() {
    let config = Document::parse("[profile admin]\nrole_arn = arn\nsource_profile = base\n");
    let credentials = Document::parse("[base]\naws_access_key_id = A\n");
    assert_eq!(validate_config(&config, &credentials), vec![]);
}

#[test]
fn web_identity_with_its_role_and_a_self_sourced_role_are_not_conflicts() {
    let text = "[profile web]\nrole_arn = arn:r\nweb_identity_token_file = /t\n\
                [profile self]\nrole_arn = arn:r\nsource_profile = self\naws_access_key_id = A\n";
    assert_eq!(problems(text), vec![]);
}
