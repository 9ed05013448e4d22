"""The vault's compatibility mirror against real SDKs: a session signed in with the AWS
CLI's flows is imported into a real gnome-keyring, the vault writes the CLI cache file
back from the keychain, each SDK resolves credentials from that file through the sandbox
(refreshing on its own, with DPoP for `aws login`), and the vault takes back the tokens
the SDK wrote, since the sandbox has already spent the old refresh token."""

import json
import stat
import subprocess

import pytest

from peers import AWNING, LOGIN_ARN, PEERS, caller_of, machine
from sessions import LOGIN_PROFILE, SESSION_PROFILE, aws_login, aws_sso_login, login_cache


def awning(env, *args):
    result = subprocess.run([AWNING, *args], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def mirrored_from_the_keychain(env, cache_file, session):
    """Moves the CLI's file into the vault, then has the vault write it back."""
    assert f"Imported {session} and removed" in awning(env, "vault", "import")
    assert not cache_file.exists()
    assert "Mirroring" in awning(env, "vault", "mirror", session, "on")
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    return json.loads(cache_file.read_text())


@pytest.mark.mirror
@pytest.mark.parametrize("peer", PEERS)
def test_an_sdk_refreshes_the_sso_mirror_and_the_vault_takes_the_new_tokens(sandbox, tmp_path, keychain, peer):
    home, env = machine(tmp_path, sandbox, SESSION_PROFILE)
    env.update(keychain.env)
    # Expired a minute ago: every SDK must refresh it through the sandbox.
    cache_file, signed_in = aws_sso_login(sandbox, home, expires_in=-60)

    written = mirrored_from_the_keychain(env, cache_file, "sso-session:corp")
    assert written == signed_in, "the vault writes back exactly what the CLI wrote"

    identity = caller_of(peer, "dev", env)
    assert identity["Arn"] == "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/ada"
    refreshed = json.loads(cache_file.read_text())
    assert refreshed["refreshToken"] != signed_in["refreshToken"], f"{peer} did not refresh"

    assert "took the newer token" in awning(env, "vault", "sync")
    stored = keychain.lookup("sso-session:corp")
    assert refreshed["accessToken"] in stored and refreshed["refreshToken"] in stored
    assert signed_in["refreshToken"] not in stored
    assert "up to date" in awning(env, "vault", "sync")


@pytest.mark.mirror
@pytest.mark.parametrize("peer", PEERS)
def test_an_sdk_refreshes_the_login_mirror_with_dpop_and_the_vault_takes_the_new_tokens(sandbox, tmp_path, keychain, peer):
    home, env = machine(tmp_path, sandbox, LOGIN_PROFILE)
    env.update(keychain.env)
    key, output = aws_login(sandbox)
    cache_file = login_cache(home, key, output, expires_in=-60)
    signed_in = json.loads(cache_file.read_text())

    written = mirrored_from_the_keychain(env, cache_file, f"login:{LOGIN_ARN}")
    assert written == signed_in, "the vault writes back exactly what the CLI wrote"

    identity = caller_of(peer, "console", env)
    assert (identity["Account"], identity["Arn"]) == ("111122223333", LOGIN_ARN)
    refreshed = json.loads(cache_file.read_text())
    assert refreshed["refreshToken"] != signed_in["refreshToken"], f"{peer} did not refresh"

    assert "took the newer token" in awning(env, "vault", "sync")
    stored = keychain.lookup(f"login:{LOGIN_ARN}")
    assert refreshed["refreshToken"] in stored
    assert refreshed["accessToken"]["secretAccessKey"] in stored
    assert signed_in["refreshToken"] not in stored
    assert "BEGIN EC PRIVATE KEY" in stored, "the DPoP key the session is bound to stays"
