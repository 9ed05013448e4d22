use super::*;

const CARGO: &str = "# Ada's cargo\n[build]\nrustflags = [\n  \"-C\", \"target-cpu=native\",\n]\n\n[net]\ngit-fetch-with-cli = true   # behind the proxy\n";

fn path(segments: &[&str]) -> Vec<String> {
    segments.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn a_registry_table_is_added_and_taken_back_byte_for_byte() {
    let mut doc = TomlDoc::parse(CARGO).unwrap();
    let registry = path(&["registries", "acme-packages"]);
    assert!(doc.add_table(&registry));
    let index = doc
        .set(
            &registry,
            "index",
            "\"sparse+https://acme/cargo/packages/\"",
        )
        .unwrap();
    let provider = doc
        .set(
            &registry,
            "credential-provider",
            "\"cargo:token-from-stdout awning codeartifact token\"",
        )
        .unwrap();
    assert!(doc.add_table(&path(&["registry"])));
    let default = doc
        .set(&path(&["registry"]), "default", "\"acme-packages\"")
        .unwrap();
    let written = doc.to_string();
    assert!(written.starts_with(CARGO), "{written}");
    assert!(written.contains(
        "\n[registries.acme-packages]\nindex = \"sparse+https://acme/cargo/packages/\"\n"
    ));

    let mut doc = TomlDoc::parse(&written).unwrap();
    doc.undo(&path(&["registry"]), "default", &default);
    doc.remove_table(&path(&["registry"]));
    doc.undo(&registry, "credential-provider", &provider);
    doc.undo(&registry, "index", &index);
    doc.remove_table(&registry);
    assert_eq!(doc.to_string(), CARGO);
}

#[test]
fn a_replaced_value_keeps_its_comment_and_comes_back() {
    let mut doc = TomlDoc::parse(CARGO).unwrap();
    let net = path(&["net"]);
    let undo = doc.set(&net, "git-fetch-with-cli", "false").unwrap();
    assert_eq!(
        undo,
        ValueUndo::Replaced {
            original: "true".to_owned()
        }
    );
    assert!(
        doc.to_string()
            .contains("git-fetch-with-cli = false   # behind the proxy\n")
    );
    assert_eq!(doc.set(&net, "git-fetch-with-cli", "false"), None);
    doc.undo(&net, "git-fetch-with-cli", &undo);
    assert_eq!(doc.to_string(), CARGO);
}

#[test]
fn an_element_of_an_array_of_tables_is_found_by_its_name() {
    let text = "[[index]]\nname = \"internal\"\nurl = \"https://pypi.internal/simple/\"\n";
    let mut doc = TomlDoc::parse(text).unwrap();
    let ours = path(&["index[name=acme-packages]"]);
    assert!(doc.add_table(&ours));
    let url = doc
        .set(&ours, "url", "\"https://acme/pypi/packages/simple/\"")
        .unwrap();
    let written = doc.to_string();
    assert!(written.starts_with(text));
    assert!(
        written.ends_with(
            "[[index]]\nname = \"acme-packages\"\nurl = \"https://acme/pypi/packages/simple/\"\n"
        ),
        "{written}"
    );
    assert_eq!(
        doc.get(&path(&["index[name=internal]"]), "url").as_deref(),
        Some("\"https://pypi.internal/simple/\"")
    );
    doc.undo(&ours, "url", &url);
    doc.remove_table(&ours);
    assert_eq!(doc.to_string(), text);
}

#[test]
fn a_file_that_is_not_toml_names_its_line() {
    assert_eq!(
        TomlDoc::parse("[net]\nretry = 2\nthis is = = wrong\n").unwrap_err(),
        Unparsable(3)
    );
}

#[test]
fn a_table_someone_filled_meanwhile_stays() {
    let mut doc = TomlDoc::parse("").unwrap();
    let registry = path(&["registries", "acme"]);
    doc.add_table(&registry);
    doc.set(&registry, "theirs", "1").unwrap();
    doc.remove_table(&registry);
    assert_eq!(doc.get(&registry, "theirs").as_deref(), Some("1"));
}
