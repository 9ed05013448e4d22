"""What the interop tests share: starting `awning-sandbox`, acting as a person in the
browser (posting the page forms), the files a user's machine would hold, and running a
real SDK as a separate process against them."""

import base64
import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

AWNING = os.environ.get("AWNING_BIN", str(Path(__file__).parents[2] / "target/debug/awning"))
RUST_SDK_PEER = str(Path(AWNING).parent / "rust-sdk-peer")
# A binary of its own beside the CLI: the `awning` people install has no sandbox.
SANDBOX = str(Path(AWNING).parent / "awning-sandbox")
JS_SDK_PEER = str(Path(__file__).parents[1] / "peers/js-sdk/resolve.mjs")
START_URL = "https://d-9067000000.awsapps.com/start"
LOGIN_ARN = "arn:aws:sts::111122223333:assumed-role/Admin/ada"
SAME_DEVICE = "arn:aws:signin:::devtools/same-device"
CROSS_DEVICE = "arn:aws:signin:::devtools/cross-device"


# Every secret a sandbox of this run issued, gathered as each stops: the secret scan
# after each test looks for them in what the test left behind.
ISSUED = []


class SandboxProcess(subprocess.Popen):
    """`awning-sandbox`, which tells what it issued before it stops."""

    url = None

    def terminate(self):
        if self.url and self.poll() is None:
            with urllib.request.urlopen(f"{self.url}/_sandbox/issued") as answer:
                ISSUED.extend(json.loads(answer.read()))
        super().terminate()


def start_sandbox(*args):
    process = SandboxProcess(
        [SANDBOX, "--listen", "127.0.0.1:0", *args],
        stdout=subprocess.PIPE,
        text=True,
    )
    for line in process.stdout:
        if line.startswith("ready "):
            process.url = line.split()[1]
            return process, process.url
    process.wait()
    raise RuntimeError(f"the sandbox exited with {process.returncode} before it was ready")


def device_prompt(login):
    """What a device-code `awning login` prints on stderr up to its code's lifetime, and
    the code itself (two lines under "and enter the code")."""
    lines = []
    for line in login.stderr:
        lines.append(line)
        if line.startswith("(valid for"):
            break
    code = next(lines[i + 2].strip() for i, line in enumerate(lines) if line.startswith("and enter the code"))
    return "".join(lines), code


def scenario_file(folder, rest=""):
    """A scenario file in `folder`: the Identity Center every test signs in to, then `rest`
    (TOML tables of lifetimes, accounts, CodeArtifact domains…)."""
    path = folder / "scenario.toml"
    path.write_text(f"""[identity_center]
start_url = "{START_URL}"
region = "us-east-1"
user = "ada"

{rest}""")
    return path


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pkce_pair():
    verifier = b64url(os.urandom(48))
    return verifier, b64url(hashlib.sha256(verifier.encode()).digest())


def get_page(url):
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


def post_form(url, fields):
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data)) as response:
        return response.status, response.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def redirect_of(url, fields):
    """Posts a page's form and returns where the 302 points, without following it."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode()))
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302, redirect.read()
        return redirect.headers["Location"]
    raise AssertionError("the form did not redirect")


def approve_authorize_page(page_url, form_url, decision="approve"):
    """Opens an authorize page and clicks a button, as a person would: the redirect."""
    page = get_page(page_url)
    request = re.search(r'name="request" value="([^"]+)"', page).group(1)
    return redirect_of(form_url, {"request": request, "decision": decision})


def query_of(url):
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(url).query).items()}


def cache_time(seconds_from_now):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds_from_now)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def machine(tmp_path, url, config):
    """A user's home with `config` as the AWS config file, and the environment a tool run
    there gets: every AWS endpoint pointed at the sandbox."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (tmp_path / "config").write_text(config)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        # No instance metadata here: a provider that finds nothing fails at once.
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    for service in ("SSO", "SSO_OIDC", "STS", "SIGNIN", "CODEARTIFACT"):
        env[f"AWS_ENDPOINT_URL_{service}"] = url
    return home, env


def write_json(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content))
    return path


def oidc_and_portal(url):
    """botocore's IAM Identity Center clients, pointed at the sandbox."""
    import botocore.session
    from botocore import UNSIGNED
    from botocore.config import Config

    session = botocore.session.get_session()
    config = Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1})
    oidc = session.create_client("sso-oidc", region_name="us-east-1", endpoint_url=url, config=config)
    portal = session.create_client("sso", region_name="us-east-1", endpoint_url=url, config=config)
    return oidc, portal


def device_sign_in(url, scopes=None):
    """Registers a client (with `scopes`, if any), approves its device code on the page
    and redeems it: (client id and secret, CreateToken output)."""
    oidc, _ = oidc_and_portal(url)
    registration = oidc.register_client(clientName="botocore-client-test", clientType="public", **({"scopes": scopes} if scopes else {}))
    client = {"clientId": registration["clientId"], "clientSecret": registration["clientSecret"]}
    device = oidc.start_device_authorization(startUrl=START_URL, **client)
    post_form(f"{url}/device", {"user_code": device["userCode"], "decision": "approve"})
    token = oidc.create_token(grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=device["deviceCode"], **client)
    return client, token


def role_credentials(url, account_id="111122223333", role_name="Developer"):
    """Signs in with the device flow (approving on the page) and returns role credentials
    as the environment variables a tool reads."""
    _, portal = oidc_and_portal(url)
    _, token = device_sign_in(url)
    credentials = portal.get_role_credentials(accessToken=token["accessToken"], accountId=account_id, roleName=role_name)["roleCredentials"]
    return {
        "AWS_ACCESS_KEY_ID": credentials["accessKeyId"],
        "AWS_SECRET_ACCESS_KEY": credentials["secretAccessKey"],
        "AWS_SESSION_TOKEN": credentials["sessionToken"],
    }


# A fresh Python process, as a tool would be: botocore fixes its cache folder at import.
_BOTOCORE_RESOLVE = """
import json, sys, botocore.session
session = botocore.session.Session(profile=sys.argv[1])
session.get_credentials().get_frozen_credentials()
print(json.dumps(session.create_client("sts", region_name="us-east-1").get_caller_identity()))
"""

PEERS = ["botocore", "rust-sdk", "js-sdk"]


def resolve(peer, profile, env):
    """Runs `peer` on the machine of `env`: (exit code, caller identity or None, stderr)."""
    command = {
        "botocore": [sys.executable, "-c", _BOTOCORE_RESOLVE, profile],
        "rust-sdk": [RUST_SDK_PEER, profile],
        "js-sdk": ["node", JS_SDK_PEER, profile],
    }[peer]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    identity = json.loads(result.stdout) if result.returncode == 0 else None
    return result.returncode, identity, result.stderr


def caller_of(peer, profile, env):
    code, identity, stderr = resolve(peer, profile, env)
    assert code == 0, stderr
    return identity
