"""`awning login --console` (the `aws login` console sign-in) as a user runs it: real
headless Chromium approves the Sign-In page (as BROWSER, or on "another device" for a
remote sign-in whose code is pasted on stdin), a real gnome-keyring holds the session,
and real SDKs use it — boto3 ≥ 1.41 and the Rust SDK from the mirrored cache (refreshing
with their own DPoP proofs), boto3 1.40 and the JS SDK through the bridge profile."""

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from browser import click_through
from peers import AWNING, LOGIN_ARN, cache_time, caller_of, machine, scenario_file, start_sandbox
from sessions import aws_login, login_cache

BROWSER = f"{sys.executable} {Path(__file__).parent / 'browser.py'}"
OLD_BOTO3 = Path(__file__).parent / ".venv-boto3-1.40" / "bin" / "python"
SESSION_KEY = f"login:{LOGIN_ARN}"

CONFIG = """\
# Ada's profiles: this comment and the layout must survive.
[profile dev]
region = us-east-1   ; where dev lives
"""


@pytest.fixture(params=[900])
def sandbox(request, tmp_path):
    log = tmp_path / "requests.jsonl"
    scenario = scenario_file(tmp_path, f"[lifetimes]\nlogin_credentials = {request.param}\n")
    process, url = start_sandbox("--scenario", str(scenario), "--log", str(log))
    yield url, log
    process.terminate()
    process.wait()


@pytest.fixture
def user(sandbox, tmp_path, keychain):
    url, log = sandbox
    home, env = machine(tmp_path, url, CONFIG)
    # `awning` on PATH, as the bridge profile runs it by name.
    env["PATH"] = f"{Path(AWNING).parent}:{env['PATH']}"
    return User(url, home, tmp_path / "config", log, {**env, **keychain.env})


class User:
    def __init__(self, url, home, config, log, env):
        self.url, self.home, self.config, self.log, self.env = url, home, config, log, env

    def requests(self, method, path):
        lines = self.log.read_text().splitlines()
        return sum(1 for line in map(json.loads, lines) if line["method"] == method and line["path"] == path)

    def awning(self, *args, env=None, stdin=None):
        return subprocess.run([AWNING, *args], env={**self.env, **(env or {})}, input=stdin,
                              capture_output=True, text=True, timeout=120)

    def login(self, *args):
        result = self.awning("login", "--console", "--profile", "console", *args, env={"BROWSER": BROWSER})
        assert result.returncode == 0, result.stderr
        return result

    def credentials(self, profile="console"):
        result = self.awning("credential-process", "--profile", profile)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def files_text(self):
        return "".join(p.read_text(errors="replace") for p in self.home.rglob("*") if p.is_file())

    def mirror_file(self):
        return next((self.home / ".aws" / "login" / "cache").glob("*.json"))


def test_a_console_sign_in_in_the_browser_writes_the_profile_and_keeps_secrets_in_the_keychain(user):
    result = user.login("--region", "eu-west-1")
    assert f"Updated profile console to use {LOGIN_ARN} credentials." in result.stdout
    assert "/v1/authorize?response_type=code&client_id=arn%3Aaws%3Asignin" in result.stderr
    config = user.config.read_text()
    assert config.startswith(CONFIG), "the comment and the layout are kept"
    assert f"[profile console]\nlogin_session = {LOGIN_ARN}\nregion = eu-west-1\n" in config

    credentials = user.credentials()
    assert credentials["Version"] == 1 and credentials["AccessKeyId"].startswith("ASIA")
    # Nothing under HOME holds the credentials or the DPoP key: the mirror is off.
    files = user.files_text()
    assert credentials["SecretAccessKey"] not in files
    assert "PRIVATE KEY" not in files
    assert not (user.home / ".aws" / "login").exists()

    status = json.loads(user.awning("status", "--json").stdout)
    row = next(r for r in status["sessions"] if r["session"] == SESSION_KEY)
    assert row["state"] == "signed-in" and row["renews_silently"] and row["session_ends_at"]
    table = user.awning("status").stdout
    assert "ada@111122223333" in table and "left of the session" in table


def test_a_dry_run_shows_the_change_and_leaves_the_config_alone(user):
    result = user.login("--dry-run")
    assert f"+login_session = {LOGIN_ARN}" in result.stdout and "+region = us-east-1" in result.stdout
    assert user.config.read_text() == CONFIG


def test_a_profile_bound_to_another_session_asks_before_it_is_changed(user):
    user.config.write_text(CONFIG + "\n[profile console]\nlogin_session = arn:aws:iam::111122223333:user/old\n")
    refused = user.awning("login", "--console", "--profile", "console", env={"BROWSER": BROWSER}, stdin="n\n")
    assert refused.returncode != 0
    assert "is already configured to use session arn:aws:iam::111122223333:user/old" in refused.stderr
    assert "user/old" in user.config.read_text() and LOGIN_ARN not in user.config.read_text()
    # A profile with login_session signs in with the console by itself.
    again = user.awning("login", "--profile", "console", "--yes", env={"BROWSER": BROWSER})
    assert again.returncode == 0, again.stderr
    assert f"login_session = {LOGIN_ARN}" in user.config.read_text()


def test_a_remote_sign_in_takes_the_code_pasted_from_another_device(user):
    # An SSH session: no display and no BROWSER, so the sign-in is remote by itself.
    env = {k: v for k, v in user.env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER")}
    process = subprocess.Popen([AWNING, "login", "--console", "--profile", "console", "--region", "us-east-1"],
                               env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = next(line.strip() for line in process.stderr if line.startswith("http"))
    assert "devtools%2Fcross-device" in url and "v1%2Fsessions%2Fconfirmation" in url
    page = click_through(url)  # on "another device"
    code = page.split('id="verification-code"')[1].split(">", 1)[1].split("<", 1)[0]
    out, err = process.communicate(code + "\n", timeout=60)
    assert process.returncode == 0, err
    assert f"login_session = {LOGIN_ARN}" in user.config.read_text()
    assert user.credentials()["AccessKeyId"].startswith("ASIA")


def test_old_sdks_get_credentials_through_the_bridge_profile(user):
    user.login()
    bridged = user.awning("profiles", "bridge", "console")
    assert bridged.returncode == 0, bridged.stderr
    assert "[profile console-bridge]\ncredential_process = awning credential-process --profile console\n" in user.config.read_text()
    # boto3 1.40 knows no login_session; the JS SDK peer is another tool without it.
    old_boto3 = subprocess.run(
        [str(OLD_BOTO3), "-c", "import json, boto3; s = boto3.Session(profile_name='console-bridge');"
         " print(json.dumps(s.client('sts', region_name='us-east-1').get_caller_identity()))"],
        env=user.env, capture_output=True, text=True, timeout=60)
    assert old_boto3.returncode == 0, old_boto3.stderr
    assert json.loads(old_boto3.stdout)["Arn"] == LOGIN_ARN
    assert caller_of("js-sdk", "console-bridge", user.env)["Arn"] == LOGIN_ARN


@pytest.mark.mirror
@pytest.mark.parametrize("peer", ["botocore", "rust-sdk"])
@pytest.mark.parametrize("sandbox", [600], indirect=True)
def test_an_sdk_refreshes_the_mirrored_session_and_awning_takes_its_rotation_back(user, peer):
    user.login()
    mirrored = user.awning("vault", "mirror", SESSION_KEY, "on")
    assert mirrored.returncode == 0, mirrored.stderr
    path = user.mirror_file()
    before = json.loads(path.read_text())
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert before["dpopKey"].startswith("-----BEGIN EC PRIVATE KEY-----")
    # The credentials look spent, so the SDK refreshes with its own DPoP proof.
    before["accessToken"]["expiresAt"] = cache_time(-60)
    path.write_text(json.dumps(before))

    assert caller_of(peer, "console", user.env)["Arn"] == LOGIN_ARN
    after = json.loads(path.read_text())
    assert after["refreshToken"] != before["refreshToken"]
    assert after["accessToken"]["accessKeyId"] != before["accessToken"]["accessKeyId"]

    # Awning reads the SDK's refresh back: it hands out those credentials, not its own.
    assert user.credentials()["AccessKeyId"] == after["accessToken"]["accessKeyId"]


def test_fifty_concurrent_credential_processes_of_a_console_profile_start_one_sign_in(user):
    user.config.write_text(CONFIG + f"\n[profile console]\nlogin_session = {LOGIN_ARN}\nregion = us-east-1\n")

    def credential_process(_):
        return user.awning("credential-process", "--profile", "console", "--login", env={"BROWSER": BROWSER})

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(credential_process, range(50)))
    assert [r.stderr for r in results if r.returncode != 0] == []
    assert len({json.loads(r.stdout)["AccessKeyId"] for r in results}) == 1
    assert user.requests("GET", "/v1/authorize") == 1
    assert user.requests("POST", "/v1/token") == 1


def test_a_session_the_aws_cli_left_is_imported_and_keeps_working(user):
    # What `aws login` left: plaintext tokens and key, the credentials spent.
    key, output = aws_login(user.url)
    login_cache(user.home, key, output, -60)
    user.config.write_text(CONFIG + f"\n[profile console]\nlogin_session = {LOGIN_ARN}\nregion = us-east-1\n")
    imported = user.awning("vault", "import")
    assert imported.returncode == 0, imported.stderr
    assert not (user.home / ".aws" / "login" / "cache").exists() or not any((user.home / ".aws" / "login" / "cache").iterdir())
    # Refreshed with the key the CLI made, its refresh token rotated into the keychain.
    assert user.credentials()["AccessKeyId"] != output["accessToken"]["accessKeyId"]
    assert user.requests("POST", "/v1/token") == 2


def test_signing_out_removes_the_session_and_says_tools_keep_what_they_hold(user):
    user.login()
    result = user.awning("logout", "--profile", "console")
    assert result.returncode == 0, result.stderr
    assert f"Signed out of {SESSION_KEY}." in result.stdout
    assert "within 15 minutes" in result.stdout
    failed = user.awning("credential-process", "--profile", "console")
    assert failed.returncode != 0
    assert "run `awning login --profile console`" in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
    # --all covers console sessions too.
    user.login()
    every = user.awning("logout", "--all")
    assert f"Signed out of {SESSION_KEY}." in every.stdout, every.stdout
    assert user.awning("credential-process", "--profile", "console").returncode != 0
