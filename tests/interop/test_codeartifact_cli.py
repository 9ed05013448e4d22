"""`awning codeartifact` as a user runs it: it writes the tools' own files (no tool's CLI
is run), real npm and pip then install (and publish) from a real registry that accepts
only the token the sandbox issued, and `logout` gives the user's files back byte for
byte. The token lives in the keychain (a real gnome-keyring) and the tool's file only."""

import base64
import json
import os
import stat
import subprocess
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest

from local_registries import (MAVEN_PROBE, NODE_TOOLS, TOOLS_BIN, VENV_BIN, cargo_registry, index_status,
                              maven_repository, pypiserver, registry_status, sandbox_for_registry, status_of,
                              tiny_wheel, verdaccio)
from peers import AWNING

USER_NPMRC = """# Ada's npm settings: comments, order and other registries survive.
registry = https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=npm_ADA_OWN_TOKEN
fund=false"""

USER_PIP_CONF = """# Ada's pip settings
[global]
timeout = 60

[list]
format = columns
"""


class User:
    def __init__(self, tmp_path, home, env, keychain):
        self.tmp_path, self.home = tmp_path, home
        self.env = {**env, **keychain.env, "AWNING_DATA_DIR": str(tmp_path / "awning-data"),
                    "NPM_CONFIG_UPDATE_NOTIFIER": "false", "AWNING_NO_APP": "1"}

    def awning(self, *args, cwd=None):
        return subprocess.run([AWNING, *args], env=self.env, cwd=cwd, capture_output=True, text=True, timeout=120)

    def login(self, tool, *extra, cwd=None):
        return self.awning("codeartifact", "login", "--tool", tool, "--domain", "acme", "--domain-owner",
                           "111122223333", "--repository", "packages", "--region", "us-west-2", *extra, cwd=cwd)

    def run(self, *command, cwd):
        return subprocess.run(command, env=self.env, cwd=cwd, capture_output=True, text=True, timeout=180)

    def folder(self, name):
        path = self.tmp_path / name
        path.mkdir()
        return path

    def awning_data(self):
        """Every file Awning keeps in its data folder, as text."""
        return "".join(path.read_text(errors="replace") for path in (self.tmp_path / "awning-data").rglob("*") if path.is_file())


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def npm_package(folder):
    (folder / "package.json").write_text(json.dumps({"name": "awning-probe", "version": "1.0.0", "main": "index.js"}))
    (folder / "index.js").write_text("module.exports = 42;\n")


@pytest.fixture
def signed_in_user(tmp_path, keychain):
    """A user of a sandbox whose repository has the endpoints CodeArtifact would give."""
    with sandbox_for_registry(tmp_path, "", "generic", "https://unused.example/") as (_, home, env):
        yield User(tmp_path, home, env, keychain)


@pytest.fixture
def npm_user(tmp_path, keychain):
    with verdaccio(tmp_path) as (registry, secret), \
            sandbox_for_registry(tmp_path, f'verdaccio_secret = "{secret}"', "npm", registry) as (_, home, env):
        yield User(tmp_path, home, env, keychain), registry


@pytest.fixture
def pip_user(tmp_path, keychain):
    with pypiserver(tmp_path) as (index, htpasswd), \
            sandbox_for_registry(tmp_path, f'htpasswd = "{htpasswd}"', "pypi", index) as (_, home, env):
        yield User(tmp_path, home, env, keychain), index, htpasswd


AWS_SHAPED_NPM = "https://acme-111122223333.d.codeartifact.us-west-2.amazonaws.com/npm/packages/"


def token_in(npmrc, registry):
    key = "//" + registry.split("://", 1)[1] + ":_authToken="
    lines = [line for line in npmrc.read_text().splitlines() if line.startswith(key)]
    assert len(lines) == 1, npmrc.read_text()
    return lines[0][len(key):]


def test_npm_publishes_and_installs_with_the_token_awning_wrote_and_logout_gives_the_file_back(npm_user):
    user, registry = npm_user
    npmrc = user.home / ".npmrc"
    npmrc.write_text(USER_NPMRC)
    npmrc.chmod(0o644)

    configured = user.login("npm")
    assert configured.returncode == 0, configured.stderr
    assert f"Configured npm for acme/packages ({registry})" in configured.stdout
    token = token_in(npmrc, registry)
    # The registry line is replaced where it stood, the token keyed by the registry joins
    # the end (never always-auth, which npm 9+ rejects), and the rest is Ada's as it was.
    key = "//" + registry.split("://", 1)[1] + ":_authToken"
    assert npmrc.read_text() == USER_NPMRC.replace("registry = https://registry.npmjs.org/", f"registry={registry}") + f"\n{key}={token}\n"
    assert mode(npmrc) == 0o600, "private now it holds a token"
    assert token not in user.awning_data(), "the data folder holds no token"

    package = user.folder("probe")
    npm_package(package)
    published = user.run("npm", "publish", cwd=package)
    assert published.returncode == 0, published.stdout + published.stderr
    consumer = user.folder("consumer")
    installed = user.run("npm", "install", "--no-audit", "--no-fund", "awning-probe", cwd=consumer)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (consumer / "node_modules" / "awning-probe" / "index.js").exists()
    assert registry_status(f"{registry}awning-probe", token) == 200
    assert registry_status(f"{registry}awning-probe", None) == 401

    listed = json.loads(user.awning("codeartifact", "status", "--json").stdout)
    assert [(row["tool"], row["repository"], row["files"]) for row in listed] == [("npm", "packages", [str(npmrc)])]

    undone = user.awning("codeartifact", "logout", "--tool", "npm")
    assert undone.returncode == 0, undone.stderr
    assert npmrc.read_text() == USER_NPMRC, "back byte for byte"
    assert json.loads(user.awning("codeartifact", "status", "--json").stdout) == []


def test_a_project_gets_the_registry_and_never_the_token(npm_user):
    user, registry = npm_user
    package = user.folder("probe")
    npm_package(package)
    project = user.folder("app")

    configured = user.login("npm", "--scope", "project", "--project-dir", str(project))
    assert configured.returncode == 0, configured.stderr
    assert (project / ".npmrc").read_text() == f"registry={registry}\n"
    token = token_in(user.home / ".npmrc", registry)
    assert all(token not in path.read_text() for path in project.rglob("*") if path.is_file())

    assert user.run("npm", "publish", "--registry", registry, cwd=package).returncode == 0
    installed = user.run("npm", "install", "--no-audit", "--no-fund", "awning-probe", cwd=project)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    assert user.awning("codeartifact", "logout", "--tool", "npm").returncode == 0
    assert not (project / ".npmrc").exists(), "the file Awning created is gone"
    assert not (user.home / ".npmrc").exists()


def test_pip_installs_from_the_index_awning_wrote_and_keeps_pypi_when_asked(pip_user):
    user, index, htpasswd = pip_user
    # Where pip reads it: the keychain's session moved XDG_CONFIG_HOME.
    pip_conf = Path(user.env.get("XDG_CONFIG_HOME", user.home / ".config")) / "pip" / "pip.conf"
    pip_conf.parent.mkdir(parents=True, exist_ok=True)
    pip_conf.write_text(USER_PIP_CONF)

    def install():
        return user.run(str(VENV_BIN / "pip"), "install", "--no-cache-dir", "--no-deps", "--target",
                        str(user.tmp_path / "site"), "--upgrade", "awning-probe", cwd=user.tmp_path)

    configured = user.login("pip")
    assert configured.returncode == 0, configured.stderr
    token = htpasswd.read_text().strip().split(":", 1)[1]
    host = index.split("://", 1)[1]
    assert f"[global]\ntimeout = 60\nindex-url = http://aws:{token}@{host}simple/\n\n[list]" in pip_conf.read_text()
    installed = install()
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (user.tmp_path / "site" / "awning_probe" / "__init__.py").exists()

    kept = user.login("pip", "--keep-pypi")
    assert kept.returncode == 0, kept.stderr
    token = htpasswd.read_text().strip().split(":", 1)[1]
    # PyPI stays the index; the repository joins it, and the old index-url is gone.
    assert pip_conf.read_text() == USER_PIP_CONF.replace(
        "timeout = 60\n", f"timeout = 60\nextra-index-url = http://aws:{token}@{host}simple/\n")
    assert index_status(index, token) == 200

    assert user.awning("codeartifact", "logout", "--tool", "pip").returncode == 0
    assert pip_conf.read_text() == USER_PIP_CONF


def test_twine_uploads_to_the_server_awning_named_in_pypirc_and_logout_keeps_the_others(pip_user):
    user, index, htpasswd = pip_user
    pypirc = user.home / ".pypirc"
    theirs = "[distutils]\nindex-servers =\n    pypi\n    internal\n\n[internal]\nrepository = https://pypi.internal.example/\nusername = ada\n"
    pypirc.write_text(theirs)

    configured = user.login("twine")
    assert configured.returncode == 0, configured.stderr
    text = pypirc.read_text()
    assert "index-servers =\n    pypi\n    internal\n    codeartifact\n" in text
    token = htpasswd.read_text().strip().split(":", 1)[1]
    assert text.endswith(f"[codeartifact]\nrepository = {index}\nusername = aws\npassword = {token}\n")
    assert mode(pypirc) == 0o600

    dist = user.folder("dist")
    wheel = tiny_wheel(dist, "2.0")
    uploaded = user.run(str(TOOLS_BIN / "twine"), "upload", "--non-interactive", "-r", "codeartifact", str(wheel),
                        cwd=user.tmp_path)
    assert uploaded.returncode == 0, uploaded.stdout + uploaded.stderr
    assert (user.tmp_path / "packages" / wheel.name).exists(), "the index holds the upload"

    assert user.awning("codeartifact", "logout", "--tool", "twine").returncode == 0
    assert pypirc.read_text() == theirs


def published_probe(user, tool):
    """`tool` configured for the user, the probe published with npm through it, and a
    project that depends on the probe."""
    package = user.folder("probe")
    npm_package(package)
    configured = user.login(tool)
    assert configured.returncode == 0, configured.stderr
    assert user.run("npm", "publish", cwd=package).returncode == 0
    project = user.folder("app")
    (project / "package.json").write_text(json.dumps({"name": "app", "version": "1.0.0", "dependencies": {"awning-probe": "1.0.0"}}))
    return project


def test_pnpm_installs_with_the_npmrc_awning_wrote(npm_user):
    user, registry = npm_user
    project = published_probe(user, "pnpm")
    installed = user.run(str(NODE_TOOLS / "pnpm"), "install", cwd=project)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (project / "node_modules" / "awning-probe" / "index.js").exists()


def test_uv_installs_from_the_index_of_a_project_with_the_password_in_netrc(pip_user):
    user, index, htpasswd = pip_user
    project = user.folder("app")
    configured = user.login("uv", "--scope", "project", "--project-dir", str(project))
    assert configured.returncode == 0, configured.stderr
    token = htpasswd.read_text().strip().split(":", 1)[1]
    assert (project / "uv.toml").read_text() == f'[[index]]\nname = "acme-packages"\nurl = "{index}simple/"\ndefault = true\n'
    netrc = user.home / ".netrc"
    assert netrc.read_text() == f"machine 127.0.0.1 login aws password {token}\n"
    assert mode(netrc) == 0o600
    assert all(token not in path.read_text() for path in project.rglob("*") if path.is_file())

    installed = user.run(str(TOOLS_BIN / "uv"), "pip", "install", "--no-cache", "--python", str(VENV_BIN / "python"),
                         "--target", str(user.tmp_path / "site"), "awning-probe", cwd=project)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (user.tmp_path / "site" / "awning_probe" / "__init__.py").exists()

    assert user.awning("codeartifact", "logout", "--tool", "uv").returncode == 0
    assert not (project / "uv.toml").exists() and not netrc.exists()


POETRY_PROJECT = """[project]
name = "app"
version = "0.1.0"
requires-python = ">=3.9"
dependencies = ["awning-probe==1.0"]

[tool.poetry]
package-mode = false   # an application, not a package
"""


def test_poetry_installs_from_the_projects_source_with_the_credentials_in_its_auth_toml(pip_user):
    user, index, htpasswd = pip_user
    project = user.folder("app")
    (project / "pyproject.toml").write_text(POETRY_PROJECT)
    refused = user.login("poetry")
    assert refused.returncode != 0 and "Choose the project's folder" in refused.stderr

    configured = user.login("poetry", "--scope", "project", "--project-dir", str(project))
    assert configured.returncode == 0, configured.stderr
    token = htpasswd.read_text().strip().split(":", 1)[1]
    assert (project / "pyproject.toml").read_text() == POETRY_PROJECT + (
        f'\n[[tool.poetry.source]]\nname = "acme-packages"\nurl = "{index}simple/"\npriority = "primary"\n')
    auth = Path(user.env.get("XDG_CONFIG_HOME", user.home / ".config")) / "pypoetry" / "auth.toml"
    assert auth.read_text() == f'[http-basic.acme-packages]\nusername = "aws"\npassword = "{token}"\n'
    assert mode(auth) == 0o600

    user.env.update({"POETRY_VIRTUALENVS_IN_PROJECT": "true", "POETRY_CACHE_DIR": str(user.tmp_path / "poetry-cache"),
                     "POETRY_KEYRING_ENABLED": "false"})
    for command in (["lock"], ["install", "--no-interaction"]):
        ran = user.run(str(TOOLS_BIN / "poetry"), *command, cwd=project)
        assert ran.returncode == 0, ran.stdout + ran.stderr
    assert list((project / ".venv").glob("lib/python*/site-packages/awning_probe/__init__.py"))
    assert token not in (project / "poetry.lock").read_text()

    assert user.awning("codeartifact", "logout", "--tool", "poetry").returncode == 0
    assert (project / "pyproject.toml").read_text() == POETRY_PROJECT
    assert not auth.exists()


def toolchain(program):
    """The toolchain's own `program` (not rustup's proxy, which looks in ~/.rustup)."""
    return subprocess.run(["rustup", "which", program], capture_output=True, text=True, check=True).stdout.strip()


def test_cargo_fetches_a_crate_through_the_credential_provider_awning_configured(tmp_path, keychain):
    htpasswd = tmp_path / "htpasswd"
    htpasswd.write_text("aws:nothing-issued-yet\n")
    with cargo_registry(htpasswd) as index, \
            sandbox_for_registry(tmp_path, f'htpasswd = "{htpasswd}"', "cargo", index) as (_, home, env):
        user = User(tmp_path, home, env, keychain)
        user.env["PATH"] = f"{Path(AWNING).parent}:{user.env['PATH']}"
        project = user.folder("app")
        configured = user.login("cargo", "--scope", "project", "--project-dir", str(project))
        assert configured.returncode == 0, configured.stderr
        config = (project / ".cargo" / "config.toml").read_text()
        assert config == (
            f'[registries.acme-packages]\nindex = "sparse+{index}"\n'
            'credential-provider = "cargo:token-from-stdout awning codeartifact token --domain acme '
            '--domain-owner 111122223333 --region us-west-2 --profile default"\n'
        )
        token = htpasswd.read_text().strip().split(":", 1)[1]
        assert token not in config, "no file holds the token: Cargo asks Awning"

        (project / "Cargo.toml").write_text('[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n'
                                            '[dependencies]\nawning-probe = { version = "1.0.0", registry = "acme-packages" }\n')
        (project / "src").mkdir()
        (project / "src" / "lib.rs").write_text("")
        user.env["RUSTC"] = toolchain("rustc")
        fetched = user.run(toolchain("cargo"), "fetch", cwd=project)
        assert fetched.returncode == 0, fetched.stdout + fetched.stderr
        assert "awning-probe" in (project / "Cargo.lock").read_text()
        # The registry wants that token and no other.
        refused = urllib.request.Request(f"{index}config.json", headers={"Authorization": "forged"})
        assert status_of(refused) == 403

        assert user.awning("codeartifact", "logout", "--tool", "cargo").returncode == 0
        assert not (project / ".cargo" / "config.toml").exists()


def test_yarn_berry_installs_with_the_yarnrc_awning_wrote_and_the_project_holds_no_token(npm_user):
    user, registry = npm_user
    project = published_probe(user, "npm")
    configured = user.login("yarn-berry", "--scope", "project", "--project-dir", str(project))
    assert configured.returncode == 0, configured.stderr
    server = registry.rstrip("/")
    assert (project / ".yarnrc.yml").read_text() == f'npmRegistryServer: "{server}"\n'
    home_rc = (user.home / ".yarnrc.yml").read_text()
    assert home_rc.startswith(f'npmRegistries:\n  "{server}":\n    npmAlwaysAuth: true\n    npmAuthToken: ')
    assert mode(user.home / ".yarnrc.yml") == 0o600

    yarn = ["node", str(NODE_TOOLS.parent / "@yarnpkg" / "cli-dist" / "bin" / "yarn.js")]
    # The local registry is plain http, which Yarn refuses unless told (CodeArtifact is https).
    user.env.update({"YARN_ENABLE_TELEMETRY": "0", "YARN_ENABLE_GLOBAL_CACHE": "0", "YARN_NODE_LINKER": "node-modules",
                     "YARN_UNSAFE_HTTP_WHITELIST": "127.0.0.1",
                     # The probe was published a moment ago; Yarn 4 holds back new releases.
                     "YARN_NPM_MINIMAL_AGE_GATE": "0"})
    installed = user.run(*yarn, "install", cwd=project)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (project / "node_modules" / "awning-probe" / "index.js").exists()
    token = home_rc.split("npmAuthToken: ", 1)[1].strip()
    assert all(token not in path.read_text(errors="replace") for path in project.rglob("*")
               if path.is_file() and "node_modules" not in path.parts)

    assert user.awning("codeartifact", "logout", "--tool", "yarn-berry").returncode == 0
    assert not (project / ".yarnrc.yml").exists() and not (user.home / ".yarnrc.yml").exists()


USER_MAVEN_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Ada's Maven settings: comments, order and other servers survive. -->
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0">
    <interactiveMode>false</interactiveMode>
    <servers>
        <server>
            <id>corp</id>
            <username>ada</username>
            <password>ada-own-password</password>
        </server>
    </servers>
</settings>
"""

# Maven Central is out of reach here: the dependency plugin comes from Debian's Maven
# repository (libmaven-dependency-plugin-java), named in the project as a plugin
# repository; the dependency itself only from the CodeArtifact repository.
MAVEN_PROJECT = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId><artifactId>app</artifactId><version>1</version>
  <pluginRepositories>
    <pluginRepository><id>debian</id><url>file:///usr/share/maven-repo</url></pluginRepository>
  </pluginRepositories>
  <dependencies>
    <dependency><groupId>{}</groupId><artifactId>{}</artifactId><version>{}</version></dependency>
  </dependencies>
</project>
""".format(*MAVEN_PROBE)


def debian_dependency_plugin():
    """The version of the dependency plugin Debian installed."""
    folder = Path("/usr/share/maven-repo/org/apache/maven/plugins/maven-dependency-plugin")
    versions = [path.name for path in folder.iterdir() if path.name[0].isdigit()]
    return max(versions, key=lambda version: [int(part) for part in version.split(".") if part.isdigit()])


def test_maven_resolves_a_dependency_with_the_server_and_profile_awning_wrote(tmp_path, keychain):
    with maven_repository(tmp_path) as (repository, htpasswd), \
            sandbox_for_registry(tmp_path, f'htpasswd = "{htpasswd}"\nhtpasswd_scheme = "PLAIN"', "maven",
                                 repository) as (_, home, env):
        user = User(tmp_path, home, env, keychain)
        settings = home / ".m2" / "settings.xml"
        settings.parent.mkdir()
        settings.write_text(USER_MAVEN_SETTINGS)
        configured = user.login("maven")
        assert configured.returncode == 0, configured.stderr
        token = htpasswd.read_text().strip().split("{PLAIN}", 1)[1]
        written = settings.read_text()
        assert f"<password>{token}</password>" in written
        assert "<activeProfile>acme-packages</activeProfile>" in written
        assert written.startswith(USER_MAVEN_SETTINGS.split("    </servers>")[0]), "only Awning's lines are added"
        assert mode(settings) == 0o600

        project = user.folder("app")
        (project / "pom.xml").write_text(MAVEN_PROJECT)
        # Maven finds ~/.m2 through the JVM's user.home, not $HOME.
        user.env["MAVEN_OPTS"] = f"-Duser.home={home}"
        plugin = f"org.apache.maven.plugins:maven-dependency-plugin:{debian_dependency_plugin()}:resolve"
        resolved = user.run("mvn", "-B", plugin, cwd=project)
        assert resolved.returncode == 0, resolved.stdout[-3000:]
        group, artifact, version = MAVEN_PROBE
        jar = home / ".m2" / "repository" / Path(*group.split(".")) / artifact / version / f"{artifact}-{version}.jar"
        assert jar.is_file(), "the dependency came through the repository Awning configured"
        # The repository wants that token and no other.
        forged = urllib.request.Request(f"{repository}com/example/", headers={
            "Authorization": "Basic " + base64.b64encode(b"aws:forged").decode()})
        assert status_of(forged) == 401

        assert user.awning("codeartifact", "logout", "--tool", "maven").returncode == 0
        assert settings.read_text() == USER_MAVEN_SETTINGS


USER_NUGET_CONFIG = """<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <!-- nuget.org stays -->
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
</configuration>
"""


def nuget_sources(path):
    """What NuGet reads of a config: its sources and the credentials under each element
    name (XmlConvert-encoded source names)."""
    root = ElementTree.parse(path).getroot()
    sources = {add.get("key"): add.get("value") for add in root.iterfind("packageSources/add")}
    credentials = {element.tag: {add.get("key"): add.get("value") for add in element.iterfind("add")}
                   for element in root.iterfind("packageSourceCredentials/*")}
    return sources, credentials


def test_nuget_gets_the_source_aws_names_and_its_credentials_and_the_project_no_token(signed_in_user):
    # No dotnet runs here: NuGet's reading of the file is played by an XML parser.
    user = signed_in_user
    config = user.home / ".nuget" / "NuGet" / "NuGet.Config"
    config.parent.mkdir(parents=True)
    config.write_text(USER_NUGET_CONFIG)
    project = user.folder("app")
    configured = user.awning("codeartifact", "login", "--tool", "dotnet", "--domain", "acme", "--domain-owner",
                             "111122223333", "--repository", "packages", "--region", "us-west-2",
                             "--scope", "project", "--project-dir", str(project))
    assert configured.returncode == 0, configured.stderr
    source = "https://acme-111122223333.d.codeartifact.us-west-2.amazonaws.com/nuget/packages/v3/index.json"
    assert nuget_sources(project / "nuget.config") == ({"acme/packages": source}, {})
    sources, credentials = nuget_sources(config)
    assert sources == {"nuget.org": "https://api.nuget.org/v3/index.json"}
    token = credentials["acme_x002F_packages"]["ClearTextPassword"]
    assert credentials == {"acme_x002F_packages": {"Username": "aws", "ClearTextPassword": token}}
    assert token not in (project / "nuget.config").read_text()
    assert mode(config) == 0o600

    assert user.awning("codeartifact", "logout", "--tool", "nuget").returncode == 0
    assert config.read_text() == USER_NUGET_CONFIG
    assert not (project / "nuget.config").exists()


def test_gradle_gets_the_token_in_gradle_properties_and_the_block_to_paste(signed_in_user):
    user = signed_in_user
    properties = user.home / ".gradle" / "gradle.properties"
    properties.parent.mkdir()
    theirs = "org.gradle.jvmargs=-Xmx2g\n"
    properties.write_text(theirs)
    configured = user.login("gradle")
    assert configured.returncode == 0, configured.stderr
    token = properties.read_text().split("codeartifact.acme-packages.token=", 1)[1].strip()
    assert properties.read_text() == f"{theirs}codeartifact.acme-packages.token={token}\n"
    assert mode(properties) == 0o600
    assert 'password = providers.gradleProperty("codeartifact.acme-packages.token").get()' in configured.stdout
    assert token not in configured.stdout, "the block to paste never holds the token"
    assert user.awning("codeartifact", "logout", "--tool", "gradle").returncode == 0
    assert properties.read_text() == theirs


def test_a_dry_run_shows_the_change_with_the_token_masked_and_writes_nothing(npm_user):
    user, registry = npm_user
    shown = user.login("npm", "--dry-run")
    assert shown.returncode == 0, shown.stderr
    assert f"+registry={registry}" in shown.stdout
    assert ":_authToken=********" in shown.stdout
    assert not (user.home / ".npmrc").exists()


def test_bad_input_is_named_and_nothing_is_written(npm_user):
    user, _ = npm_user
    npmrc = user.home / ".npmrc"
    npmrc.write_text("registry=https://registry.npmjs.org/\nthis line is no setting\n")
    broken = user.login("npm")
    assert broken.returncode != 0
    assert f"cannot read {npmrc}, line 2 as the tool does" in broken.stderr.replace("Awning cannot read", "cannot read")
    assert npmrc.read_text() == "registry=https://registry.npmjs.org/\nthis line is no setting\n"

    too_short = user.login("pip", "--duration-seconds", "60")
    assert too_short.returncode != 0
    assert "duration in seconds must be between 900 and 43200, not 60" in too_short.stderr

    unknown = user.awning("codeartifact", "login", "--tool", "npm", "--domain", "acme", "--repository", "nope",
                          "--region", "us-west-2")
    assert unknown.returncode != 0
    assert "CodeArtifact has no repository acme/nope that you can see" in unknown.stderr

    assert user.awning("codeartifact", "logout", "--tool", "pnpm").returncode != 0


def test_a_repository_endpoint_off_aws_is_handed_no_token(tmp_path, keychain):
    with sandbox_for_registry(tmp_path, "", "npm", "https://registry.example.com/npm/packages/") as (_, home, env):
        user = User(tmp_path, home, env, keychain)
        refused = user.login("npm")
        assert refused.returncode != 0
        assert "(https://registry.example.com/npm/packages/) is not https on an AWS domain" in refused.stderr
        assert not (home / ".npmrc").exists()
        log = (tmp_path / "requests.jsonl").read_text()
        assert "/v1/authorization-token" not in log, "no token was even asked for"


def test_plain_http_to_another_machine_gets_no_credentials(tmp_path, keychain):
    with sandbox_for_registry(tmp_path, "", "npm", AWS_SHAPED_NPM) as (_, home, env):
        user = User(tmp_path, home, {**env, "AWS_ENDPOINT_URL_CODEARTIFACT": "http://codeartifact.example.com"},
                    keychain)
        refused = user.login("npm")
        assert refused.returncode != 0
        assert "http://codeartifact.example.com is plain http on another machine" in refused.stderr
        assert not (home / ".npmrc").exists()


@pytest.mark.parametrize("action", ["codeartifact:GetAuthorizationToken", "sts:GetServiceBearerToken"])
def test_a_missing_permission_is_named_and_nothing_is_written(tmp_path, keychain, action):
    with sandbox_for_registry(tmp_path, "", "npm", AWS_SHAPED_NPM,
                              extra=f'[faults]\ncodeartifact_denied = "{action}"\n') as (_, home, env):
        user = User(tmp_path, home, env, keychain)
        refused = user.login("npm")
        assert refused.returncode != 0
        assert f"Your identity may not call {action}. Ask your administrator to allow it." in refused.stderr
        assert not (home / ".npmrc").exists()


def test_token_prints_a_fresh_token_once_and_then_the_kept_one(npm_user):
    user, registry = npm_user
    first = user.awning("codeartifact", "token", "--domain", "acme", "--domain-owner", "111122223333", "--region", "us-west-2")
    assert first.returncode == 0, first.stderr
    token = first.stdout.strip()
    assert registry_status(f"{registry}-/whoami", token) == 200
    again = user.awning("codeartifact", "token", "--domain", "acme", "--domain-owner", "111122223333", "--region", "us-west-2")
    assert again.stdout.strip() == token
    log = [json.loads(line) for line in (user.tmp_path / "requests.jsonl").read_text().splitlines()]
    assert sum(1 for line in log if line["path"] == "/v1/authorization-token") == 1


def test_a_dry_run_for_maven_masks_the_password_in_settings_xml(signed_in_user):
    shown = signed_in_user.login("maven", "--dry-run")
    assert shown.returncode == 0, shown.stderr
    assert "+      <password>********</password>" in shown.stdout, shown.stdout
    assert "+    <activeProfile>acme-packages</activeProfile>" in shown.stdout
    assert not (signed_in_user.home / ".m2" / "settings.xml").exists()
