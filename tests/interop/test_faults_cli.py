"""Bad days, with the real CLI, a real gnome-keyring and the sandbox's faults: each ends in
a clear state and loses nothing — the config file byte for byte as it was outside the
intended edit, the vault's index readable, no half-written or staging file left."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from local_registries import DEV_ACCOUNT
from peers import AWNING, device_prompt, machine, post_form, scenario_file, start_sandbox
from test_sandbox_faults import admin, set_faults

BROWSER = f"{sys.executable} {Path(__file__).parent / 'browser.py'}"

CONFIG = """\
# Ada's AWS config: every comment and blank line must survive a bad day.
[sso-session corp]
sso_start_url = https://d-9067000000.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

; the one she uses all day
[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = us-east-1
"""


class User:
    def __init__(self, tmp_path, url, env, keychain, log):
        self.tmp_path, self.url, self.env, self.keychain, self.log = tmp_path, url, env, keychain, log
        self.config = Path(env["AWS_CONFIG_FILE"])

    def requests_to(self, path):
        return sum(1 for line in self.log.read_text().splitlines() if json.loads(line)["path"] == path)

    def awning(self, *args, env=None, timeout=120):
        return subprocess.run([AWNING, *args], env={**self.env, **(env or {})},
                              capture_output=True, text=True, timeout=timeout)

    def credentials(self):
        return self.awning("credential-process", "--profile", "dev")

    def assert_nothing_lost(self, config=CONFIG):
        assert self.config.read_text() == config, "the config file is as it was"
        listed = self.awning("vault", "list")
        assert listed.returncode == 0, listed.stderr
        status = self.awning("status", "--json")
        assert status.returncode == 0, status.stderr
        json.loads(status.stdout)
        staged = [p for p in self.tmp_path.rglob(".awning-*.tmp")]
        assert staged == [], f"staging files left: {staged}"


@pytest.fixture
def user(tmp_path, keychain):
    """Ada signed in to corp. Tokens and role credentials last ten minutes, less than the
    fifteen Awning keeps in hand, so every credentials call renews and asks the portal."""
    scenario = scenario_file(tmp_path, f"{DEV_ACCOUNT}\n[lifetimes]\naccess_token = 600\nrole_credentials = 600\n")
    log = tmp_path / "requests.jsonl"
    process, url = start_sandbox("--scenario", str(scenario), "--log", str(log))
    try:
        _, env = machine(tmp_path, url, CONFIG)
        user = User(tmp_path, url, {**env, **keychain.env, "BROWSER": BROWSER, "AWNING_NO_APP": "1"}, keychain,
                    log)
        signed_in = user.awning("login", "--sso-session", "corp")
        assert signed_in.returncode == 0, signed_in.stderr
        yield user
    finally:
        process.terminate()
        process.wait()


@pytest.mark.parametrize("knobs, words", [
    ({"server_error_rate": 1.0}, "IAM Identity Center"),
    ({"malformed_bodies": True}, "IAM Identity Center"),
])
def test_a_failing_service_is_one_clear_line_and_the_session_outlives_it(user, knobs, words):
    set_faults(user.url, **knobs)
    failed = user.credentials()
    assert failed.returncode == 1
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], failed.stderr
    assert failed.stdout == ""
    user.assert_nothing_lost()

    set_faults(user.url, server_error_rate=0, malformed_bodies=False)
    served = user.credentials()
    assert served.returncode == 0, served.stderr
    assert json.loads(served.stdout)["Version"] == 1, "no new sign-in was needed"


def test_a_throttling_storm_and_latency_are_ridden_out(user):
    set_faults(user.url, portal_rate_limit=1, latency_ms=2000)
    calls = [subprocess.Popen([AWNING, "credential-process", "--profile", "dev"], env=user.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(5)]
    for call in calls:
        out, err = call.communicate(timeout=120)
        assert call.returncode == 0, err
        assert json.loads(out)["AccessKeyId"]
    user.assert_nothing_lost()


def test_a_device_sign_in_through_slow_down_and_pending_polls(user):
    set_faults(user.url, slow_down=1, authorization_pending=2)
    process = subprocess.Popen([AWNING, "login", "--sso-session", "corp", "--no-browser"], env=user.env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, code = device_prompt(process)
    post_form(f"{user.url}/device", {"user_code": code, "decision": "approve"})
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    user.assert_nothing_lost()


def test_a_revoked_session_asks_for_a_sign_in_with_the_command_and_keeps_nothing_stale(user):
    revoked = admin(user.url, "revoke", {"all_sessions": True})
    assert revoked[0] == 200, revoked
    failed = user.credentials()
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines()[-1].endswith("run `awning login --sso-session corp`"), failed.stderr
    user.assert_nothing_lost()


def test_a_keychain_locked_mid_run_asks_to_unlock_it_and_loses_nothing(user):
    user.keychain.lock()
    locked = user.credentials()
    assert locked.returncode == 1 and locked.stdout == ""
    assert "locked" in locked.stderr.splitlines()[-1], locked.stderr
    user.assert_nothing_lost()
    user.keychain.unlock()
    served = user.credentials()
    assert served.returncode == 0, served.stderr


def test_a_keychain_that_never_answers_is_said_within_its_deadline(user):
    daemon = user.keychain.daemon()
    os.kill(daemon, signal.SIGSTOP)
    try:
        started = time.monotonic()
        stalled = user.credentials()
        waited = time.monotonic() - started
    finally:
        os.kill(daemon, signal.SIGCONT)
    assert stalled.returncode == 1 and stalled.stdout == ""
    assert "keychain" in stalled.stderr.splitlines()[-1].lower(), stalled.stderr
    assert waited < 30, f"the CLI waited {waited:.0f} s for a keychain that never answers"
    user.assert_nothing_lost()
    served = user.credentials()
    assert served.returncode == 0, served.stderr


def test_kill_9_during_a_renewal_leaves_the_session_usable(user):
    set_faults(user.url, latency_ms=3000)
    renewals = user.requests_to("/token")
    renewing = subprocess.Popen([AWNING, "credential-process", "--profile", "dev"], env=user.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The sandbox logs the refresh as it arrives, then holds its answer for three seconds.
    deadline = time.monotonic() + 30
    while user.requests_to("/token") == renewals:
        assert time.monotonic() < deadline, "the renewal never reached the sandbox"
        time.sleep(0.05)
    renewing.kill()
    renewing.wait()
    set_faults(user.url, latency_ms=0)
    served = user.credentials()
    assert served.returncode == 0, served.stderr
    user.assert_nothing_lost()


def big_config(profiles=5000):
    return CONFIG + "".join(f"\n# team {n}\n[profile p{n}]\nregion = eu-west-1\noutput = json\n"
                            for n in range(profiles))


def test_kill_9_during_a_config_write_leaves_the_old_file_or_the_new_one(user):
    before = big_config()
    user.config.write_text(before)
    after = before.replace("[profile p2500]\nregion = eu-west-1", "[profile p2500]\nregion = ap-south-1")
    rng = random.Random(7)
    for _ in range(12):
        writer = subprocess.Popen([AWNING, "config", "set", "p2500", "region", "ap-south-1"], env=user.env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Not synchronisation: a moment to kill at, spread over the write's span.
        time.sleep(rng.uniform(0, 0.08))
        writer.kill()
        writer.wait()
        assert user.config.read_text() in (before, after), "never a half-written file"
        user.config.write_text(before)
    # The next write cleans up what the killed ones left.
    done = user.awning("config", "set", "p2500", "region", "ap-south-1")
    assert done.returncode == 0, done.stderr
    user.assert_nothing_lost(config=after)


@pytest.fixture
def small_disk(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    disk = tmp_path / "small-disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], check=True)
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def fill(disk):
    """Fills `disk` to the last byte; the filler's path, to free the space again."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as out:
        for size in (65536, 4096, 1):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError:
                pass
    return filler


def test_a_full_disk_during_a_config_write_changes_nothing(user, small_disk):
    config = small_disk / "config"
    config.write_text(CONFIG)
    user.env["AWS_CONFIG_FILE"] = str(config)
    user.config = config
    filler = fill(small_disk)
    refused = user.awning("config", "set", "dev", "output", "json")
    assert refused.returncode == 1
    assert "No space left on device" in refused.stderr, refused.stderr
    assert config.read_text() == CONFIG
    assert list(small_disk.glob(".awning-*.tmp")) == []
    filler.unlink()
    user.assert_nothing_lost()


def test_a_full_disk_during_a_vault_write_keeps_the_session_readable(user, small_disk):
    env = {"AWNING_SECRET_STORE": "file", "AWNING_DATA_DIR": str(small_disk / "awning")}
    signed_in = user.awning("login", "--sso-session", "corp", env=env)
    assert signed_in.returncode == 0, signed_in.stderr
    filler = fill(small_disk)
    renewal = user.awning("credential-process", "--profile", "dev", env=env)
    assert renewal.returncode == 1 and renewal.stdout == ""
    assert "No space left on device" in renewal.stderr.splitlines()[-1], renewal.stderr
    filler.unlink()
    listed = user.awning("vault", "list", env=env)
    assert listed.returncode == 0 and "sso-session:corp" in listed.stdout, listed.stdout + listed.stderr
    served = user.awning("credential-process", "--profile", "dev", env=env)
    assert served.returncode == 0, served.stderr
    assert list(small_disk.rglob(".awning-*.tmp")) == []
