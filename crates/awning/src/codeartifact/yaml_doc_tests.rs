use super::*;

const YARNRC: &str = "# Ada's yarn\nnodeLinker: node-modules\n\nnpmRegistries:\n  \"//npm.pkg.github.com\":\n    npmAuthToken: ghp_mine\n\nyarnPath: .yarn/releases/yarn-4.18.1.cjs\n";
const E: &str = "https://acme-111122223333.d.codeartifact.us-west-2.amazonaws.com/npm/packages/";

fn path(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

#[test]
fn a_registry_joins_the_others_and_goes_back_byte_for_byte() {
    let mut doc = YamlDoc::parse(YARNRC).unwrap();
    let server = doc
        .set(&path(&["npmRegistryServer"]), &format!("\"{E}\""))
        .unwrap();
    let always = doc
        .set(&path(&["npmRegistries", E, "npmAlwaysAuth"]), "true")
        .unwrap();
    let token = doc
        .set(&path(&["npmRegistries", E, "npmAuthToken"]), "T")
        .unwrap();
    assert_eq!(
        doc.to_string(),
        format!(
            "# Ada's yarn\nnodeLinker: node-modules\n\nnpmRegistries:\n  \"//npm.pkg.github.com\":\n    npmAuthToken: ghp_mine\n  \"{E}\":\n    npmAlwaysAuth: true\n    npmAuthToken: T\n\nyarnPath: .yarn/releases/yarn-4.18.1.cjs\nnpmRegistryServer: \"{E}\"\n"
        )
    );
    assert_eq!(
        doc.get(&path(&[
            "npmRegistries",
            "//npm.pkg.github.com",
            "npmAuthToken"
        ]))
        .as_deref(),
        Some("ghp_mine")
    );
    doc.undo(&path(&["npmRegistries", E, "npmAuthToken"]), &token);
    doc.undo(&path(&["npmRegistries", E, "npmAlwaysAuth"]), &always);
    doc.undo(&path(&["npmRegistryServer"]), &server);
    assert_eq!(doc.to_string(), YARNRC);
}

#[test]
fn mappings_created_for_a_value_go_when_it_goes() {
    let text = "enableTelemetry: false";
    let mut doc = YamlDoc::parse(text).unwrap();
    let token = doc
        .set(&path(&["npmRegistries", E, "npmAuthToken"]), "T")
        .unwrap();
    assert_eq!(
        token,
        YamlUndo::Inserted {
            parents: 2,
            newline_added: true
        }
    );
    assert_eq!(
        doc.to_string(),
        format!("enableTelemetry: false\nnpmRegistries:\n  \"{E}\":\n    npmAuthToken: T\n")
    );
    doc.undo(&path(&["npmRegistries", E, "npmAuthToken"]), &token);
    assert_eq!(doc.to_string(), text);
}

#[test]
fn a_value_that_exists_is_replaced_where_it_stands_and_restored() {
    let mut doc = YamlDoc::parse(YARNRC).unwrap();
    let key = path(&["npmRegistries", "//npm.pkg.github.com", "npmAuthToken"]);
    let undo = doc.set(&key, "NEW").unwrap();
    assert_eq!(
        undo,
        YamlUndo::Replaced {
            original: "    npmAuthToken: ghp_mine".to_owned()
        }
    );
    assert_eq!(doc.set(&key, "NEW"), None);
    doc.undo(&key, &undo);
    assert_eq!(doc.to_string(), YARNRC);
}

#[test]
fn a_top_level_that_is_not_a_mapping_is_named_by_its_line() {
    assert_eq!(
        YamlDoc::parse("nodeLinker: pnp\n- a list item\n").unwrap_err(),
        Unparsable(2)
    );
    assert!(YamlDoc::parse("packageExtensions:\n  - |\n    literal\n").is_ok());
}
