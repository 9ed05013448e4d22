//! Properties of the config document over random inputs and random edit sequences.

use std::collections::BTreeMap;

use awning::config::{Document, FileKind, SectionName};
use proptest::prelude::*;

/// Lines built from the characters that matter to an INI reader, and some that should not.
fn ini_like_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("profile ".to_owned()),
        Just("sso-session ".to_owned()),
        Just("default".to_owned()),
        Just("=".to_owned()),
        Just(" = ".to_owned()),
        Just("#".to_owned()),
        Just(";".to_owned()),
        Just(" ".to_owned()),
        Just("\t".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just("\u{feff}".to_owned()),
        "[a-z_]{1,8}",
        "\\PC{1,4}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn any_text_prints_back_byte_for_byte(text in ini_like_text()) {
        prop_assert_eq!(Document::parse(&text).to_string(), text);
    }

    #[test]
    fn any_unicode_text_prints_back_byte_for_byte(text in "\\PC*") {
        prop_assert_eq!(Document::parse(&text).to_string(), text);
    }

    #[test]
    fn adding_a_profile_and_removing_it_again_gives_any_file_back(text in ini_like_text()) {
        let mut document = Document::parse(&text);
        let added = SectionName::Profile("awning-new".to_owned());
        document.set(FileKind::Config, &added, "region", "eu-west-1").unwrap();
        document.remove_section(FileKind::Config, &added).unwrap();
        prop_assert_eq!(document.to_string(), text);
    }
}

const NAMES: [&str; 4] = ["dev", "prod", "ops", "default"];
const KEYS: [&str; 3] = ["region", "output", "sso_role_name"];

#[derive(Debug, Clone)]
enum Edit {
    Set(usize, usize, String),
    Unset(usize, usize),
    Remove(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (0..NAMES.len(), 0..KEYS.len(), "[a-z0-9-]{1,12}").prop_map(|(s, k, v)| Edit::Set(s, k, v)),
        1 => (0..NAMES.len(), 0..KEYS.len()).prop_map(|(s, k)| Edit::Unset(s, k)),
        1 => (0..NAMES.len()).prop_map(Edit::Remove),
    ]
}

/// What the file should say: profile → key → value.
type Model = BTreeMap<&'static str, BTreeMap<&'static str, String>>;

/// A starting file in one of several styles, with comments that no edit may touch.
fn base() -> impl Strategy<Value = (String, Model)> {
    let style = (
        prop::bool::ANY,
        prop_oneof![Just(" = "), Just("="), Just(" =  ")],
    );
    let sections = prop::collection::btree_map(
        0..NAMES.len(),
        prop::collection::btree_map(0..KEYS.len(), "[a-z0-9]{1,8}", 0..3),
        0..4,
    );
    (style, sections).prop_map(|((crlf, assign), sections)| {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("# keep: file header{eol}{eol}");
        let mut model = Model::new();
        for (section, keys) in sections {
            let name = NAMES[section];
            let header = if name == "default" {
                "[default]".to_owned()
            } else {
                format!("[profile {name}]")
            };
            text += &format!("{header}{eol}");
            let entry = model.entry(name).or_default();
            for (key, value) in keys {
                text += &format!("{}{assign}{value}{eol}", KEYS[key]);
                entry.insert(KEYS[key], value);
            }
            text += &format!("  # keep: note in {name}{eol}{eol}");
        }
        (text, model)
    })
}

fn section(index: usize) -> SectionName {
    SectionName::Profile(NAMES[index].to_owned())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn edit_sequences_read_back_as_intended_and_leave_other_lines_alone(
        (text, mut model) in base(),
        edits in prop::collection::vec(edit(), 1..12),
    ) {
        let mut document = Document::parse(&text);
        let mut removed = std::collections::BTreeSet::new();
        for edit in edits {
            match edit {
                Edit::Set(s, k, value) => {
                    document.set(FileKind::Config, &section(s), KEYS[k], &value).unwrap();
                    model.entry(NAMES[s]).or_default().insert(KEYS[k], value);
                }
                Edit::Unset(s, k) => {
                    let present = model.get(NAMES[s]).is_some_and(|keys| keys.contains_key(KEYS[k]));
                    let result = document.unset(FileKind::Config, &section(s), KEYS[k]);
                    prop_assert_eq!(result.is_ok(), present);
                    if let Some(keys) = model.get_mut(NAMES[s]) {
                        keys.remove(KEYS[k]);
                    }
                }
                Edit::Remove(s) => {
                    removed.insert(NAMES[s]);
                    let result = document.remove_section(FileKind::Config, &section(s));
                    prop_assert_eq!(result.is_ok(), model.remove(NAMES[s]).is_some());
                }
            }
            let reread = Document::parse(&document.to_string());
            for (s, name) in NAMES.iter().enumerate() {
                for key in KEYS {
                    let expected = model.get(name).and_then(|keys| keys.get(key)).map(String::as_str);
                    prop_assert_eq!(reread.value(FileKind::Config, &section(s), key), expected);
                }
            }
        }
        let result = document.to_string();
        prop_assert!(result.starts_with("# keep: file header"));
        // Notes inside a section live as long as the section does.
        for name in NAMES.iter().filter(|name| !removed.contains(*name)) {
            let note = format!("  # keep: note in {name}");
            prop_assert_eq!(result.contains(&note), text.contains(&note), "{}", note);
        }
    }
}
