use proptest::prelude::*;

use super::*;

fn path(segments: &[&str]) -> Vec<String> {
    segments
        .iter()
        .map(|segment| (*segment).to_owned())
        .collect()
}

const PASSWORD: [&str; 4] = [
    "settings",
    "servers",
    "server[id=acme-packages]",
    "password",
];
const USERNAME: [&str; 4] = [
    "settings",
    "servers",
    "server[id=acme-packages]",
    "username",
];
const ACTIVE: [&str; 3] = [
    "settings",
    "activeProfiles",
    "activeProfile[.=acme-packages]",
];

fn root_of(text: &str) -> &str {
    if text.contains("<configuration") {
        "configuration"
    } else {
        "settings"
    }
}

/// Sets each path in turn, then takes them back in reverse, as the journal does.
fn round_trip(before: &str, sets: &[(&[&str], Option<&str>)]) -> String {
    let mut doc = XmlDoc::parse(before, root_of(before)).unwrap();
    let mut undos = Vec::new();
    for (at, value) in sets {
        let undo = doc.set(&path(at), *value).expect("a change");
        undos.push((path(at), undo));
    }
    let after = doc.to_string();
    for (at, undo) in undos.iter().rev() {
        doc.undo(at, undo);
    }
    assert_eq!(doc.to_string(), before, "taken back byte for byte");
    after
}

#[test]
fn a_server_joins_the_others_indented_as_they_are_and_leaves_cleanly() {
    let before = "<?xml version=\"1.0\"?>\n<!-- mine -->\n<settings>\n    <servers>\n        <!-- the old one -->\n        <server>\n            <id>old</id>\n        </server>\n    </servers>\n</settings>\n";
    let after = round_trip(
        before,
        &[(&USERNAME, Some("aws")), (&PASSWORD, Some("T0KEN"))],
    );
    assert_eq!(
        after,
        "<?xml version=\"1.0\"?>\n<!-- mine -->\n<settings>\n    <servers>\n        <!-- the old one -->\n        <server>\n            <id>old</id>\n        </server>\n        <server>\n            <id>acme-packages</id>\n            <username>aws</username>\n            <password>T0KEN</password>\n        </server>\n    </servers>\n</settings>\n"
    );
}

#[test]
fn a_new_file_gets_the_whole_path_and_is_empty_again_after_undo() {
    let after = round_trip("", &[(&USERNAME, Some("aws")), (&ACTIVE, None)]);
    assert_eq!(
        after,
        "<settings>\n  <servers>\n    <server>\n      <id>acme-packages</id>\n      <username>aws</username>\n    </server>\n  </servers>\n  <activeProfiles>\n    <activeProfile>acme-packages</activeProfile>\n  </activeProfiles>\n</settings>\n"
    );
}

#[test]
fn an_empty_tag_is_opened_for_its_first_child_and_closed_again() {
    let after = round_trip(
        "<settings>\n\t<servers/>\n</settings>",
        &[(&USERNAME, Some("aws"))],
    );
    assert_eq!(
        after,
        "<settings>\n\t<servers>\n\t\t<server>\n\t\t\t<id>acme-packages</id>\n\t\t\t<username>aws</username>\n\t\t</server>\n\t</servers>\n</settings>"
    );
}

#[test]
fn an_element_on_one_line_gets_its_closing_tag_on_its_own_line() {
    let after = round_trip(
        "<settings><activeProfiles></activeProfiles></settings>",
        &[(&ACTIVE, None)],
    );
    assert_eq!(
        after,
        "<settings><activeProfiles>\n  <activeProfile>acme-packages</activeProfile>\n</activeProfiles></settings>"
    );
}

#[test]
fn a_replaced_value_or_attribute_is_given_back_as_it_was_written() {
    let before = "<configuration>\r\n  <packageSources>\r\n    <add key=\"acme/packages\" value = 'https://old/v3/index.json' />\r\n  </packageSources>\r\n</configuration>\r\n";
    let source = [
        "configuration",
        "packageSources",
        "add[@key=acme/packages]",
        "@value",
    ];
    let after = round_trip(before, &[(&source, Some("https://new/?a=1&b=2"))]);
    assert_eq!(
        after,
        before.replace("https://old/v3/index.json", "https://new/?a=1&amp;b=2")
    );
    let mut doc = XmlDoc::parse(&after, "configuration").unwrap();
    assert_eq!(
        doc.get(&path(&source)).as_deref(),
        Some("https://new/?a=1&b=2")
    );
    assert_eq!(doc.set(&path(&source), Some("https://new/?a=1&b=2")), None);

    let with_password = "<settings><servers><server><id>acme-packages</id><password>OLD</password></server></servers></settings>";
    let after = round_trip(with_password, &[(&PASSWORD, Some("NEW"))]);
    assert!(after.contains("<password>NEW</password>") && !after.contains("OLD"));
}

#[test]
fn an_attribute_is_added_beside_the_others_and_removed_with_its_space() {
    let before = "<configuration>\n  <packageSources>\n    <add key=\"acme/packages\"/>\n  </packageSources>\n</configuration>\n";
    let source = [
        "configuration",
        "packageSources",
        "add[@key=acme/packages]",
        "@value",
    ];
    let after = round_trip(before, &[(&source, Some("https://e/v3/index.json"))]);
    assert!(
        after.contains("<add key=\"acme/packages\" value=\"https://e/v3/index.json\"/>"),
        "{after}"
    );
}

#[test]
fn nuget_credentials_share_their_element_and_it_goes_with_the_last() {
    let user = [
        "configuration",
        "packageSourceCredentials",
        "acme_x002F_packages",
        "add[@key=Username]",
        "@value",
    ];
    let password = [
        "configuration",
        "packageSourceCredentials",
        "acme_x002F_packages",
        "add[@key=ClearTextPassword]",
        "@value",
    ];
    let before = "<configuration>\n  <packageSources>\n    <clear />\n  </packageSources>\n</configuration>\n";
    let after = round_trip(before, &[(&user, Some("aws")), (&password, Some("T0KEN"))]);
    assert!(
        after.ends_with("  </packageSources>\n  <packageSourceCredentials>\n    <acme_x002F_packages>\n      <add key=\"Username\" value=\"aws\" />\n      <add key=\"ClearTextPassword\" value=\"T0KEN\" />\n    </acme_x002F_packages>\n  </packageSourceCredentials>\n</configuration>\n"),
        "{after}"
    );
}

#[test]
fn an_element_awning_created_stays_while_it_holds_what_someone_else_put_there() {
    let mut doc = XmlDoc::parse("", "settings").unwrap();
    let undo = doc.set(&path(&USERNAME), Some("aws")).unwrap();
    let mut text = doc.to_string();
    text = text.replace(
        "  </servers>",
        "    <server><id>theirs</id></server>\n  </servers>",
    );
    let mut doc = XmlDoc::parse(&text, "settings").unwrap();
    doc.undo(&path(&USERNAME), &undo);
    assert_eq!(
        doc.to_string(),
        "<settings>\n  <servers>\n    <server><id>theirs</id></server>\n  </servers>\n</settings>\n"
    );
}

#[test]
fn broken_files_are_refused_at_their_line() {
    let broken = [
        ("<settings>\n  <servers>\n  </server>\n</settings>\n", 3),
        ("<settings/>\n<settings/>\n", 2),
        ("<settings/>\ntext\n", 2),
        ("<settings>\n  <servers>\n", 2),
        ("<settings>\n  <server id=\"a\" id=\"b\"/>\n</settings>", 2),
        ("<settings>\n<!-- a -- b -->\n</settings>", 2),
        ("<!-- a pom, not settings -->\n<project/>\n", 2),
    ];
    for (text, line) in broken {
        assert_eq!(
            XmlDoc::parse(text, "settings").unwrap_err(),
            Unparsable(line),
            "{text}"
        );
    }
}

/// A `settings.xml` as people leave them: any indentation and line ending, comments,
/// empty or self-closing sections, other servers and profiles, with or without a final
/// newline.
fn settings_file() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        Just("<!-- note -->".to_owned()),
        Just("<servers/>".to_owned()),
        Just("<servers></servers>".to_owned()),
        Just("<servers>{n}{i}{i}<server><id>corp</id></server>{n}{i}</servers>".to_owned()),
        Just("<servers>{n}{i}{i}<!-- <server/> -->{n}{i}</servers>".to_owned()),
        Just("<profiles>{n}{i}{i}<profile>{n}{i}{i}{i}<id>acme-packages</id>{n}{i}{i}</profile>{n}{i}</profiles>".to_owned()),
        Just("<activeProfiles>{n}{i}</activeProfiles>".to_owned()),
        Just("<localRepository>/m2 &amp; more</localRepository>".to_owned()),
    ];
    (
        prop::collection::vec(part, 0..4),
        prop_oneof![Just("  "), Just("    "), Just("\t")],
        prop_oneof![Just("\n"), Just("\r\n")],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(parts, indent, ending, declared, final_newline)| {
            let body: String = parts
                .iter()
                .map(|part| format!("{ending}{indent}{part}"))
                .collect();
            let declaration = if declared {
                format!("<?xml version=\"1.0\"?>{ending}")
            } else {
                String::new()
            };
            let text = format!("{declaration}<settings>{body}{ending}</settings>")
                .replace("{n}", ending)
                .replace("{i}", indent);
            if final_newline {
                format!("{text}{ending}")
            } else {
                text
            }
        })
}

proptest! {
    /// Whatever the file holds, Maven's changes taken back in reverse order give it back
    /// byte for byte, and while they stand the file reads as Maven needs it.
    #[test]
    fn maven_changes_undone_give_the_file_back_byte_for_byte(text in settings_file()) {
        let url = ["settings", "profiles", "profile[id=acme-packages]", "repositories", "repository[id=acme-packages]", "url"];
        let sets: [(&[&str], Option<&str>); 4] = [
            (&USERNAME, Some("aws")),
            (&PASSWORD, Some("T0KEN")),
            (&url, Some("https://e/maven/packages/")),
            (&ACTIVE, None),
        ];
        let mut doc = XmlDoc::parse(&text, "settings").unwrap();
        let mut undos = Vec::new();
        for (at, value) in sets {
            if let Some(undo) = doc.set(&path(at), value) {
                undos.push((path(at), undo));
            }
        }
        let written = XmlDoc::parse(&doc.to_string(), "settings").unwrap();
        prop_assert_eq!(written.get(&path(&PASSWORD)), Some("T0KEN".to_owned()));
        prop_assert_eq!(written.get(&path(&url)), Some("https://e/maven/packages/".to_owned()));
        prop_assert_eq!(written.get(&path(&ACTIVE)), Some("acme-packages".to_owned()));
        for (at, undo) in undos.iter().rev() {
            doc.undo(at, undo);
        }
        prop_assert_eq!(doc.to_string(), text);
    }
}
