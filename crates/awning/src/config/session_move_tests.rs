use super::*;
use crate::config::validate_config;

const LEGACY: &str = "# work\n[profile dev]\nsso_start_url = https://my-company.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Developer\nregion = eu-central-1\n";

/// The config after the move `session_move` proposes for `profile`.
fn moved(text: &str, profile: &str) -> (String, Fix) {
    let mut document = Document::parse(text);
    let view = ConfigView::read(&document, &Document::default());
    let fix =
        session_move(&view, view.profile(profile).unwrap()).expect("a legacy profile has a move");
    fix.apply(&mut document).unwrap();
    (document.to_string(), fix)
}

#[test]
fn a_legacy_profile_moves_onto_a_new_session_named_after_its_portal() {
    let (text, fix) = moved(LEGACY, "dev");
    assert_eq!(
        fix,
        Fix::MoveToSession {
            profile: "dev".to_owned(),
            session: "my-company".to_owned()
        }
    );
    assert_eq!(
        text,
        "# work\n[profile dev]\nsso_account_id = 111122223333\nsso_role_name = Developer\nregion = eu-central-1\nsso_session = my-company\n\n[sso-session my-company]\nsso_start_url = https://my-company.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n"
    );
    let after = Document::parse(&text);
    let view = ConfigView::read(&after, &Document::default());
    assert_eq!(view.profile("dev").unwrap().kind, ProfileKind::SsoSession);
    assert_eq!(validate_config(&after, &Document::default()), []);
}

#[test]
fn a_session_of_the_same_portal_and_region_is_joined_rather_than_repeated() {
    let config = format!(
        "{LEGACY}\n[sso-session corp]\nsso_start_url = https://my-company.awsapps.com/start/\nsso_region = eu-west-1\n"
    );
    let (text, fix) = moved(&config, "dev");
    assert_eq!(
        fix,
        Fix::MoveToSession {
            profile: "dev".to_owned(),
            session: "corp".to_owned()
        }
    );
    assert_eq!(text.matches("[sso-session").count(), 1);
    assert!(text.contains("sso_session = corp\n"));
}

#[test]
fn a_taken_name_of_another_portal_gets_a_number() {
    let config = format!(
        "{LEGACY}\n[sso-session my-company]\nsso_start_url = https://my-company.awsapps.com/start\nsso_region = us-east-1\n"
    );
    let (text, fix) = moved(&config, "dev");
    assert_eq!(
        fix,
        Fix::MoveToSession {
            profile: "dev".to_owned(),
            session: "my-company-2".to_owned()
        }
    );
    assert!(text.contains("[sso-session my-company-2]\nsso_start_url = https://my-company.awsapps.com/start\nsso_region = eu-west-1\n"));
}

#[test]
fn a_custom_portal_domain_names_the_session_by_its_host() {
    let config = LEGACY.replace("my-company.awsapps.com", "sso.example.com");
    let (_, fix) = moved(&config, "dev");
    assert_eq!(
        fix,
        Fix::MoveToSession {
            profile: "dev".to_owned(),
            session: "sso.example.com".to_owned()
        }
    );
}

#[test]
fn only_legacy_profiles_have_a_move() {
    let config = "[profile keys]\naws_access_key_id = AKIA\n\n[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n\n[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n";
    let view = ConfigView::read(&Document::parse(config), &Document::default());
    for profile in &view.profiles {
        assert_eq!(session_move(&view, profile), None, "{}", profile.name);
    }
}
