//! `awning vault …` against a real Secret Service: gnome-keyring-daemon on a private
//! D-Bus session bus, looked at with `secret-tool`; and the ways a keychain fails.
// Helpers here panic on failure, as the tests themselves do: a panic is the report.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// A private session bus, torn down with the test (its keyring daemon leaves with it).
struct Bus {
    daemon: Child,
    address: String,
}

impl Bus {
    /// A bus like a desktop session's: services such as gnome-keyring start on demand.
    fn desktop(root: &Path) -> Self {
        Self::start(root, None)
    }

    /// A bus on which no service can be started: no Secret Service at all.
    fn bare(root: &Path) -> Self {
        let config = root.join("bare-bus.conf");
        std::fs::write(
            &config,
            "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" \
             \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\
             <busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>\
             <policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>\
             <allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>",
        )
        .unwrap();
        Self::start(root, Some(&config))
    }

    fn start(root: &Path, config: Option<&Path>) -> Self {
        let mut command = Command::new("dbus-daemon");
        match config {
            Some(config) => command.arg(format!("--config-file={}", config.display())),
            None => command.arg("--session"),
        };
        let mut daemon = isolated(&mut command, root)
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (apt package dbus) must be installed");
        // The daemon prints its address once it listens: reading it is the readiness
        // signal.
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        Self {
            daemon,
            address: address.trim().to_owned(),
        }
    }

    /// Starts gnome-keyring's Secret Service with an unlocked login collection. The
    /// command returns once the daemon serves the bus.
    fn unlocked_keyring(&self, root: &Path) {
        let mut keyring = self
            .command("gnome-keyring-daemon", root)
            .args(["--unlock", "--components=secrets"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (apt package gnome-keyring) must be installed");
        // A real password: the login keyring on disk is then encrypted, so the
        // test's scan of every file cannot find a token in it.
        keyring
            .stdin
            .take()
            .unwrap()
            .write_all(b"correct horse")
            .unwrap();
        assert!(keyring.wait().unwrap().success());
    }

    /// Locks the login collection, as the desktop does on screen lock.
    fn lock_login_collection(&self, root: &Path) {
        let status = self
            .command("gdbus", root)
            .args([
                "call",
                "--session",
                "--dest",
                "org.freedesktop.secrets",
                "--object-path",
                "/org/freedesktop/secrets",
                "--method",
                "org.freedesktop.Secret.Service.Lock",
                "['/org/freedesktop/secrets/collection/login']",
            ])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// What the keychain holds for an item of the test channel, as `secret-tool` reads it.
    fn lookup(&self, root: &Path, item: &str) -> Option<String> {
        let output = self
            .command("secret-tool", root)
            .args(["lookup", "service", "awning-test", "username", item])
            .output()
            .expect("secret-tool (apt package libsecret-tools) must be installed");
        output
            .status
            .success()
            .then(|| String::from_utf8(output.stdout).unwrap())
    }

    fn command(&self, program: &str, root: &Path) -> Command {
        let mut command = Command::new(program);
        isolated(&mut command, root).env("DBUS_SESSION_BUS_ADDRESS", &self.address);
        command
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Every folder a keyring daemon or Awning might use, inside the test's own root.
pub(super) fn isolated<'a>(command: &'a mut Command, root: &Path) -> &'a mut Command {
    for (variable, folder) in [
        ("HOME", "home"),
        ("XDG_DATA_HOME", "xdg-data"),
        ("XDG_RUNTIME_DIR", "xdg-runtime"),
        ("XDG_CONFIG_HOME", "xdg-config"),
        ("XDG_CACHE_HOME", "xdg-cache"),
        ("AWNING_DATA_DIR", "awning-data"),
    ] {
        let path = root.join(folder);
        std::fs::create_dir_all(&path).unwrap();
        #[cfg(unix)]
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .unwrap();
        command.env(variable, path);
    }
    command
        .env("AWS_CONFIG_FILE", root.join("home/.aws/config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            root.join("home/.aws/credentials"),
        )
        .env("AWNING_CHANNEL", "test")
        .env_remove("AWS_LOGIN_CACHE_DIRECTORY")
        .env_remove("AWNING_SECRET_STORE")
}

/// Runs `awning ARGS…` and waits for it, failing the test rather than hanging if it
/// does not end: a hang is exactly the bug these tests look for.
fn awning(root: &Path, bus_address: &str, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_awning"));
    isolated(&mut command, root)
        .env("DBUS_SESSION_BUS_ADDRESS", bus_address)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = command.spawn().unwrap();
    let pid = child.id();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output().unwrap()));
    finished
        .recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            panic!("awning {args:?} hung");
        })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const ARN: &str = "arn:aws:sts::111122223333:assumed-role/Admin/ada";

fn write_aws_files(root: &Path) -> (PathBuf, PathBuf) {
    let aws = root.join("home/.aws");
    std::fs::create_dir_all(aws.join("sso/cache")).unwrap();
    std::fs::create_dir_all(aws.join("login/cache")).unwrap();
    std::fs::write(
        aws.join("config"),
        format!(
            "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n\
             sso_role_name = Admin\n\n[sso-session corp]\n\
             sso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n\
             sso_registration_scopes = sso:account:access\n\n\
             [profile console]\nlogin_session = {ARN}\nregion = eu-west-1\n"
        ),
    )
    .unwrap();
    let sso = aws.join("sso/cache").join(sha1_hex("corp"));
    std::fs::write(
        &sso,
        r#"{"startUrl": "https://d-1234567890.awsapps.com/start", "region": "eu-west-1", "accessToken": "aoa-imported-token", "expiresAt": "2099-06-01T20:00:00Z", "clientId": "client-1", "clientSecret": "client-secret-value", "registrationExpiresAt": "2099-08-30T12:00:00Z", "refreshToken": "aor-imported-refresh"}"#,
    )
    .unwrap();
    let login = aws.join("login/cache").join(sha256_hex(ARN));
    std::fs::write(
        &login,
        r#"{"accessToken": {"accessKeyId": "ASIAIMPORTED", "secretAccessKey": "login-secret-key", "sessionToken": "login-session-token", "accountId": "111122223333", "expiresAt": "2099-06-01T20:00:00Z"}, "tokenType": "aws_sigv4", "clientId": "arn:aws:signin:::devtools/same-device", "refreshToken": "login-refresh-token", "dpopKey": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n"}"#,
    )
    .unwrap();
    (sso, login)
}

/// File names the AWS tools use, computed by the system's own tools rather than by the
/// code under test.
fn sha1_hex(text: &str) -> String {
    digest("sha1sum", text)
}

fn sha256_hex(text: &str) -> String {
    digest("sha256sum", text)
}

fn digest(program: &str, input: &str) -> String {
    let mut child = Command::new(program)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let printed = text(&output.stdout);
    format!("{}.json", printed.split_whitespace().next().unwrap())
}

/// Every file under `dir` that contains `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if std::fs::read(&path)
            .map(|bytes| String::from_utf8_lossy(&bytes).contains(needle))
            .unwrap_or(false)
        {
            found.push(path);
        }
    }
    found
}

const SECRETS: [&str; 6] = [
    "aoa-imported-token",
    "aor-imported-refresh",
    "client-secret-value",
    "login-secret-key",
    "login-session-token",
    "login-refresh-token",
];

#[test]
fn import_moves_cli_caches_into_the_keychain_and_no_token_stays_in_any_file() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let bus = Bus::desktop(root);
    bus.unlocked_keyring(root);
    let (sso_file, login_file) = write_aws_files(root);

    let output = awning(root, &bus.address, &["vault", "import"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let said = text(&output.stdout);
    assert!(
        said.contains("Imported sso-session:corp and removed"),
        "{said}"
    );
    assert!(
        said.contains(&format!("Imported login:{ARN} and removed")),
        "{said}"
    );
    assert!(!sso_file.exists() && !login_file.exists());

    let stored = bus
        .lookup(root, "sso-session:corp")
        .expect("the SSO session is in the keychain");
    assert!(stored.contains("aoa-imported-token") && stored.contains("aor-imported-refresh"));
    let stored = bus
        .lookup(root, &format!("login:{ARN}"))
        .expect("the login session is in the keychain");
    assert!(stored.contains("login-refresh-token") && stored.contains("BEGIN EC PRIVATE KEY"));

    for secret in SECRETS {
        assert_eq!(
            files_containing(root, secret),
            Vec::<PathBuf>::new(),
            "{secret}"
        );
    }
    let output = awning(root, &bus.address, &["vault", "list"]);
    let listed = text(&output.stdout);
    assert!(
        listed.contains("sso-session:corp  expires 2099-06-01T20:00:00Z, renewable"),
        "{listed}"
    );
    assert!(
        listed.contains(&format!("login:{ARN}  expires 2099-06-01T20:00:00Z")),
        "{listed}"
    );
}

#[test]
fn the_mirror_keeps_the_cli_cache_private_and_forget_removes_item_and_file() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let bus = Bus::desktop(root);
    bus.unlocked_keyring(root);
    let (sso_file, _) = write_aws_files(root);

    let output = awning(root, &bus.address, &["vault", "import", "--mirror"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let mirrored = std::fs::read_to_string(&sso_file).unwrap();
    assert!(mirrored.starts_with(r#"{"startUrl":"https://d-1234567890.awsapps.com/start","region":"eu-west-1","accessToken":"aoa-imported-token","expiresAt":"2099-06-01T20:00:00Z""#), "{mirrored}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&sso_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let output = awning(
        root,
        &bus.address,
        &["vault", "mirror", "sso-session:corp", "off"],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(!sso_file.exists());
    assert!(
        bus.lookup(root, "sso-session:corp").is_some(),
        "the vault keeps the session"
    );

    awning(
        root,
        &bus.address,
        &["vault", "mirror", "sso-session:corp", "on"],
    );
    assert!(sso_file.exists());
    let output = awning(root, &bus.address, &["vault", "forget", "sso-session:corp"]);
    assert_eq!(
        text(&output.stdout),
        "Removed sso-session:corp from the vault.\n"
    );
    assert!(!sso_file.exists());
    assert!(bus.lookup(root, "sso-session:corp").is_none());
}

fn assert_fails_saying(output: &Output, words: &str) {
    assert!(!output.status.success());
    let said = text(&output.stderr);
    assert!(said.contains(words), "{said}");
}

#[test]
fn with_no_session_bus_the_user_is_told_to_start_a_secret_service() {
    let root = tempfile::tempdir().unwrap();
    let missing = format!("unix:path={}", root.path().join("no-bus").display());
    let output = awning(root.path(), &missing, &["vault", "check"]);
    assert_fails_saying(&output, "no keychain is available");
    assert_fails_saying(&output, "gnome-keyring or KeePassXC");
}

#[test]
fn a_bus_without_a_secret_service_is_no_keychain() {
    let root = tempfile::tempdir().unwrap();
    let bus = Bus::bare(root.path());
    let output = awning(root.path(), &bus.address, &["vault", "check"]);
    assert_fails_saying(&output, "no keychain is available");
    assert_fails_saying(&output, "AWNING_SECRET_STORE=file");
}

#[test]
fn a_locked_login_collection_asks_the_user_to_unlock_it() {
    let root = tempfile::tempdir().unwrap();
    let bus = Bus::desktop(root.path());
    bus.unlocked_keyring(root.path());
    let output = awning(root.path(), &bus.address, &["vault", "check"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    bus.lock_login_collection(root.path());
    let output = awning(root.path(), &bus.address, &["vault", "check"]);
    assert_fails_saying(&output, "the keychain is locked");
    assert_fails_saying(&output, "Unlock your login keyring");
}

#[test]
fn a_keyring_that_was_never_unlocked_is_reported_as_locked() {
    let root = tempfile::tempdir().unwrap();
    // gnome-keyring starts on demand, with no login collection anyone unlocked.
    let bus = Bus::desktop(root.path());
    let output = awning(root.path(), &bus.address, &["vault", "check"]);
    assert_fails_saying(&output, "the keychain is locked");
}

#[test]
fn the_file_store_works_without_a_keychain_and_says_it_is_weaker() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    write_aws_files(root);
    let missing = format!("unix:path={}", root.join("no-bus").display());
    let mut command = Command::new(env!("CARGO_BIN_EXE_awning"));
    isolated(&mut command, root)
        .env("DBUS_SESSION_BUS_ADDRESS", &missing)
        .env("AWNING_SECRET_STORE", "file")
        .args(["vault", "import"]);
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("readable by anyone who can read your files"));
    let file = root.join("awning-data/secrets-awning-test.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The file store keeps each item base64-encoded; decoded, the tokens are there.
    let items: std::collections::BTreeMap<String, String> =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let decoded = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        &items["sso-session:corp"],
    )
    .unwrap();
    assert!(
        String::from_utf8(decoded)
            .unwrap()
            .contains("aor-imported-refresh")
    );
    let listed = text(&awning(root, &missing, &["vault", "list"]).stdout);
    assert!(listed.contains("sso-session:corp  expires"), "{listed}");
}

#[test]
fn the_login_cache_folder_follows_aws_login_cache_directory_with_the_home_expanded() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let bus = Bus::desktop(root);
    bus.unlocked_keyring(root);
    let (_, default_login) = write_aws_files(root);
    let moved = root.join("home/elsewhere").join(sha256_hex(ARN));
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&default_login, &moved).unwrap();

    let mut command = Command::new(env!("CARGO_BIN_EXE_awning"));
    isolated(&mut command, root)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env("AWS_LOGIN_CACHE_DIRECTORY", "~/elsewhere")
        .args(["vault", "import", "--mirror"]);
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let said = text(&output.stdout);
    assert!(
        said.contains(&format!(
            "Imported login:{ARN}; {} is kept",
            moved.display()
        )),
        "{said}"
    );
    assert!(moved.exists() && !default_login.exists());
}
