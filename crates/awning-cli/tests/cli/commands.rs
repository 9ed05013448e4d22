//! The `awning` binary, run as a user would run it, against a temporary config file.

use std::process::Command;

fn awning() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_awning"));
    command.env_remove("AWS_PROFILE");
    command
}

/// `awning profiles` with `AWS_CONFIG_FILE` pointing at `config`.
fn profiles(config: &std::path::Path) -> std::process::Output {
    awning()
        .arg("profiles")
        .env("AWS_CONFIG_FILE", config)
        .output()
        .expect("running awning")
}

#[test]
fn profiles_lists_what_aws_config_file_names() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("config");
    std::fs::write(
        &config,
        "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n\
         region = eu-west-1\n[sso-session corp]\nsso_start_url = https://x\nsso_region = us-east-1\n\
         [default]\nregion = us-east-1\n",
    )
    .unwrap();
    let output = profiles(&config);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "dev      IAM Identity Center, session corp, region eu-west-1\n\
         default  settings only, region us-east-1\n"
    );
}

#[test]
fn profiles_says_where_it_looked_when_there_are_none() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("absent");
    let output = profiles(&config);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("No profiles in {}.\n", config.display())
    );
}

#[test]
fn an_unreadable_config_fails_with_one_line_naming_the_file() {
    let folder = tempfile::tempdir().unwrap();
    let output = profiles(folder.path());
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "awning: cannot read {}: ",
            folder.path().display()
        )),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn an_error_never_prints_control_characters_to_the_terminal() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("clear\u{1b}[2J\rforged").join("config");
    std::fs::create_dir_all(&config).unwrap();
    let output = profiles(&config);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("clear[2Jforged"), "{stderr}");
    assert!(!stderr.contains(['\u{1b}', '\r']), "{stderr:?}");
}

#[test]
fn the_cli_has_no_sandbox_that_would_hand_out_credentials() {
    let output = awning()
        .args(["sandbox", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("unrecognized subcommand 'sandbox'"),
        "{stderr}"
    );
}
