use super::*;

fn profile(name: &str) -> SectionName {
    SectionName::Profile(name.into())
}

fn session(name: &str) -> SectionName {
    SectionName::SsoSession(name.into())
}

/// Applies `edit` to `text` as a config file and returns the result.
fn edited(text: &str, edit: impl FnOnce(&mut Document) -> Result<(), EditError>) -> String {
    let mut document = Document::parse(text);
    edit(&mut document).expect("the edit applies");
    document.to_string()
}

const TEAM: &str = "\
# Team AWS config — keep the comments!
[default]
region = eu-west-1

# Developer access
[profile dev]
sso_session = corp
sso_account_id = 111122223333 ; sandbox
sso_role_name = Developer
s3 =
  max_concurrent_requests = 20

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
";

#[test]
fn setting_a_key_with_an_inline_comment_puts_the_comment_on_its_own_line_above() {
    let result = edited(TEAM, |d| {
        d.set(
            FileKind::Config,
            &profile("dev"),
            "sso_account_id",
            "444455556666",
        )
    });
    assert_eq!(
        result,
        // botocore would read `444455556666 ; sandbox` as the account.
        TEAM.replace(
            "sso_account_id = 111122223333 ; sandbox",
            "; sandbox\nsso_account_id = 444455556666"
        )
    );
}

#[test]
fn a_new_key_goes_after_the_sections_last_key_and_nested_block() {
    let result = edited(TEAM, |d| {
        d.set(FileKind::Config, &profile("dev"), "region", "us-west-2")
    });
    assert_eq!(
        result,
        TEAM.replace(
            "  max_concurrent_requests = 20\n",
            "  max_concurrent_requests = 20\nregion = us-west-2\n"
        )
    );
}

#[test]
fn a_new_profile_is_appended_after_a_blank_line() {
    let result = edited(TEAM, |d| {
        d.set(FileKind::Config, &profile("ops"), "region", "eu-north-1")
    });
    assert_eq!(
        result,
        format!("{TEAM}\n[profile ops]\nregion = eu-north-1\n")
    );
}

#[test]
fn new_lines_follow_the_files_crlf_spacing_and_indentation() {
    let text = "[profile a]\r\n  region=x\r\n";
    let result = edited(text, |d| {
        d.set(FileKind::Config, &profile("a"), "output", "json")
    });
    assert_eq!(result, "[profile a]\r\n  region=x\r\n  output=json\r\n");
    let result = edited(text, |d| {
        d.set(FileKind::Config, &profile("b"), "output", "json")
    });
    assert_eq!(
        result,
        "[profile a]\r\n  region=x\r\n\r\n[profile b]\r\noutput=json\r\n"
    );
}

#[test]
fn a_file_without_a_final_newline_stays_without_one() {
    let text = "[profile a]\nregion = x";
    let added = edited(text, |d| {
        d.set(FileKind::Config, &profile("a"), "output", "json")
    });
    assert_eq!(added, "[profile a]\nregion = x\noutput = json");
    let appended = edited(text, |d| {
        d.set(FileKind::Config, &profile("b"), "region", "y")
    });
    assert_eq!(
        appended,
        "[profile a]\nregion = x\n\n[profile b]\nregion = y"
    );
    let removed = edited(&added, |d| {
        d.unset(FileKind::Config, &profile("a"), "output")
    });
    assert_eq!(removed, text);
}

#[test]
fn an_empty_file_gets_its_first_section() {
    let result = edited("", |d| {
        d.set(FileKind::Config, &profile("default"), "region", "x")
    });
    assert_eq!(result, "[default]\nregion = x\n");
    let result = edited("", |d| {
        d.set(FileKind::Config, &profile("my team"), "region", "x")
    });
    assert_eq!(result, "[profile 'my team']\nregion = x\n");
}

#[test]
fn the_credentials_file_uses_bare_section_names() {
    let result = edited("", |d| {
        d.set(
            FileKind::Credentials,
            &profile("dev"),
            "aws_access_key_id",
            "AKIA",
        )
    });
    assert_eq!(result, "[dev]\naws_access_key_id = AKIA\n");
    let mut document = Document::parse("");
    assert_eq!(
        document.set(FileKind::Credentials, &session("corp"), "sso_region", "x"),
        Err(EditError::WrongFile("sso-session"))
    );
}

#[test]
fn profile_default_is_the_one_edited_when_both_spellings_exist() {
    let text = "[default]\nregion = a\n[profile default]\nregion = b\n";
    let result = edited(text, |d| {
        d.set(FileKind::Config, &profile("default"), "region", "c")
    });
    assert_eq!(
        result,
        "[default]\nregion = a\n[profile default]\nregion = c\n"
    );
}

#[test]
fn with_duplicates_the_value_that_wins_is_the_one_changed() {
    let text = "[profile a]\nregion = 1\n[profile a]\nregion = 2\nregion = 3\n";
    let mut document = Document::parse(text);
    assert_eq!(
        document.value(FileKind::Config, &profile("a"), "region"),
        Some("3")
    );
    document
        .set(FileKind::Config, &profile("a"), "REGION", "4")
        .unwrap();
    assert_eq!(
        document.to_string(),
        text.replace("region = 3", "region = 4")
    );
}

#[test]
fn unsetting_removes_the_key_its_nested_lines_and_every_duplicate() {
    let result = edited(TEAM, |d| d.unset(FileKind::Config, &profile("dev"), "s3"));
    assert_eq!(
        result,
        TEAM.replace("s3 =\n  max_concurrent_requests = 20\n", "")
    );
    let text = "[profile a]\nregion = 1\nregion = 2\noutput = json\n";
    let result = edited(text, |d| d.unset(FileKind::Config, &profile("a"), "region"));
    assert_eq!(result, "[profile a]\noutput = json\n");
}

#[test]
fn unsetting_what_is_not_there_says_so() {
    let mut document = Document::parse(TEAM);
    assert_eq!(
        document.unset(FileKind::Config, &profile("dev"), "output"),
        Err(EditError::NoSuchKey {
            section: profile("dev"),
            key: "output".into()
        })
    );
    assert_eq!(
        document.unset(FileKind::Config, &profile("nope"), "region"),
        Err(EditError::NoSuchSection(profile("nope")))
    );
    assert_eq!(document.to_string(), TEAM, "a failed edit changes nothing");
}

#[test]
fn removing_a_section_takes_its_comment_block_and_trailing_blank_line() {
    let result = edited(TEAM, |d| {
        d.remove_section(FileKind::Config, &profile("dev"))
    });
    let expected = TEAM.replace(
        "# Developer access\n[profile dev]\nsso_session = corp\nsso_account_id = 111122223333 ; sandbox\n\
         sso_role_name = Developer\ns3 =\n  max_concurrent_requests = 20\n\n",
        "",
    );
    assert_eq!(result, expected);
    assert!(result.starts_with("# Team AWS config"));
}

#[test]
fn removing_the_last_section_leaves_no_dangling_blank_lines() {
    let result = edited(TEAM, |d| {
        d.remove_section(FileKind::Config, &session("corp"))
    });
    assert!(
        result.ends_with("  max_concurrent_requests = 20\n"),
        "{result:?}"
    );
}

#[test]
fn removing_a_repeated_section_removes_every_occurrence() {
    let text = "[profile a]\nx = 1\n\n[profile b]\ny = 2\n\n[profile a]\nz = 3\n";
    let result = edited(text, |d| d.remove_section(FileKind::Config, &profile("a")));
    assert_eq!(result, "[profile b]\ny = 2\n");
}

#[test]
fn renaming_a_session_repoints_the_profiles_that_use_it() {
    let result = edited(TEAM, |d| {
        d.rename_section(FileKind::Config, &session("corp"), "work")
    });
    assert_eq!(
        result,
        TEAM.replace("sso_session = corp", "sso_session = work")
            .replace("[sso-session corp]", "[sso-session work]")
    );
}

#[test]
fn renaming_a_profile_keeps_its_header_comment_and_repoints_source_profile() {
    let text = "[profile a] # main\nregion = x\n[profile b]\nsource_profile = a\n";
    let result = edited(text, |d| {
        d.rename_section(FileKind::Config, &profile("a"), "main")
    });
    assert_eq!(
        result,
        "[profile main] # main\nregion = x\n[profile b]\nsource_profile = main\n"
    );
}

#[test]
fn renaming_onto_an_existing_name_is_refused() {
    let mut document = Document::parse(TEAM);
    assert_eq!(
        document.rename_section(FileKind::Config, &profile("dev"), "default"),
        Err(EditError::NameTaken(profile("default")))
    );
}

#[test]
fn unsafe_keys_values_and_names_are_refused_before_anything_changes() {
    let mut document = Document::parse(TEAM);
    let dev = profile("dev");
    assert!(matches!(
        document.set(FileKind::Config, &dev, "a key", "v"),
        Err(EditError::InvalidKey(_))
    ));
    assert!(matches!(
        document.set(FileKind::Config, &dev, "k", "a\nb"),
        Err(EditError::InvalidValue { .. })
    ));
    assert!(matches!(
        document.set(FileKind::Config, &dev, "k", "a #b"),
        Err(EditError::InvalidValue { .. })
    ));
    assert!(matches!(
        document.set(FileKind::Config, &dev, "k", " a"),
        Err(EditError::InvalidValue { .. })
    ));
    assert!(matches!(
        document.set(FileKind::Config, &profile("x]"), "k", "v"),
        Err(EditError::InvalidName { .. })
    ));
    assert_eq!(document.to_string(), TEAM);
}

#[test]
fn comments_opening_the_file_stay_when_the_first_section_goes() {
    let text = "# Team config\n[default]\nregion = x\n\n[profile a]\nregion = y\n";
    let result = edited(text, |d| {
        d.remove_section(FileKind::Config, &profile("default"))
    });
    assert_eq!(result, "# Team config\n[profile a]\nregion = y\n");
}

#[test]
fn a_byte_order_mark_survives_edits_to_the_first_line() {
    let text = "\u{feff}[profile a]\nregion = x\n\n[profile b]\nregion = y\n";
    let renamed = edited(text, |d| {
        d.rename_section(FileKind::Config, &profile("a"), "first")
    });
    assert_eq!(renamed, text.replace("[profile a]", "[profile first]"));
    let removed = edited(text, |d| d.remove_section(FileKind::Config, &profile("a")));
    assert_eq!(removed, "\u{feff}[profile b]\nregion = y\n");
}

#[test]
fn an_edit_where_botocore_reads_the_header_otherwise_is_refused_and_changes_nothing() {
    for (text, line) in [
        // botocore reads a section named ` default `, no profile at all.
        ("[ default ]\nregion = us-east-2\n", 1),
        // botocore reads `[profile a]`; a second one would make the file unreadable.
        ("# mine\n  [profile a]\nregion = us-east-2\n", 2),
    ] {
        let name = if text.contains("default") {
            "default"
        } else {
            "a"
        };
        let mut document = Document::parse(text);
        let refused = document.set(FileKind::Config, &profile(name), "region", "eu-west-1");
        assert!(
            matches!(refused, Err(EditError::ReadOtherwise { line: at, .. }) if at == line),
            "{text:?}: {refused:?}"
        );
        assert_eq!(document.to_string(), text);
    }
}

#[test]
fn adding_a_profile_and_removing_it_gives_back_a_last_line_of_spaces() {
    for text in [
        "[default]\nregion = eu-west-1\n   ",
        "[default]\nregion = eu-west-1\n\t\n",
        "x\n\n",
    ] {
        let mut document = Document::parse(text);
        document
            .set(FileKind::Config, &profile("new"), "region", "x")
            .unwrap();
        document
            .remove_section(FileKind::Config, &profile("new"))
            .unwrap();
        assert_eq!(document.to_string(), text);
    }
}
