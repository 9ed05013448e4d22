"""`awning keys` as a user runs it, as aws-vault is used: an IAM user's long-term key
moves from ~/.aws/credentials into a real gnome-keyring, the profile then takes
temporary credentials (GetSessionToken after the MFA code) through
`awning credential-process`, and real SDKs call STS on the sandbox with them."""

import os
import subprocess
from pathlib import Path

import pytest

from peers import AWNING, PEERS, caller_of, machine, resolve, start_sandbox

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
CONFIG = """\
# Ada's config
[profile ada]
region = us-east-1
mfa_serial = arn:aws:iam::111122223333:mfa/ada
"""
CREDENTIALS = f"""\
# Ada's keys: this file is all plaintext
[ada]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = {SECRET}
"""
ADA = "arn:aws:iam::111122223333:user/ada"


class User:
    def __init__(self, tmp_path, env, keychain):
        self.tmp_path, self.env, self.keychain = tmp_path, env, keychain
        self.config, self.credentials = tmp_path / "config", tmp_path / "credentials"

    def awning(self, *args, stdin=None):
        return subprocess.run([AWNING, *args], env=self.env, input=stdin, capture_output=True, text=True,
                              timeout=60)


@pytest.fixture
def user(tmp_path, keychain):
    # The default scenario plays IAM user ada, her key and her MFA device (code 123456).
    process, url = start_sandbox()
    try:
        _, env = machine(tmp_path, url, CONFIG)
        (tmp_path / "credentials").write_text(CREDENTIALS)
        # The profile runs `awning credential-process`, found on PATH as it would be.
        env = {**env, **keychain.env, "AWNING_NO_APP": "1",
               "PATH": f"{Path(AWNING).parent}:{os.environ['PATH']}"}
        yield User(tmp_path, env, keychain)
    finally:
        process.terminate()
        process.wait()


@pytest.mark.parametrize("peer", PEERS)
def test_a_kept_key_gives_sdks_temporary_credentials_after_the_mfa_code(user, peer):
    imported = user.awning("keys", "import", "--profile", "ada")
    assert imported.returncode == 0, imported.stderr
    assert SECRET not in user.credentials.read_text()
    assert "credential_process = awning credential-process --profile ada" in user.config.read_text()
    assert SECRET in user.keychain.lookup("access-key:AKIAIOSFODNN7EXAMPLE")

    code, _, stderr = resolve(peer, "ada", user.env)
    assert code != 0
    assert "needs a code from its MFA device; run `awning keys session --profile ada`" in stderr, stderr

    refused = user.awning("keys", "session", "--profile", "ada", stdin="000000\n")
    assert refused.returncode == 1
    assert "AWS refused the MFA code" in refused.stderr
    started = user.awning("keys", "session", "--profile", "ada", stdin="123456\n")
    assert started.returncode == 0, started.stderr

    assert caller_of(peer, "ada", user.env)["Arn"] == ADA
    served = user.awning("credential-process", "--profile", "ada")
    assert '"AccessKeyId": "ASIA' in served.stdout, "a session's key, never the long-term one"
    assert "AKIAIOSFODNN7EXAMPLE" not in served.stdout


@pytest.mark.user_file("credentials")
def test_restore_puts_the_key_back_and_the_files_are_as_they_were(user):
    assert user.awning("keys", "import", "--profile", "ada").returncode == 0
    restored = user.awning("keys", "restore", "--profile", "ada")
    assert restored.returncode == 0, restored.stderr
    assert user.config.read_text() == CONFIG
    assert user.credentials.read_text() == CREDENTIALS
    assert user.keychain.lookup("access-key:AKIAIOSFODNN7EXAMPLE") is None


@pytest.mark.user_file("credentials")
def test_temporary_credentials_are_not_moved(user):
    user.credentials.write_text(CREDENTIALS + "aws_session_token = FwoGZXIvYXdzEBY\n")
    before = user.credentials.read_text()
    refused = user.awning("keys", "import", "--profile", "ada")
    assert refused.returncode == 1
    assert "holds temporary credentials" in refused.stderr
    assert user.credentials.read_text() == before
