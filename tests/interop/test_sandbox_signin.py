"""AWS Sign-In (`aws login`) in the sandbox, held honest by botocore's own Sign-In client
and DPoP proof builder, and by botocore and the AWS SDK for Rust refreshing a login
session with their own DPoP proofs."""

import base64
import hashlib
import json
import textwrap
import urllib.error
import urllib.parse
import urllib.request
import uuid

import botocore.session
import pytest
from awscrt.crypto import EC, ECExportFormat, ECType
from botocore import UNSIGNED
from botocore.config import Config
from botocore.credentials import _build_add_dpop_header_handler, _build_dpop_header

from peers import (
    CROSS_DEVICE, LOGIN_ARN, PEERS, SAME_DEVICE, approve_authorize_page, cache_time, caller_of,
    get_page, machine, pkce_pair, query_of, resolve,
)
from sessions import LOGIN_PROFILE, authorize_url, aws_login, login_cache, signin_client


def jwt_claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_same_device_login_returns_short_credentials_and_an_id_token_naming_the_session(sandbox):
    _, output = aws_login(sandbox)
    assert output["tokenType"] == "aws_sigv4"
    assert output["expiresIn"] == 900
    assert output["accessToken"]["accessKeyId"].startswith("ASIA")
    assert jwt_claims(output["idToken"])["sub"] == LOGIN_ARN


def test_cross_device_login_shows_the_code_to_paste(sandbox):
    verifier, challenge = pkce_pair()
    state = str(uuid.uuid4())
    confirmation = f"{sandbox}/v1/sessions/confirmation"
    location = approve_authorize_page(authorize_url(sandbox, CROSS_DEVICE, confirmation, state, challenge), f"{sandbox}/v1/authorize")
    page = get_page(location)
    shown = page.split('id="verification-code"')[1].split(">")[1].split("<")[0]
    # What the CLI does with the pasted text: standard base64 of a form-encoded pair.
    pasted = urllib.parse.parse_qs(base64.b64decode(shown).decode())
    assert pasted["state"] == [state]
    key = EC.new_generate(ECType.P_256)
    output = signin_client(sandbox, key).create_o_auth2_token(tokenInput={
        "clientId": CROSS_DEVICE, "grantType": "authorization_code", "code": pasted["code"][0],
        "codeVerifier": verifier, "redirectUri": confirmation,
    })["tokenOutput"]
    assert jwt_claims(output["idToken"])["sub"] == LOGIN_ARN


def test_a_denied_login_redirects_with_access_denied(sandbox):
    verifier, challenge = pkce_pair()
    redirect_uri = "http://127.0.0.1:49152/oauth/callback"
    location = approve_authorize_page(authorize_url(sandbox, SAME_DEVICE, redirect_uri, "s", challenge), f"{sandbox}/v1/authorize", "deny")
    assert query_of(location) == {"error": "access_denied", "state": "s"}


def test_an_authorization_code_works_once(sandbox):
    verifier, challenge = pkce_pair()
    redirect_uri = "http://127.0.0.1:49152/oauth/callback"
    location = approve_authorize_page(authorize_url(sandbox, SAME_DEVICE, redirect_uri, "s", challenge), f"{sandbox}/v1/authorize")
    grant = {"clientId": SAME_DEVICE, "grantType": "authorization_code", "code": query_of(location)["code"],
             "codeVerifier": verifier, "redirectUri": redirect_uri}
    client = signin_client(sandbox, EC.new_generate(ECType.P_256))
    client.create_o_auth2_token(tokenInput=grant)
    with pytest.raises(client.exceptions.AccessDeniedException) as raised:
        client.create_o_auth2_token(tokenInput=grant)
    assert raised.value.response["error"] == "AUTHCODE_EXPIRED"


def post_token(url, body, dpop=None):
    headers = {"Content-Type": "application/json", **({"DPoP": dpop} if dpop else {})}
    request = urllib.request.Request(f"{url}/v1/token", data=json.dumps(body).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


def test_token_calls_without_a_valid_dpop_proof_are_refused(sandbox):
    key, output = aws_login(sandbox)
    refresh = {"clientId": SAME_DEVICE, "grantType": "refresh_token", "refreshToken": output["refreshToken"]}
    url = f"{sandbox}/v1/token"
    proof = _build_dpop_header(key, url)
    cases = {
        "no proof": None,
        "another URL": _build_dpop_header(key, f"{sandbox}/token"),
        "signed by another key": proof.rsplit(".", 1)[0] + "." + _build_dpop_header(EC.new_generate(ECType.P_256), url).rsplit(".", 1)[1],
    }
    for case, dpop in cases.items():
        status, headers, body = post_token(sandbox, refresh, dpop)
        assert (status, headers["x-amzn-ErrorType"], body["error"]) == (400, "ValidationException", "INVALID_REQUEST"), case
    status, _, _ = post_token(sandbox, refresh, proof)
    assert status == 200
    status, _, body = post_token(sandbox, refresh, proof)
    assert status == 400 and "already used" in body["message"], "a proof is good for one request"


def test_a_refresh_token_works_only_with_the_key_it_is_bound_to(sandbox):
    _, output = aws_login(sandbox)
    thief = signin_client(sandbox, EC.new_generate(ECType.P_256))
    with pytest.raises(thief.exceptions.ValidationException) as raised:
        thief.create_o_auth2_token(tokenInput={"clientId": SAME_DEVICE, "grantType": "refresh_token", "refreshToken": output["refreshToken"]})
    assert "bound" in raised.value.response["Error"]["Message"]


@pytest.mark.parametrize("peer", PEERS)
@pytest.mark.parametrize("expires_in", [600, -60], ids=["fresh-credentials", "expired-credentials-refreshed"])
def test_an_sdk_resolves_a_login_session_and_refreshes_it_with_dpop(sandbox, tmp_path, peer, expires_in):
    key, output = aws_login(sandbox)
    home, env = machine(tmp_path, sandbox, LOGIN_PROFILE)
    cache_file = login_cache(home, key, output, expires_in)

    identity = caller_of(peer, "console", env)
    assert (identity["Account"], identity["Arn"]) == ("111122223333", LOGIN_ARN)

    written = json.loads(cache_file.read_text())
    if expires_in < 0:
        assert written["refreshToken"] != output["refreshToken"]
        assert written["accessToken"]["accessKeyId"] != output["accessToken"]["accessKeyId"]
        assert written["accessToken"]["expiresAt"] > cache_time(800)
    else:
        assert written["refreshToken"] == output["refreshToken"]


@pytest.mark.parametrize("peer", PEERS)
def test_an_sdk_cannot_refresh_a_revoked_login_session(sandbox, tmp_path, peer):
    key, output = aws_login(sandbox)
    home, env = machine(tmp_path, sandbox, LOGIN_PROFILE)
    login_cache(home, key, output, -60)
    request = urllib.request.Request(
        f"{sandbox}/_sandbox/revoke", data=json.dumps({"session_of_token": output["refreshToken"]}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        assert json.loads(response.read())["revoked_sessions"] == 1

    code, _, stderr = resolve(peer, "console", env)
    assert code != 0
    changed_password = "Unable to refresh credentials because of a change in your password"
    expected = {"botocore": "Your session has expired or credentials have changed", "rust-sdk": changed_password, "js-sdk": changed_password}
    assert expected[peer] in stderr
