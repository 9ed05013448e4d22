from pathlib import Path

import pytest

from keychain import Keychain
from peers import ISSUED, start_sandbox

# Modules where Awning itself runs; the others test the sandbox with peers, whose own
# caches hold tokens by design.
AWNING_MODULES = {"test_sso_cli", "test_console_cli", "test_codeartifact_cli", "test_vault_mirror",
                  "test_faults_cli", "test_keys_cli"}
# What the package registries and the sandbox keep of the tokens they were sent or
# handed: theirs, not Awning's.
NOT_AWNINGS = {"requests.jsonl", "htpasswd", "maven-htpasswd", "verdaccio.htpasswd", "verdaccio", "nginx",
               "packages", "maven-repo"}
MIRRORS = (".aws/sso/cache", ".aws/login/cache")


def pytest_configure(config):
    config.addinivalue_line("markers", "mirror: the test turns the compatibility mirror on")
    config.addinivalue_line("markers", "user_file(name): the test puts a secret in this file of the user's")


@pytest.fixture
def sandbox():
    process, url = start_sandbox()
    yield url
    process.terminate()
    process.wait()


@pytest.fixture
def keychain(tmp_path):
    chain = Keychain(tmp_path / "keychain")
    yield chain
    chain.close()


def left_behind(tmp_path, mirror):
    for path in tmp_path.rglob("*"):
        relative = path.relative_to(tmp_path)
        if not path.is_file() or NOT_AWNINGS & set(relative.parts):
            continue
        if mirror and any(cache in relative.as_posix() for cache in MIRRORS):
            continue
        yield path


def handed_to_tools(secret):
    """CodeArtifact tokens (verdaccio's are JWTs) belong in the tools' files Awning wrote."""
    return secret.startswith(("codeartifact-", "eyJ"))


@pytest.fixture(autouse=True)
def secret_scan(request, tmp_path):
    """After every test where Awning ran: no secret a sandbox issued is in any file the
    test left, Awning's data folder included — only a package manager's own file holds a
    CodeArtifact token, and only a test that turned the mirror on may find tokens there."""
    issued_before = len(ISSUED)
    yield
    if request.module.__name__ not in AWNING_MODULES:
        return
    secrets = ISSUED[issued_before:]
    mirror = request.node.get_closest_marker("mirror") is not None
    users = {marker.args[0] for marker in request.node.iter_markers("user_file")}
    for path in (path for path in left_behind(tmp_path, mirror) if path.name not in users):
        text = path.read_bytes()
        in_awning_data = "awning-data" in path.parts
        for secret in secrets:
            if handed_to_tools(secret) and not in_awning_data:
                continue
            assert secret.encode() not in text, f"{secret[:12]}… is in {path}"
