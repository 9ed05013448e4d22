use super::*;
use crate::config::Document;
use crate::manager::Marks;

const CONFIG: &str = "\
[sso-session corp]
sso_start_url = https://d-90670000.awsapps.com/start
sso_region = us-east-1

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = eu-west-1
awning_generated_from = corp

[profile admin]
role_arn = arn:aws:iam::444455556666:role/ops/Admin
source_profile = keys

[profile legacy]
sso_start_url = https://d-90670000.awsapps.com/start
sso_region = ap-northeast-1
sso_account_id = 777788889999
sso_role_name = ReadOnly

[profile keys]
region = us-west-2
";

const CREDENTIALS: &str =
    "[keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n";

fn listed() -> Vec<ProfileRow> {
    let view = ConfigView::read(&Document::parse(CONFIG), &Document::parse(CREDENTIALS));
    let names: AccountNames = [("111122223333".to_owned(), "dev-account".to_owned())]
        .into_iter()
        .collect();
    rows(&view, &names, &Marks::default())
}

#[test]
fn a_row_names_account_role_and_both_regions_apart() {
    let rows = listed();
    let dev = &rows[0];
    assert_eq!(dev.name, "dev");
    assert_eq!(dev.kind, ProfileKind::SsoSession);
    assert_eq!(dev.account_id.as_deref(), Some("111122223333"));
    assert_eq!(dev.account_name.as_deref(), Some("dev-account"));
    assert_eq!(dev.role.as_deref(), Some("Developer"));
    assert_eq!(dev.region.as_deref(), Some("eu-west-1"), "where it works");
    assert_eq!(
        dev.sso_region.as_deref(),
        Some("us-east-1"),
        "where it signs in"
    );
    assert_eq!(dev.generated_from.as_deref(), Some("corp"));
    assert_eq!(dev.line, 5);
}

#[test]
fn an_assumed_role_shows_the_account_and_role_of_its_arn() {
    let rows = listed();
    let admin = &rows[1];
    assert_eq!(admin.kind, ProfileKind::AssumeRole);
    assert_eq!(admin.account_id.as_deref(), Some("444455556666"));
    assert_eq!(
        admin.role.as_deref(),
        Some("Admin"),
        "the last segment of the path"
    );
    assert_eq!(admin.account_name, None);
    assert_eq!(admin.source_profile.as_deref(), Some("keys"));
}

#[test]
fn a_legacy_profile_has_its_own_sso_region_and_keys_live_in_credentials() {
    let rows = listed();
    assert_eq!(rows[2].sso_region.as_deref(), Some("ap-northeast-1"));
    assert_eq!(rows[2].region, None);
    let keys = &rows[3];
    assert_eq!(keys.kind, ProfileKind::StaticKeys);
    assert!(keys.in_credentials);
    assert!(!rows[0].in_credentials);
}

#[test]
fn an_arn_that_is_not_a_role_names_no_account() {
    assert!(RoleArn::parse("arn:aws:iam::123456789012:user/ada").is_none());
    assert!(RoleArn::parse("not an arn").is_none());
    let arn = RoleArn::parse("arn:aws-cn:iam::123456789012:role/Deploy").unwrap();
    assert_eq!((arn.account, arn.role), ("123456789012", "Deploy"));
}
