//! The config engine against a corpus of real-shaped files (`tests/fixtures/`):
//! AWS documentation examples, CLI-written files, hand-written ones with comments, CRLF,
//! no final newline, a BOM, broken lines, and a large generated file.

use std::path::PathBuf;

use awning::config::{Document, FileKind, LineKind, SectionName, validate_config};
use awning::messages::{Language, advise_issue, describe_issue};

fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("the fixture folder")
        .map(|entry| {
            let path = entry.expect("a fixture").path();
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (
                name,
                std::fs::read_to_string(&path).expect("a UTF-8 fixture"),
            )
        })
        .collect();
    found.sort();
    assert!(found.len() >= 30, "the corpus has {} files", found.len());
    found
}

#[test]
fn every_fixture_prints_back_byte_for_byte() {
    for (name, text) in fixtures() {
        assert_eq!(Document::parse(&text).to_string(), text, "{name}");
    }
}

#[test]
fn setting_a_key_in_every_fixture_changes_only_the_lines_it_must() {
    for (name, text) in fixtures() {
        let mut document = Document::parse(&text);
        let target = SectionName::Profile("awning-test".into());
        document
            .set(FileKind::Config, &target, "region", "eu-north-1")
            .unwrap();
        let after = document.to_string();
        assert!(
            after.starts_with(text.trim_end_matches(['\n', '\r'])),
            "{name}: earlier lines changed"
        );
        assert_eq!(
            document.value(FileKind::Config, &target, "region"),
            Some("eu-north-1"),
            "{name}"
        );
        document.remove_section(FileKind::Config, &target).unwrap();
        // Adding a profile and removing it again gives the file back byte for byte.
        assert_eq!(document.to_string(), text, "{name}");
    }
}

/// The credentials file the fixtures' `source_profile = default` refers to.
fn credentials() -> Document {
    Document::parse("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n")
}

#[test]
fn validation_reads_every_fixture_and_points_at_real_lines() {
    for (name, text) in fixtures() {
        let document = Document::parse(&text);
        for problem in validate_config(&document, &credentials()) {
            assert!(
                (1..=document.lines().len()).contains(&(problem.line as usize)),
                "{name}: line {} of {}",
                problem.line,
                document.lines().len()
            );
            let words = Language::En.catalogue();
            assert!(
                !advise_issue(words, &problem.issue).starts_with("config-advice."),
                "{name}: {} has no advice",
                describe_issue(words, &problem.issue)
            );
        }
    }
}

#[test]
fn well_formed_fixtures_have_no_problems_and_broken_ones_do() {
    let broken = [
        "broken-lines.ini",
        "duplicate-keys.ini",
        "duplicate-sections.ini",
        "cli-configure-sso-quoted.ini",
        "several-sources.ini",
        "unprefixed-in-config.ini",
        "credentials-basic.ini",
        // Inline comments: botocore reads them as part of the values.
        "hand-commented.ini",
    ];
    for (name, text) in fixtures() {
        let problems = validate_config(&Document::parse(&text), &credentials());
        if broken.contains(&name.as_str()) {
            assert!(!problems.is_empty(), "{name} should have problems");
        } else {
            assert!(problems.is_empty(), "{name}: {problems:?}");
        }
    }
}

#[test]
fn unparsed_lines_are_only_where_the_file_is_broken() {
    for (name, text) in fixtures() {
        let unparsed = Document::parse(&text)
            .lines()
            .iter()
            .filter(|line| line.kind() == &LineKind::Unparsed)
            .count();
        assert_eq!(unparsed > 0, name == "broken-lines.ini", "{name}");
    }
}
