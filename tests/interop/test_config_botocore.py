"""botocore's own config loader reads what `awning config` writes.

Random edit sequences (fixed seeds, so a failure reproduces) run through the real
`awning` binary; after each sequence botocore must read exactly the intended values,
and every comment of the original file that no edit targeted must still be there.
"""

import os
import random
import subprocess
from pathlib import Path

import botocore.configloader
import pytest

AWNING = os.environ.get("AWNING_BIN", str(Path(__file__).parents[2] / "target/debug/awning"))
PROFILES = ["dev", "prod", "ops", "default", "team-a"]
KEYS = ["region", "output", "sso_role_name", "cli_pager"]
BASE = """# Team config: this comment must survive every edit.
[default]
region = eu-west-1

[profile dev]
region = us-east-1
  # note under dev

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
"""


def awning(tmp_path, *args):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path / "home"),
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "AWNING_DATA_DIR": str(tmp_path / "data"),
    }
    return subprocess.run([AWNING, "config", *args], env=env, capture_output=True, text=True)


def botocore_profiles(path):
    return botocore.configloader.load_config(str(path))["profiles"]


@pytest.mark.parametrize("seed", range(25))
def test_random_edit_sequences_read_back_in_botocore(tmp_path, seed):
    rng = random.Random(seed)
    config = tmp_path / "config"
    config.write_text(BASE)
    model = {"default": {"region": "eu-west-1"}, "dev": {"region": "us-east-1"}}
    removed = set()
    for _ in range(8):
        profile, key = rng.choice(PROFILES), rng.choice(KEYS)
        operation = rng.choice(["set", "set", "set", "unset", "rm"])
        if operation == "set":
            value = "".join(rng.choice("abcdefghij0123456789-") for _ in range(rng.randint(1, 10)))
            result = awning(tmp_path, "set", profile, key, value)
            model.setdefault(profile, {})[key] = value
        elif operation == "unset":
            result = awning(tmp_path, "unset", profile, key)
            expected_ok = key in model.get(profile, {})
            assert (result.returncode == 0) == expected_ok, result.stderr
            model.get(profile, {}).pop(key, None)
        else:
            result = awning(tmp_path, "rm", profile)
            assert (result.returncode == 0) == (profile in model), result.stderr
            model.pop(profile, None)
            removed.add(profile)
        if operation == "set":
            assert result.returncode == 0, result.stderr

    profiles = botocore_profiles(config)
    actual = {name: {k: v for k, v in keys.items() if k in KEYS} for name, keys in profiles.items()}
    assert actual == model
    text = config.read_text()
    assert text.startswith("# Team config: this comment must survive every edit.\n")
    assert ("  # note under dev\n" in text) == ("dev" not in removed)


def test_sessions_written_by_awning_are_sso_sessions_to_botocore(tmp_path):
    (tmp_path / "config").write_text("")
    url = "https://d-1234567890.awsapps.com/start"
    for args in (
        ["set", "--sso-session", "my sso", "sso_start_url", url],
        ["set", "--sso-session", "my sso", "sso_region", "us-east-1"],
        ["set", "dev", "sso_session", "my sso"],
        ["set", "dev", "sso_account_id", "111122223333"],
        ["set", "dev", "sso_role_name", "ReadOnly"],
    ):
        result = awning(tmp_path, *args)
        assert result.returncode == 0, result.stderr
    loaded = botocore.configloader.load_config(str(tmp_path / "config"))
    assert loaded["sso_sessions"]["my sso"] == {"sso_start_url": url, "sso_region": "us-east-1"}
    assert loaded["profiles"]["dev"]["sso_session"] == "my sso"


def test_crlf_files_stay_crlf_and_readable(tmp_path):
    (tmp_path / "config").write_bytes(b"[default]\r\nregion = eu-west-1\r\n")
    result = awning(tmp_path, "set", "ops", "output", "json")
    assert result.returncode == 0, result.stderr
    data = (tmp_path / "config").read_bytes()
    assert data == b"[default]\r\nregion = eu-west-1\r\n\r\n[profile ops]\r\noutput = json\r\n"
    assert botocore_profiles(tmp_path / "config")["ops"] == {"output": "json"}


def test_a_value_set_beside_an_inline_comment_is_the_value_botocore_reads(tmp_path):
    config = tmp_path / "config"
    config.write_text("[profile dev]\nregion = eu-west-1   ; the team's home\n")
    assert botocore_profiles(config)["dev"]["region"] == "eu-west-1   ; the team's home", "botocore's reading"
    checked = awning(tmp_path, "check")
    assert checked.returncode != 0 and "reads the comment as part of the value" in checked.stdout
    assert awning(tmp_path, "set", "dev", "region", "us-east-2").returncode == 0
    assert botocore_profiles(config)["dev"]["region"] == "us-east-2"
    assert "; the team's home\n" in config.read_text(), "the comment stays, on its own line"


@pytest.mark.parametrize("header", ["[ default ]", "  [profile default]"])
def test_an_edit_where_botocore_reads_the_header_otherwise_is_refused(tmp_path, header):
    config = tmp_path / "config"
    text = f"# mine\n{header}\nregion = eu-west-1\n"
    config.write_text(text)
    refused = awning(tmp_path, "set", "default", "region", "us-east-2")
    assert refused.returncode != 0
    assert "line 2" in refused.stderr and "tidy it first" in refused.stderr, refused.stderr
    assert config.read_text() == text
