"""Signing in to the sandbox the way the AWS CLI does, and the cache files it leaves
behind: `aws sso login` (device flow with a refresh token) and `aws login` (PKCE with a
DPoP key), for tests that start from a user who already used the CLI."""

import base64
import hashlib
import textwrap
import urllib.parse
import uuid

import botocore.session
from awscrt.crypto import EC, ECExportFormat, ECType
from botocore import UNSIGNED
from botocore.config import Config
from botocore.credentials import _build_add_dpop_header_handler

from peers import (
    LOGIN_ARN, SAME_DEVICE, START_URL, approve_authorize_page, cache_time, device_sign_in,
    pkce_pair, query_of, write_json,
)

SESSION_PROFILE = f"""[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = us-east-1

[sso-session corp]
sso_start_url = {START_URL}
sso_region = us-east-1
sso_registration_scopes = sso:account:access
"""

LOGIN_PROFILE = f"""[profile console]
login_session = {LOGIN_ARN}
region = us-east-1
"""


def sso_cache(home, key, content):
    return write_json(home / ".aws" / "sso" / "cache" / (hashlib.sha1(key.encode()).hexdigest() + ".json"), content)


def aws_sso_login(url, home, expires_in):
    """What `aws sso login` leaves for the sso-session `corp` of SESSION_PROFILE, its
    token expiring `expires_in` seconds from now: (cache file, its content)."""
    client, token = device_sign_in(url, scopes=["sso:account:access"])
    content = {
        "startUrl": START_URL, "region": "us-east-1", "accessToken": token["accessToken"],
        "expiresAt": cache_time(expires_in), "clientId": client["clientId"],
        "clientSecret": client["clientSecret"], "registrationExpiresAt": cache_time(86400),
        "refreshToken": token["refreshToken"],
    }
    return sso_cache(home, "corp", content), content


def signin_client(url, key):
    """botocore's Sign-In client, sending DPoP proofs made by botocore's own code."""
    config = Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1})
    client = botocore.session.get_session().create_client("signin", region_name="us-east-1", endpoint_url=url, config=config)
    client.meta.events.register("before-call.signin.CreateOAuth2Token", _build_add_dpop_header_handler(key))
    return client


def authorize_url(url, client_id, redirect_uri, state, challenge):
    query = urllib.parse.urlencode([
        ("response_type", "code"), ("client_id", client_id), ("state", state),
        ("code_challenge_method", "SHA-256"), ("scope", "openid"),
        ("redirect_uri", redirect_uri), ("code_challenge", challenge),
    ])
    return f"{url}/v1/authorize?{query}"


def aws_login(url, key=None, decision="approve"):
    """What `aws login` does on the same device: (key, CreateOAuth2Token output)."""
    key = key or EC.new_generate(ECType.P_256)
    verifier, challenge = pkce_pair()
    state = str(uuid.uuid4())
    redirect_uri = "http://127.0.0.1:49152/oauth/callback"
    location = approve_authorize_page(authorize_url(url, SAME_DEVICE, redirect_uri, state, challenge), f"{url}/v1/authorize", decision)
    assert location.startswith(redirect_uri + "?")
    answer = query_of(location)
    assert answer["state"] == state
    output = signin_client(url, key).create_o_auth2_token(tokenInput={
        "clientId": SAME_DEVICE, "grantType": "authorization_code", "code": answer["code"],
        "codeVerifier": verifier, "redirectUri": redirect_uri,
    })["tokenOutput"]
    return key, output


def sec1_pem(key):
    """The key as SEC1 PEM, as `aws login` writes it. Built here from the key's numbers:
    awscrt exports a private scalar with a leading zero byte as 31 bytes (one key in 256)
    and then cannot read its own export back."""
    exported = key.export_key(ECExportFormat.SEC1)
    assert exported[5] == 0x04, "SEC1 starts SEQUENCE, INTEGER 1, OCTET STRING"
    scalar = exported[7:7 + exported[6]].rjust(32, b"\0")
    x, y = (coordinate.rjust(32, b"\0") for coordinate in key.get_public_coords())
    prime256v1 = bytes.fromhex("a00a06082a8648ce3d030107")
    der = (bytes.fromhex("307702010104 20".replace(" ", "")) + scalar + prime256v1
           + bytes.fromhex("a144034200 04".replace(" ", "")) + x + y)
    body = base64.b64encode(der).decode()
    return "-----BEGIN EC PRIVATE KEY-----\n" + "\n".join(textwrap.wrap(body, 64)) + "\n-----END EC PRIVATE KEY-----\n"


def login_cache(home, key, output, expires_in):
    """The cache file `aws login` writes (CLI v2 key order and formats)."""
    name = hashlib.sha256(LOGIN_ARN.encode()).hexdigest() + ".json"
    return write_json(home / ".aws" / "login" / "cache" / name, {
        "accessToken": {**output["accessToken"], "accountId": "111122223333", "expiresAt": cache_time(expires_in)},
        "tokenType": "aws_sigv4",
        "clientId": SAME_DEVICE,
        "refreshToken": output["refreshToken"],
        "idToken": output["idToken"],
        "dpopKey": sec1_pem(key),
    })
