//! `awning config …` as a user runs it, on temporary AWS files and data folder.
// Helpers here panic on failure, as the tests themselves do: a panic is the report.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Home {
    folder: tempfile::TempDir,
}

impl Home {
    fn new(config: &str) -> Self {
        let home = Self {
            folder: tempfile::tempdir().unwrap(),
        };
        std::fs::write(home.config(), config).unwrap();
        home
    }

    fn config(&self) -> PathBuf {
        self.folder.path().join("config")
    }

    fn credentials(&self) -> PathBuf {
        self.folder.path().join("credentials")
    }

    fn awning(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_awning"));
        command
            .args(["config"])
            .args(args)
            .env("AWS_CONFIG_FILE", self.config())
            .env("AWS_SHARED_CREDENTIALS_FILE", self.credentials())
            .env("AWNING_DATA_DIR", self.folder.path().join("data"))
            .env("HOME", self.folder.path().join("home"));
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.awning(args).output().expect("running awning")
    }

    fn read(&self, path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

const CONFIG: &str = "# Team config: do not lose me\n[profile dev]\nregion = eu-west-1 # home\n";

#[test]
fn set_changes_one_line_and_undo_restores_the_exact_bytes() {
    let home = Home::new(CONFIG);
    let output = home.run(&["set", "dev", "region", "us-east-1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // botocore would read an inline comment as part of the value: it moves above.
    assert_eq!(
        home.read(&home.config()),
        CONFIG.replace("region = eu-west-1 # home", "# home\nregion = us-east-1")
    );
    assert!(
        stdout(&output).contains("-region = eu-west-1 # home\n+# home\n+region = us-east-1\n"),
        "{}",
        stdout(&output)
    );

    let output = home.run(&["undo"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(home.read(&home.config()), CONFIG);
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let home = Home::new(CONFIG);
    let output = home.run(&["rm", "dev", "--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("-[profile dev]\n"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("Dry run"));
    assert_eq!(home.read(&home.config()), CONFIG);
    assert!(
        !home.folder.path().join("data").exists(),
        "a dry run keeps no backup either"
    );
}

#[test]
fn sso_session_takes_the_place_of_the_profile() {
    let home = Home::new(CONFIG);
    let url = "https://d-1234567890.awsapps.com/start";
    assert!(
        home.run(&["set", "--sso-session", "corp", "sso_start_url", url])
            .status
            .success()
    );
    assert!(
        home.run(&["set", "--sso-session", "corp", "sso_region", "us-east-1"])
            .status
            .success()
    );
    assert!(
        home.run(&["set", "dev", "sso_session", "corp"])
            .status
            .success()
    );
    assert!(
        home.run(&["rename", "--sso-session", "corp", "work"])
            .status
            .success()
    );
    assert_eq!(
        home.read(&home.config()),
        format!(
            "{CONFIG}sso_session = work\n\n[sso-session work]\nsso_start_url = {url}\nsso_region = us-east-1\n"
        )
    );
}

#[test]
fn check_lists_problems_with_lines_and_fixes_and_fails() {
    let home =
        Home::new("[profile a]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n[b]\n");
    let output = home.run(&["check"]);
    assert!(!output.status.success());
    let path = home.config().display().to_string();
    assert_eq!(
        stdout(&output),
        format!(
            "{path}:2: profile a uses sso-session `nope`, which does not exist\n    \
             fix: add an [sso-session nope] section, or name an existing one\n\
             {path}:5: [b] has no `profile` prefix, so the AWS tools ignore it in the config file\n    \
             fix: write it as [profile b]\n"
        )
    );
    assert_eq!(stderr(&output), format!("awning: 2 problems in {path}\n"));
}

#[test]
fn a_clean_config_passes_check() {
    let home =
        Home::new("# Team config: do not lose me\n[profile dev]\n# home\nregion = eu-west-1\n");
    let output = home.run(&["check"]);
    assert!(output.status.success());
    assert_eq!(
        stdout(&output),
        format!("No problems in {}.\n", home.config().display())
    );
}

#[test]
fn secrets_come_from_standard_input_and_never_show_in_output() {
    let home = Home::new(CONFIG);
    let refused = home.run(&[
        "set",
        "--credentials",
        "dev",
        "aws_secret_access_key",
        "s3cr3t",
    ]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("is a secret"),
        "{}",
        stderr(&refused)
    );
    assert!(!home.credentials().exists());

    let mut child = home
        .awning(&["set", "--credentials", "dev", "aws_secret_access_key", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"wJalrXUtnFEMI\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        home.read(&home.credentials()),
        "[dev]\naws_secret_access_key = wJalrXUtnFEMI\n"
    );
    assert!(
        !stdout(&output).contains("wJalrXUtnFEMI"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("aws_secret_access_key = ********"));
}

#[test]
fn errors_are_one_sentence_and_change_nothing() {
    let home = Home::new(CONFIG);
    let output = home.run(&["unset", "dev", "output"]);
    assert!(!output.status.success());
    assert_eq!(
        stderr(&output),
        format!(
            "awning: {}: profile dev has no key `output`\n",
            home.config().display()
        )
    );
    assert_eq!(home.read(&home.config()), CONFIG);
}

#[test]
fn racing_processes_lose_no_change() {
    let home = Home::new(CONFIG);
    let children: Vec<_> = (0..8)
        .map(|n| {
            home.awning(&["set", "dev", &format!("key_{n}"), "v"])
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let text = home.read(&home.config());
    for n in 0..8 {
        assert!(
            text.contains(&format!("\nkey_{n} = v\n")),
            "key_{n} lost:\n{text}"
        );
    }
    assert!(text.starts_with(CONFIG));
}

/// A writer killed at any moment leaves the old file or the new one, never a torn one,
/// and the next write clears what it left behind.
#[test]
fn a_writer_killed_mid_write_leaves_the_old_or_the_new_file() {
    let old: String = (0..5000)
        .map(|n| format!("[profile p{n}]\nregion = eu-west-1\n\n"))
        .collect();
    let home = Home::new(&old);
    let new = old.replacen(
        "[profile p0]\nregion = eu-west-1\n",
        "[profile p0]\nregion = eu-west-1\noutput = json\n",
        1,
    );
    for _ in 0..10 {
        std::fs::write(home.config(), &old).unwrap();
        let mut child = home
            .awning(&["set", "p0", "output", "json"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        // Kill it as soon as it has started staging the new version, or when it is done.
        while !staging_started(home.folder.path()) && child.try_wait().unwrap().is_none() {
            std::hint::spin_loop();
        }
        let _ = child.kill();
        child.wait().unwrap();
        let text = home.read(&home.config());
        assert!(
            text == old || text == new,
            "a torn file of {} bytes",
            text.len()
        );
    }
    assert!(home.run(&["set", "p1", "output", "json"]).status.success());
    assert!(
        !staging_started(home.folder.path()),
        "abandoned staging files are cleared"
    );
}

fn staging_started(folder: &Path) -> bool {
    std::fs::read_dir(folder).unwrap().any(|entry| {
        entry
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".awning-")
    })
}
