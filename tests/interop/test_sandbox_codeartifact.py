"""CodeArtifact in the sandbox, held honest by awscli v1's `aws codeartifact login` (the
reference writer of npm, pip and twine settings), by a real pypiserver that accepts only
the token the sandbox issued last, and by a real verdaccio that accepts the npm tokens
the sandbox signs with its secret."""

import json
import subprocess
import time

import botocore.session
import pytest

from local_registries import (DEV_ACCOUNT, VENV_BIN, index_status, jwt_hs256, pypiserver, registry_status,
                              sandbox_for_registry, verdaccio)
from peers import machine, role_credentials, scenario_file, start_sandbox

AWS = str(VENV_BIN / "aws")
HOST = "acme-111122223333.d.codeartifact.us-west-2.amazonaws.com"


def aws(env, *args):
    return subprocess.run([AWS, *args], env=env, capture_output=True, text=True, timeout=60)


def login(env, tool, *extra):
    return aws(env, "codeartifact", "login", "--tool", tool, "--domain", "acme", "--domain-owner", "111122223333",
               "--repository", "packages", "--region", "us-west-2", *extra)


@pytest.fixture
def signed_in_machine(sandbox, tmp_path):
    home, env = machine(tmp_path, sandbox, "")
    env.update(role_credentials(sandbox))
    env["PATH"] = f"{VENV_BIN}:{env['PATH']}"
    return home, env


def test_awscli_dry_run_for_npm_shows_the_registry_of_the_repository(signed_in_machine):
    _, env = signed_in_machine
    result = login(env, "npm", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n\n")[:2] == [
        f"npm config set registry https://{HOST}/npm/packages/",
        f"npm config set //{HOST}/npm/packages/:always-auth true",
    ]


def test_awscli_dry_run_for_pip_puts_the_token_in_the_index_url(signed_in_machine):
    _, env = signed_in_machine
    result = login(env, "pip", "--dry-run")
    assert result.returncode == 0, result.stderr
    command = result.stdout.strip()
    assert command.startswith("pip config set global.index-url https://aws:codeartifact-")
    assert command.endswith(f"@{HOST}/pypi/packages/simple/")


def test_awscli_dry_run_for_twine_shows_the_pypirc(signed_in_machine):
    home, env = signed_in_machine
    result = login(env, "twine", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert f"repository = https://{HOST}/pypi/packages/" in result.stdout
    assert "password = codeartifact-" in result.stdout
    assert not (home / ".pypirc").exists()


def codeartifact(url, env):
    return botocore.session.get_session().create_client(
        "codeartifact", region_name="us-east-1", endpoint_url=url,
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=env["AWS_SESSION_TOKEN"],
    )


def test_tokens_last_as_asked_and_errors_are_modeled(sandbox, signed_in_machine):
    _, env = signed_in_machine
    client = codeartifact(sandbox, env)
    before = time.time()
    token = client.get_authorization_token(domain="acme", domainOwner="111122223333", durationSeconds=900)
    assert 890 < token["expiration"].timestamp() - before < 910
    default = client.get_authorization_token(domain="acme")
    assert 12 * 3600 - 10 < default["expiration"].timestamp() - before < 12 * 3600 + 10
    with pytest.raises(client.exceptions.ValidationException):
        client.get_authorization_token(domain="acme", durationSeconds=60)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_authorization_token(domain="nope")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_repository_endpoint(domain="acme", repository="nope", format="npm")
    stranger = codeartifact(sandbox, {**env, "AWS_ACCESS_KEY_ID": "ASIANEVERISSUED"})
    with pytest.raises(stranger.exceptions.ClientError) as raised:
        stranger.get_authorization_token(domain="acme")
    assert raised.value.response["Error"]["Code"] == "UnrecognizedClientException"


def test_pip_installs_from_a_real_index_with_the_token_awscli_configured(tmp_path):
    with pypiserver(tmp_path) as (index, htpasswd), sandbox_for_registry(tmp_path, f'htpasswd = "{htpasswd}"', "pypi", index) as (url, home, env):
        result = login(env, "pip")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Successfully configured pip to use AWS CodeArtifact repository {index}")
        token = htpasswd.read_text().strip().split(":", 1)[1]
        assert token in (home / ".config" / "pip" / "pip.conf").read_text()

        def install():
            return subprocess.run(
                [str(VENV_BIN / "pip"), "install", "--no-cache-dir", "--no-deps", "--target", str(tmp_path / "site"), "awning-probe"],
                env=env, capture_output=True, text=True, timeout=120,
            )

        installed = install()
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert (tmp_path / "site" / "awning_probe" / "__init__.py").exists()

        # A newer token replaces the one pip.conf holds: the index refuses the old one.
        newer = codeartifact(url, env).get_authorization_token(domain="acme")["authorizationToken"]
        assert install().returncode != 0
        assert index_status(index, token) == 403
        assert index_status(index, newer) == 200


def npm(env, cwd, *args):
    return subprocess.run(["npm", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_npm_publishes_and_installs_on_a_real_verdaccio_with_the_token_awscli_configured(tmp_path):
    with verdaccio(tmp_path) as (registry, secret), sandbox_for_registry(tmp_path, f'verdaccio_secret = "{secret}"', "npm", registry) as (url, home, env):
        env["NPM_CONFIG_UPDATE_NOTIFIER"] = "false"
        result = login(env, "npm")
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith(f"Successfully configured npm to use AWS CodeArtifact repository {registry}")

        package = tmp_path / "probe"
        package.mkdir()
        (package / "package.json").write_text(json.dumps({"name": "awning-probe", "version": "1.0.0", "main": "index.js"}))
        (package / "index.js").write_text("module.exports = 42;\n")
        published = npm(env, package, "publish")
        assert published.returncode == 0, published.stdout + published.stderr

        consumer = tmp_path / "consumer"
        consumer.mkdir()
        installed = npm(env, consumer, "install", "--no-audit", "--no-fund", "awning-probe")
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert (consumer / "node_modules" / "awning-probe" / "index.js").exists()

        # Without the token (or with one signed by another secret) verdaccio refuses.
        assert registry_status(f"{registry}awning-probe", None) == 401
        forged = jwt_hs256({"name": "aws", "groups": [], "real_groups": []}, "not-the-secret")
        assert registry_status(f"{registry}awning-probe", forged) == 401


def test_domains_and_repositories_are_listed_page_by_page(tmp_path):
    repositories = "\n".join(f'[[codeartifact.domains.repositories]]\nname = "repo-{n:02}"\n' for n in range(30))
    scenario = scenario_file(tmp_path, f"""{DEV_ACCOUNT}
[[codeartifact.domains]]
name = "acme"
owner = "111122223333"

{repositories}
[[codeartifact.domains]]
name = "tools"
owner = "444455556666"

[[codeartifact.domains.repositories]]
name = "internal"
""")
    process, url = start_sandbox("--scenario", str(scenario))
    try:
        _, env = machine(tmp_path, url, "")
        env.update(role_credentials(url))
        client = codeartifact(url, env)
        domains = client.list_domains()["domains"]
        assert [(d["name"], d["owner"]) for d in domains] == [("acme", "111122223333"), ("tools", "444455556666")]
        assert domains[0]["arn"] == "arn:aws:codeartifact:us-east-1:111122223333:domain/acme"
        first = client.list_domains(maxResults=1)
        assert [d["name"] for d in first["domains"]] == ["acme"] and first["nextToken"]

        pages = client.get_paginator("list_repositories_in_domain").paginate(
            domain="acme", PaginationConfig={"PageSize": 12})
        listed = [page["repositories"] for page in pages]
        assert [len(page) for page in listed] == [12, 12, 6]
        names = [r["name"] for page in listed for r in page]
        assert names == [f"repo-{n:02}" for n in range(30)]
        assert listed[0][0]["domainOwner"] == "111122223333"
        prefixed = client.list_repositories_in_domain(domain="acme", repositoryPrefix="repo-2")["repositories"]
        assert [r["name"] for r in prefixed] == [f"repo-2{n}" for n in range(10)]

        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.list_repositories_in_domain(domain="nope")
        with pytest.raises(client.exceptions.ValidationException):
            client.list_repositories_in_domain(domain="acme", nextToken="forged")
    finally:
        process.terminate()
        process.wait()
