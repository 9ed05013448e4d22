use super::*;

fn view(config: &str, credentials: &str) -> ConfigView {
    ConfigView::read(&Document::parse(config), &Document::parse(credentials))
}

const CONFIG: &str = "\
# team config
[default]
region = eu-west-1

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = us-west-2
services = local

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access, ,codecatalyst:read_write

[profile old]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Admin

[profile console]
login_session = arn:aws:sts::111122223333:assumed-role/Admin/ada
[profile tool]
credential_process = awning credential-process --profile dev
[profile chain]
role_arn = arn:aws:iam::111122223333:role/Deploy
source_profile = dev
[profile ci]
role_arn = arn:aws:iam::111122223333:role/Ci
web_identity_token_file = /var/run/token
[services local]
dynamodb =
  endpoint_url = http://localhost:8000
";

#[test]
fn each_profile_is_recognised_by_how_it_gets_credentials() {
    let found: Vec<(String, ProfileKind)> = view(CONFIG, "")
        .profiles
        .into_iter()
        .map(|p| (p.name, p.kind))
        .collect();
    assert_eq!(
        found,
        vec![
            ("default".into(), ProfileKind::NoCredentials),
            ("dev".into(), ProfileKind::SsoSession),
            ("old".into(), ProfileKind::LegacySso),
            ("console".into(), ProfileKind::ConsoleLogin),
            ("tool".into(), ProfileKind::CredentialProcess),
            ("chain".into(), ProfileKind::AssumeRole),
            ("ci".into(), ProfileKind::WebIdentity),
        ]
    );
}

#[test]
fn sessions_give_their_url_region_and_cleaned_scopes() {
    let view = view(CONFIG, "");
    let corp = view.sso_session("corp").unwrap();
    assert_eq!(
        corp.start_url(),
        Some("https://d-1234567890.awsapps.com/start")
    );
    assert_eq!(corp.region(), Some("us-east-1"));
    assert_eq!(
        corp.scopes(),
        ["sso:account:access", "codecatalyst:read_write"]
    );
    assert_eq!(
        corp.origin,
        Origin {
            file: FileKind::Config,
            line: 12
        }
    );
}

#[test]
fn services_blocks_keep_their_nested_keys() {
    let view = view(CONFIG, "");
    let local = &view.services[0];
    assert_eq!(local.name, "local");
    let dynamodb = local.settings.setting("dynamodb").unwrap();
    assert_eq!(
        dynamodb.nested.get("endpoint_url").map(String::as_str),
        Some("http://localhost:8000")
    );
    assert_eq!(view.profile("dev").unwrap().get("services"), Some("local"));
}

#[test]
fn repeated_keys_say_which_line_wins_and_which_it_overrides() {
    let view = view(
        "[profile a]\nregion = one\n[profile b]\n[profile a]\nREGION = two\n",
        "",
    );
    let region = view
        .profile("a")
        .unwrap()
        .settings
        .setting("region")
        .unwrap();
    assert_eq!(region.value, "two");
    assert_eq!(
        region.origin,
        Origin {
            file: FileKind::Config,
            line: 5
        }
    );
    assert_eq!(
        region.shadowed,
        [Origin {
            file: FileKind::Config,
            line: 2
        }]
    );
    assert_eq!(view.profile("a").unwrap().origin.line, 1);
}

#[test]
fn the_credentials_file_adds_profiles_and_wins_over_the_config_file() {
    let credentials = "[dev]\naws_access_key_id = AKIAEXAMPLE\nregion = ap-south-1\n[build]\naws_access_key_id = AKIA2\n";
    let view = view(CONFIG, credentials);
    let dev = view.profile("dev").unwrap();
    let region = dev.settings.setting("region").unwrap();
    assert_eq!(region.value, "ap-south-1");
    assert_eq!(
        region.origin,
        Origin {
            file: FileKind::Credentials,
            line: 3
        }
    );
    assert_eq!(
        region.shadowed,
        [Origin {
            file: FileKind::Config,
            line: 9
        }]
    );
    let build = view.profile("build").unwrap();
    assert_eq!(build.kind, ProfileKind::StaticKeys);
    assert_eq!(build.origin.file, FileKind::Credentials);
}

#[test]
fn profile_default_replaces_bare_default() {
    let view = view(
        "[default]\nregion = a\n[profile default]\noutput = json\n",
        "",
    );
    assert_eq!(view.profiles.len(), 1);
    assert_eq!(
        view.profiles[0].region(),
        None,
        "keys of [default] must not leak in"
    );
    assert_eq!(view.profiles[0].origin.line, 3);
}

#[test]
fn source_chains_are_followed_and_their_errors_named() {
    let view = view(CONFIG, "");
    let chain: Vec<&str> = view
        .source_chain("chain")
        .unwrap()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(chain, ["chain", "dev"]);

    let circle = view_of("[profile a]\nsource_profile = b\n[profile b]\nsource_profile = a\n");
    assert_eq!(
        circle.source_chain("a").unwrap_err().to_string(),
        "profiles take credentials from each other in a circle: a → b → a"
    );
    let missing = view_of("[profile a]\nrole_arn = r\nsource_profile = gone\n");
    assert_eq!(
        missing.source_chain("a").unwrap_err(),
        ChainError::Missing {
            profile: "a".into(),
            source_name: "gone".into()
        }
    );
    let own_keys =
        view_of("[profile s]\nrole_arn = r\nsource_profile = s\naws_access_key_id = A\n");
    assert_eq!(own_keys.source_chain("s").unwrap().len(), 1);
}

fn view_of(config: &str) -> ConfigView {
    view(config, "")
}

#[test]
fn a_missing_file_has_no_profiles_and_a_directory_is_a_clear_error() {
    let folder = tempfile::tempdir().unwrap();
    assert!(
        load_profiles(&folder.path().join("absent"))
            .unwrap()
            .is_empty()
    );
    let error = load_profiles(folder.path()).unwrap_err();
    let expected = format!("cannot read {}: ", folder.path().display());
    assert!(error.to_string().starts_with(&expected), "{error}");
}

#[test]
fn a_file_that_is_not_utf8_is_named_in_the_error() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("config");
    std::fs::write(&path, b"[profile a]\nregion = \xff\n").unwrap();
    let error = load_profiles(&path).unwrap_err();
    assert!(error.to_string().contains("is not UTF-8"), "{error}");
}
