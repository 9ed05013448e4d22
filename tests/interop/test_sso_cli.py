"""`awning login`, `credential-process`, `status` and `logout` as a user runs them: a real
gnome-keyring holds the tokens, real headless Chromium approves the browser sign-in (it
is the BROWSER the sign-in opens), and boto3, the Rust SDK and the JS SDK take
credentials from Awning and call STS on the sandbox."""

import json
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from peers import AWNING, PEERS, caller_of, device_prompt, machine, post_form, start_sandbox

BROWSER = f"{sys.executable} {Path(__file__).parent / 'browser.py'}"
START_URL = "https://d-9067000000.awsapps.com/start"


def config():
    return f"""\
[sso-session corp]
sso_start_url = {START_URL}
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = us-east-1

[profile piped]
credential_process = {AWNING} credential-process --profile piped
awning_sso_session = corp
awning_sso_account_id = 222233334444
awning_sso_role_name = ReadOnly
region = us-east-1
"""


@pytest.fixture
def logged_sandbox(tmp_path):
    log = tmp_path / "requests.jsonl"
    process, url = start_sandbox("--log", str(log))
    yield url, log
    process.terminate()
    process.wait()


@pytest.fixture
def user(logged_sandbox, tmp_path, keychain):
    url, log = logged_sandbox
    home, env = machine(tmp_path, url, config())
    return User(url, log, home, {**env, **keychain.env, "BROWSER": BROWSER}, keychain)


class User:
    def __init__(self, url, log, home, env, keychain):
        self.url, self.log, self.home, self.env, self.keychain = url, log, home, env, keychain

    def awning(self, *args, env=None):
        return subprocess.run([AWNING, *args], env={**self.env, **(env or {})},
                              capture_output=True, text=True, timeout=120)

    def requests(self, method, path):
        lines = self.log.read_text().splitlines()
        return sum(1 for line in map(json.loads, lines) if line["method"] == method and line["path"] == path)

    def status(self):
        result = self.awning("status", "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def files_text(self):
        return "".join(p.read_text(errors="replace") for p in self.home.rglob("*") if p.is_file())


def stored_access_token(user):
    record = user.keychain.lookup("sso-session:corp")
    assert record, "the session is not in the keychain"
    return json.loads(record.split("\n", 1)[1])["access_token"]


def test_a_browser_sign_in_approved_in_chromium_keeps_the_token_in_the_keychain_only(user):
    result = user.awning("login", "--sso-session", "corp")
    assert result.returncode == 0, result.stderr
    assert "Signed in to corp" in result.stdout
    assert f"{user.url}/authorize?response_type=code" in result.stderr
    token = stored_access_token(user)
    assert token not in user.files_text()
    session = next(s for s in user.status()["sessions"] if s["session"] == "sso-session:corp")
    assert session["state"] == "signed-in" and session["renews_silently"] is True
    assert user.requests("GET", "/authorize") == 1


def test_a_sign_in_denied_in_the_browser_says_so_and_stores_nothing(user):
    result = user.awning("login", "--sso-session", "corp", env={"BROWSER": f"{BROWSER} %s deny"})
    assert result.returncode == 1
    assert "denied" in result.stderr.splitlines()[-1]
    assert user.keychain.lookup("sso-session:corp") is None


def test_a_device_code_sign_in_shows_the_code_and_waits_for_approval(user):
    process = subprocess.Popen([AWNING, "login", "--sso-session", "corp", "--no-browser"],
                               env=user.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    prompt, code = device_prompt(process)
    assert f"{user.url}/device" in prompt
    post_form(f"{user.url}/device", {"user_code": code, "decision": "approve"})
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert user.requests("GET", "/authorize") == 0
    assert user.keychain.lookup("sso-session:corp")


def test_credential_process_without_a_sign_in_names_the_command_to_run(user):
    result = user.awning("credential-process", "--profile", "dev")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "awning: sso-session:corp needs a sign-in: not signed in; run `awning login --sso-session corp`"
    ]


@pytest.mark.parametrize("peer", PEERS)
def test_sdks_take_credentials_from_awning_credential_process(user, peer):
    assert user.awning("login", "--sso-session", "corp").returncode == 0
    identity = caller_of(peer, "piped", user.env)
    assert identity["Account"] == "222233334444"
    assert ":assumed-role/AWSReservedSSO_ReadOnly_" in identity["Arn"]


@pytest.mark.mirror
@pytest.mark.parametrize("peer", PEERS)
def test_sdks_use_native_profiles_through_the_mirror(user, peer):
    assert user.awning("login", "--sso-session", "corp").returncode == 0
    assert user.awning("vault", "mirror", "sso-session:corp", "on").returncode == 0
    identity = caller_of(peer, "dev", user.env)
    assert identity["Account"] == "111122223333"
    assert ":assumed-role/AWSReservedSSO_Developer_" in identity["Arn"]


def test_export_prints_the_variables_aws_configure_export_credentials_prints(user):
    assert user.awning("login", "--sso-session", "corp").returncode == 0
    result = user.awning("export", "--profile", "dev", "--format", "env")
    names = [line.split("=")[0] for line in result.stdout.splitlines()]
    assert names == ["export AWS_ACCESS_KEY_ID", "export AWS_SECRET_ACCESS_KEY",
                     "export AWS_SESSION_TOKEN", "export AWS_CREDENTIAL_EXPIRATION"]
    assert result.stdout.splitlines()[3].endswith("+00:00")


def test_fifty_concurrent_credential_processes_start_one_sign_in(user):
    def credential_process(_):
        return user.awning("credential-process", "--profile", "dev", "--login")

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(credential_process, range(50)))
    failures = [r.stderr for r in results if r.returncode != 0]
    assert failures == []
    keys = {json.loads(r.stdout)["AccessKeyId"] for r in results}
    assert len(keys) == 1, "every caller got the credentials of the one sign-in"
    assert user.requests("GET", "/authorize") == 1
    assert user.requests("POST", "/client/register") == 1
    assert user.requests("GET", "/federation/credentials") == 1


def test_signing_out_ends_the_session_at_the_service_and_in_the_keychain(user):
    assert user.awning("login", "--sso-session", "corp").returncode == 0
    token = stored_access_token(user)
    result = user.awning("logout", "--profile", "dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Signed out of sso-session:corp."
    assert user.keychain.lookup("sso-session:corp") is None
    request = urllib.request.Request(
        f"{user.url}/federation/credentials?role_name=Developer&account_id=111122223333",
        headers={"x-amz-sso_bearer_token": token})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 401
    session = next(s for s in user.status()["sessions"] if s["session"] == "sso-session:corp")
    assert session["state"] == "signed-out"


def test_an_unreachable_endpoint_is_one_clear_line(user):
    result = user.awning("login", "--sso-session", "corp",
                         env={f"AWS_ENDPOINT_URL_{s}": "http://127.0.0.1:9" for s in ("SSO", "SSO_OIDC")})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("awning: IAM Identity Center could not be reached"), lines


def test_discovery_lists_2000_accounts_under_a_rate_limit_and_writes_their_profiles(tmp_path, keychain):
    scenario = tmp_path / "scenario.toml"
    scenario.write_text(f"""generated_accounts = 2000
[identity_center]
start_url = "{START_URL}"
region = "us-east-1"
user = "ada"
[faults]
portal_rate_limit = 400
""")
    log = tmp_path / "requests.jsonl"
    process, url = start_sandbox("--scenario", str(scenario), "--log", str(log))
    try:
        home, env = machine(tmp_path, url, config())
        user = User(url, log, home, {**env, **keychain.env, "BROWSER": BROWSER}, keychain)
        assert user.awning("login", "--sso-session", "corp").returncode == 0
        result = user.awning("profiles", "discover", "--sso-session", "corp", "--dry-run")
        assert result.returncode == 0, result.stderr
        assert "2000 accounts with 2000 roles in corp" in result.stdout
        assert "+[profile generated-1999-ReadOnly]" in result.stdout
        assert "generated-" not in (tmp_path / "config").read_text()
        result = user.awning("profiles", "discover", "--sso-session", "corp", "--cached")
        assert result.returncode == 0, result.stderr
        assert "Wrote 2000 profiles (2000 new, 0 removed)" in result.stdout
        requests = [json.loads(line) for line in log.read_text().splitlines()]
        listed = {r["query"].split("account_id=")[1].split("&")[0]
                  for r in requests if r["path"] == "/assignment/roles"}
        assert len(listed) == 2000
    finally:
        process.terminate()
        process.wait()
    assert sum(1 for r in requests if r["path"] == "/assignment/roles") > 2000, \
        "the rate limit was reached and the throttled calls were retried"


def test_discovered_process_profiles_give_credentials_to_boto3(user):
    assert user.awning("login", "--sso-session", "corp").returncode == 0
    result = user.awning("profiles", "discover", "--sso-session", "corp", "--style", "process")
    assert result.returncode == 0, result.stderr
    assert "Wrote 10 profiles (10 new, 0 removed)" in result.stdout
    env = {**user.env, "PATH": f"{Path(AWNING).parent}:{user.env['PATH']}"}
    identity = caller_of("botocore", "security-audit-SecurityAudit", env)
    assert identity["Account"] == "555566667777"
    # The account went away: prune removes its profiles and nothing the user wrote.
    config_text = (user.home.parent / "config").read_text()
    assert "[profile dev]" in config_text and "[profile piped]" in config_text
    result = user.awning("profiles", "discover", "--sso-session", "corp", "--prune",
                         "--template", "{account_id}-{role_name}")
    assert "Wrote 10 profiles (10 new, 10 removed)" in result.stdout
    config_text = (user.home.parent / "config").read_text()
    assert "security-audit-SecurityAudit" not in config_text
    assert "[profile dev]" in config_text and "[profile piped]" in config_text
