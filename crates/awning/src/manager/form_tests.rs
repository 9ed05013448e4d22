use super::*;
use crate::config::{ConfigView, Document};
use crate::manager::{Files, delete, duplicate, problems, save};
use crate::problem::{Field, FieldProblem, FieldRule};

const CONFIG: &str = "\
# Ada's AWS config: comments stay.
[sso-session corp]
sso_start_url = https://d-90670000.awsapps.com/start
sso_region = us-east-1

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = eu-west-1   ; home
cli_pager =

[profile legacy]
sso_start_url = https://d-90670000.awsapps.com/start
sso_region = us-east-1
sso_account_id = 444455556666
sso_role_name = ReadOnly

[profile admin]
role_arn = arn:aws:iam::444455556666:role/Admin
source_profile = keys
mfa_serial = arn:aws:iam::111122223333:mfa/ada
duration_seconds = 3600

[profile ci]
role_arn = arn:aws:iam::444455556666:role/Deploy
web_identity_token_file = /var/run/token

[profile build]
credential_process = /usr/bin/creds --profile build

[profile console]
login_session = arn:aws:sts::111122223333:assumed-role/Admin/ada
region = us-west-2

[profile keys]
region = us-west-2
output = json
";

const CREDENTIALS: &str = "[keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

struct Workspace {
    config: Document,
    credentials: Document,
}

impl Workspace {
    fn new() -> Self {
        Self {
            config: Document::parse(CONFIG),
            credentials: Document::parse(CREDENTIALS),
        }
    }

    fn view(&self) -> ConfigView {
        ConfigView::read(&self.config, &self.credentials)
    }

    fn form(&self, name: &str) -> ProfileForm {
        ProfileForm::of(self.view().profile(name).unwrap())
    }

    fn save(&mut self, original: Option<&str>, form: &ProfileForm) {
        let view = self.view();
        let original = original.map(|name| view.profile(name).unwrap());
        let mut files = Files {
            config: &mut self.config,
            credentials: &mut self.credentials,
        };
        save(&mut files, original, form).unwrap();
    }

    fn texts(&self) -> (String, String) {
        (self.config.to_string(), self.credentials.to_string())
    }
}

fn secret(text: &str) -> Option<Secret> {
    Some(Secret::new(text))
}

#[test]
fn every_kind_read_into_the_form_and_saved_unchanged_changes_no_byte() {
    let mut files = Workspace::new();
    for name in ["dev", "legacy", "admin", "ci", "build", "console", "keys"] {
        let form = files.form(name);
        files.save(Some(name), &form);
    }
    assert_eq!(files.texts(), (CONFIG.to_owned(), CREDENTIALS.to_owned()));
}

#[test]
fn the_form_reads_each_kind_into_its_fields_and_keeps_other_keys_as_rows() {
    let files = Workspace::new();
    let dev = files.form("dev");
    assert!(
        matches!(&dev.credentials, Credentials::SsoSession { session, account_id, role_name }
        if session == "corp" && account_id == "111122223333" && role_name == "Developer")
    );
    assert_eq!(dev.region, "eu-west-1");
    assert_eq!(dev.other, [("cli_pager".to_owned(), String::new())]);
    let Credentials::AssumeRole(admin) = files.form("admin").credentials else {
        panic!("admin assumes a role");
    };
    assert_eq!(admin.source, RoleSource::Profile("keys".to_owned()));
    assert_eq!(admin.duration_seconds, "3600");
    assert!(
        matches!(files.form("keys").credentials,
        Credentials::StaticKeys { ref access_key_id, secret_access_key: None, session_token: None }
        if access_key_id == "AKIAIOSFODNN7EXAMPLE"),
        "the secret never comes back to the form"
    );
}

#[test]
fn changing_a_field_changes_its_line_only() {
    let mut files = Workspace::new();
    let mut dev = files.form("dev");
    dev.credentials = Credentials::SsoSession {
        session: "corp".to_owned(),
        account_id: "111122223333".to_owned(),
        role_name: "Admin".to_owned(),
    };
    dev.region = "eu-central-1".to_owned();
    files.save(Some("dev"), &dev);
    assert_eq!(
        files.texts().0,
        CONFIG
            .replace("sso_role_name = Developer", "sso_role_name = Admin")
            .replace(
                "region = eu-west-1   ; home",
                "; home\nregion = eu-central-1"
            )
    );
}

#[test]
fn a_new_profile_with_keys_puts_the_secret_in_the_credentials_file_only() {
    let mut files = Workspace::new();
    let form = ProfileForm {
        name: "new-keys".to_owned(),
        credentials: Credentials::StaticKeys {
            access_key_id: "AKIAI44QH8DHBEXAMPLE".to_owned(),
            secret_access_key: secret("je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"),
            session_token: None,
        },
        region: "ap-northeast-1".to_owned(),
        output: String::new(),
        other: Vec::new(),
    };
    files.save(None, &form);
    let (config, credentials) = files.texts();
    assert_eq!(
        config,
        format!("{CONFIG}\n[profile new-keys]\nregion = ap-northeast-1\n")
    );
    assert_eq!(
        credentials,
        format!(
            "{CREDENTIALS}\n[new-keys]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n"
        )
    );
}

#[test]
fn a_kept_secret_is_untouched_and_a_typed_one_replaces_it() {
    let mut files = Workspace::new();
    let mut keys = files.form("keys");
    keys.output = "table".to_owned();
    files.save(Some("keys"), &keys);
    assert_eq!(files.texts().1, CREDENTIALS);
    keys.credentials = Credentials::StaticKeys {
        access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
        secret_access_key: secret("NEWSECRET"),
        session_token: None,
    };
    files.save(Some("keys"), &keys);
    assert_eq!(
        files.texts().1,
        CREDENTIALS.replace("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "NEWSECRET")
    );
}

#[test]
fn moving_a_profile_from_keys_to_sso_takes_its_keys_and_section_out_of_credentials() {
    let mut files = Workspace::new();
    let mut keys = files.form("keys");
    keys.credentials = Credentials::SsoSession {
        session: "corp".to_owned(),
        account_id: "111122223333".to_owned(),
        role_name: "Developer".to_owned(),
    };
    files.save(Some("keys"), &keys);
    let (config, credentials) = files.texts();
    assert_eq!(credentials, "");
    assert!(config.ends_with("[profile keys]\nregion = us-west-2\noutput = json\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Developer\n"), "{config}");
}

#[test]
fn a_rename_follows_into_both_files_and_the_profiles_that_name_it() {
    let mut files = Workspace::new();
    let mut keys = files.form("keys");
    keys.name = "ada-keys".to_owned();
    files.save(Some("keys"), &keys);
    let (config, credentials) = files.texts();
    assert!(config.contains("[profile ada-keys]") && !config.contains("[profile keys]"));
    assert!(config.contains("source_profile = ada-keys"));
    assert_eq!(credentials, CREDENTIALS.replace("[keys]", "[ada-keys]"));
}

#[test]
fn delete_and_duplicate_reach_both_files() {
    let mut files = Workspace::new();
    let view = files.view();
    let mut both = Files {
        config: &mut files.config,
        credentials: &mut files.credentials,
    };
    duplicate(&mut both, view.profile("keys").unwrap(), "keys-copy").unwrap();
    delete(&mut both, "keys").unwrap();
    let (config, credentials) = files.texts();
    assert!(
        !config.contains("[profile keys]\n")
            && config.contains("[profile keys-copy]\noutput = json\nregion = us-west-2\n"),
        "{config}"
    );
    assert_eq!(credentials, CREDENTIALS.replace("[keys]", "[keys-copy]"));
}

fn problems_of(form: &ProfileForm, original: Option<&str>) -> Vec<FieldProblem> {
    let files = Workspace::new();
    problems(form, &files.view(), original, original == Some("keys"))
}

fn field_rules(found: Vec<FieldProblem>) -> Vec<(Field, FieldRule)> {
    found
        .into_iter()
        .map(|problem| (problem.field, problem.rule))
        .collect()
}

#[test]
fn each_field_of_each_kind_is_checked_before_anything_is_written() {
    let mut form = Workspace::new().form("dev");
    assert_eq!(problems_of(&form, Some("dev")), []);
    form.name = "legacy".to_owned();
    form.credentials = Credentials::SsoSession {
        session: "crop".to_owned(),
        account_id: "1111".to_owned(),
        role_name: "Dev Ops".to_owned(),
    };
    form.region = "Europe".to_owned();
    form.output = "xml".to_owned();
    assert_eq!(
        field_rules(problems_of(&form, Some("dev"))),
        [
            (Field::Name, FieldRule::Taken),
            (Field::SsoSession, FieldRule::UnknownSession),
            (Field::AccountId, FieldRule::NotAccount),
            (Field::RoleName, FieldRule::BadCharacters),
            (Field::Region, FieldRule::NotRegion),
            (Field::Output, FieldRule::NotOutput),
        ]
    );
}

#[test]
fn an_assumed_role_needs_an_arn_a_source_that_exists_and_no_circle() {
    let files = Workspace::new();
    let mut keys = files.form("keys");
    keys.credentials = Credentials::AssumeRole(AssumeRole {
        role_arn: "arn:aws:iam::444455556666:user/ada".to_owned(),
        source: RoleSource::Profile("admin".to_owned()),
        mfa_serial: String::new(),
        external_id: "a b".to_owned(),
        duration_seconds: "60".to_owned(),
        session_name: String::new(),
    });
    assert_eq!(
        field_rules(problems(&keys, &files.view(), Some("keys"), true)),
        [
            (Field::RoleArn, FieldRule::NotArn),
            (Field::SourceProfile, FieldRule::Loop),
            (
                Field::DurationSeconds,
                FieldRule::OutOfRange {
                    value: 60,
                    min: 900,
                    max: 43_200
                }
            ),
            (Field::ExternalId, FieldRule::BadCharacters),
        ]
    );
    let Credentials::AssumeRole(role) = &mut keys.credentials else {
        unreachable!()
    };
    role.role_arn = "arn:aws:iam::444455556666:role/Admin".to_owned();
    role.source = RoleSource::CredentialSource("Laptop".to_owned());
    role.duration_seconds = String::new();
    role.external_id = String::new();
    assert_eq!(
        field_rules(problems(&keys, &files.view(), Some("keys"), true)),
        [(Field::CredentialSource, FieldRule::NotCredentialSource)]
    );
}

#[test]
fn keys_need_an_id_and_a_new_profile_its_secret_and_other_rows_are_keys_of_their_own() {
    let mut form = ProfileForm {
        name: "new".to_owned(),
        credentials: Credentials::StaticKeys {
            access_key_id: "AKIA123".to_owned(),
            secret_access_key: None,
            session_token: None,
        },
        region: String::new(),
        output: String::new(),
        other: vec![
            ("cli pager".to_owned(), String::new()),
            ("Region".to_owned(), "eu-west-1".to_owned()),
            ("s3_thing".to_owned(), "a".to_owned()),
            ("s3_thing".to_owned(), "b".to_owned()),
            ("note".to_owned(), "x # y".to_owned()),
        ],
    };
    assert_eq!(
        field_rules(problems_of(&form, None)),
        [
            (Field::AccessKeyId, FieldRule::NotAccessKeyId),
            (Field::SecretAccessKey, FieldRule::Empty),
            (
                Field::OtherKeys,
                FieldRule::BadKey {
                    key: "cli pager".to_owned()
                }
            ),
            (
                Field::OtherKeys,
                FieldRule::FormKey {
                    key: "Region".to_owned()
                }
            ),
            (
                Field::OtherKeys,
                FieldRule::RepeatedKey {
                    key: "s3_thing".to_owned()
                }
            ),
            (
                Field::OtherKeys,
                FieldRule::BadValue {
                    key: "note".to_owned()
                }
            ),
        ]
    );
    form.other.clear();
    form.credentials = Credentials::StaticKeys {
        access_key_id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
        secret_access_key: None,
        session_token: None,
    };
    assert_eq!(
        field_rules(problems_of(&form, Some("keys"))),
        [],
        "an edit keeps the secret the files hold"
    );
}
