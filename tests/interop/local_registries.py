"""Real package registries that demand the token the sandbox issued: a pypiserver and an
nginx-served Maven repository whose htpasswd the sandbox keeps, a verdaccio that accepts
the JWTs the sandbox signs with its secret — and a sandbox whose CodeArtifact domain
`acme` points at one of them."""

import base64
import contextlib
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from peers import machine, role_credentials, scenario_file, start_sandbox

VENV_BIN = Path(sys.executable).parent
# twine, and the other Python package managers: a venv of their own (requirements-tools.txt).
TOOLS_BIN = Path(__file__).parent / ".venv-tools" / "bin"
NODE_TOOLS = Path(__file__).parent / "registries" / "node_modules" / ".bin"
DEV_ACCOUNT = """[[accounts]]
id = "111122223333"
name = "dev"
email = "dev@example.com"
roles = ["Developer"]
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tiny_wheel(folder, version="1.0"):
    """A pure-Python wheel for pip to install from the index."""
    path = folder / f"awning_probe-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr("awning_probe/__init__.py", "ANSWER = 42\n")
        wheel.writestr(f"awning_probe-{version}.dist-info/METADATA", f"Metadata-Version: 2.1\nName: awning-probe\nVersion: {version}\n")
        wheel.writestr(f"awning_probe-{version}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        wheel.writestr(f"awning_probe-{version}.dist-info/RECORD", "")
    return path


def start_server(command, probe, name):
    """Starts a registry and waits until `probe` (a URL) answers, at most 20 seconds."""
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(probe, timeout=1)
            return server
        except urllib.error.HTTPError:
            return server  # it answers, if only to say it wants a password
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"{name} did not start: {server.stderr.read()}")
            if time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"{name} did not answer within 20 seconds")
            time.sleep(0.05)  # the poll interval of this bounded wait, not a guess at readiness


@contextlib.contextmanager
def pypiserver(tmp_path):
    """A pypiserver demanding user `aws` from an htpasswd file the sandbox keeps:
    (its URL, the htpasswd file)."""
    packages = tmp_path / "packages"
    packages.mkdir()
    tiny_wheel(packages)
    htpasswd = tmp_path / "htpasswd"
    htpasswd.write_text("aws:nothing-issued-yet\n")
    port = free_port()
    command = [str(VENV_BIN / "pypi-server"), "run", "-i", "127.0.0.1", "-p", str(port), "-a", "download,list,update",
               "-P", str(htpasswd), "--disable-fallback", str(packages)]
    server = start_server(command, f"http://127.0.0.1:{port}/simple/", "pypiserver")
    try:
        yield f"http://127.0.0.1:{port}/", htpasswd
    finally:
        server.terminate()
        server.wait()


MAVEN_PROBE = ("com.example", "awning-probe", "1.0.0")


@contextlib.contextmanager
def maven_repository(tmp_path):
    """A folder in Maven layout holding `com.example:awning-probe:1.0.0`, served by nginx
    under CodeArtifact's `/maven/packages/` path with `auth_basic` against an htpasswd
    the sandbox keeps (scheme PLAIN): (its URL, the htpasswd file)."""
    group, artifact, version = MAVEN_PROBE
    folder = tmp_path / "maven-repo" / Path(*group.split(".")) / artifact / version
    folder.mkdir(parents=True)
    (folder / f"{artifact}-{version}.pom").write_text(
        f'<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        f"<groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version></project>\n")
    with zipfile.ZipFile(folder / f"{artifact}-{version}.jar", "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
    htpasswd = tmp_path / "maven-htpasswd"
    htpasswd.write_text("aws:{PLAIN}nothing-issued-yet\n")
    state = tmp_path / "nginx"
    state.mkdir()
    port = free_port()
    # As root, nginx's workers would drop to `nobody`, who cannot read pytest's folders.
    user = "user root;" if os.geteuid() == 0 else ""
    temp_paths = "".join(f"{kind}_temp_path {state}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (state / "nginx.conf").write_text(f"""daemon off; {user} worker_processes 1; pid {state}/nginx.pid;
error_log {state}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off; {temp_paths}
  server {{
    listen 127.0.0.1:{port};
    location /maven/packages/ {{
      alias {tmp_path / "maven-repo"}/;
      auth_basic "CodeArtifact";
      auth_basic_user_file {htpasswd};
    }}
  }}
}}
""")
    url = f"http://127.0.0.1:{port}/maven/packages/"
    server = start_server(["nginx", "-c", str(state / "nginx.conf"), "-e", str(state / "error.log")], url, "nginx")
    try:
        yield url, htpasswd
    finally:
        server.terminate()
        server.wait()


@contextlib.contextmanager
def verdaccio(tmp_path):
    """A verdaccio that serves only to signed-in users, seeded with a known secret:
    (its URL, the secret)."""
    secret = os.urandom(16).hex()
    storage = tmp_path / "verdaccio"
    storage.mkdir()
    (storage / ".verdaccio-db.json").write_text(json.dumps({"list": [], "secret": secret}))
    config = tmp_path / "verdaccio.yaml"
    config.write_text(f"""storage: {storage}
auth:
  htpasswd:
    file: {tmp_path / "verdaccio.htpasswd"}
    max_users: -1
uplinks: {{}}
packages:
  '**':
    access: $authenticated
    publish: $authenticated
security:
  api:
    legacy: false
    jwt:
      sign:
        expiresIn: 1h
log: {{ type: stdout, format: pretty, level: warn }}
""")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [str(NODE_TOOLS / "verdaccio"), "--config", str(config), "--listen", f"127.0.0.1:{port}"]
    server = start_server(command, f"{url}-/ping", "verdaccio")
    try:
        yield url, secret
    finally:
        server.terminate()
        server.wait()


@contextlib.contextmanager
def sandbox_for_registry(tmp_path, domain_setting, format, endpoint, extra=""):
    """A sandbox whose domain `acme` mints tokens for a real registry serving `format`,
    and a machine signed in to it: (sandbox URL, home, env), with the venv's tools first
    on PATH. `extra` adds TOML (lifetimes, faults) to the scenario."""
    scenario = scenario_file(tmp_path, f"""{DEV_ACCOUNT}
{extra}
[[codeartifact.domains]]
name = "acme"
owner = "111122223333"
{domain_setting}

[[codeartifact.domains.repositories]]
name = "packages"
endpoints = {{ {format} = "{endpoint}" }}
""")
    process, url = start_sandbox("--scenario", str(scenario), "--log", str(tmp_path / "requests.jsonl"))
    try:
        home, env = machine(tmp_path, url, "")
        env.update(role_credentials(url))
        env["PATH"] = f"{VENV_BIN}:{os.environ['PATH']}"
        yield url, home, env
    finally:
        process.terminate()
        process.wait()


def index_status(index, token):
    """What the Python index answers for the probe package with `token` as the password."""
    request = urllib.request.Request(f"{index}simple/awning-probe/")
    request.add_header("Authorization", "Basic " + base64.b64encode(f"aws:{token}".encode()).decode())
    return status_of(request)


def registry_status(url, token):
    """What the npm registry answers for `url` with `token` as the bearer, or none."""
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    return status_of(request)


def status_of(request):
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def jwt_hs256(claims, secret):
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signed = b64(b'{"alg":"HS256","typ":"JWT"}') + "." + b64(json.dumps(claims).encode())
    return signed + "." + b64(hmac.new(secret.encode(), signed.encode(), hashlib.sha256).digest())


def probe_crate():
    """The `.crate` of `awning-probe` 1.0.0: a gzipped tar of its manifest and library."""
    import gzip
    import io
    import tarfile

    files = {
        "awning-probe-1.0.0/Cargo.toml": b'[package]\nname = "awning-probe"\nversion = "1.0.0"\nedition = "2021"\n',
        "awning-probe-1.0.0/src/lib.rs": b"pub const ANSWER: u32 = 42;\n",
    }
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(archive.getvalue(), mtime=0)


@contextlib.contextmanager
def cargo_registry(htpasswd):
    """A sparse Cargo registry that demands authentication (`auth-required`) and accepts
    only the token the sandbox wrote last into `htpasswd` (as `aws:TOKEN`): its index URL.
    It serves the crate `awning-probe` 1.0.0."""
    import http.server
    import threading

    crate = probe_crate()
    entry = json.dumps({"name": "awning-probe", "vers": "1.0.0", "deps": [], "features": {},
                        "cksum": hashlib.sha256(crate).hexdigest(), "yanked": False}) + "\n"
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    class Registry(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            token = htpasswd.read_text().strip().split(":", 1)[1]
            given = self.headers.get("Authorization")
            if given is None:
                return self.answer(401, b"{}", {"WWW-Authenticate": 'Cargo login_url="https://example.invalid/"'})
            if not hmac.compare_digest(given, token):
                return self.answer(403, b'{"errors":[{"detail":"wrong token"}]}')
            bodies = {
                "/index/config.json": json.dumps({"dl": f"{base}/dl/{{crate}}/{{version}}", "auth-required": True}).encode(),
                "/index/aw/ni/awning-probe": entry.encode(),
                "/dl/awning-probe/1.0.0": crate,
            }
            body = bodies.get(self.path)
            self.answer(200, body) if body is not None else self.answer(404, b"{}")

        def answer(self, status, body, headers=None):
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Registry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{base}/index/"
    finally:
        server.shutdown()
        server.server_close()
