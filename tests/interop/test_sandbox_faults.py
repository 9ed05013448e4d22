"""The sandbox's fault knobs, changed while it runs through its admin API, seen by real
clients: botocore's modeled exceptions, and aws-sso-util riding out a slow approval."""

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from peers import SAME_DEVICE, START_URL, machine, oidc_and_portal, post_form, start_sandbox
from sessions import aws_login, signin_client


def admin(url, path, body, method="POST"):
    request = urllib.request.Request(f"{url}/_sandbox/{path}", data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def set_faults(url, **knobs):
    status, body = admin(url, "faults", knobs, method="PATCH")
    assert status == 200, body
    return body


def device_grant(oidc):
    registration = oidc.register_client(clientName="faults", clientType="public", scopes=["sso:account:access"])
    client = {"clientId": registration["clientId"], "clientSecret": registration["clientSecret"]}
    device = oidc.start_device_authorization(startUrl=START_URL, **client)
    grant = {"grantType": "urn:ietf:params:oauth:grant-type:device_code", "deviceCode": device["deviceCode"], **client}
    return client, device, grant


def test_slow_down_then_pending_then_the_token(sandbox):
    set_faults(sandbox, slow_down=1, authorization_pending=2)
    oidc, _ = oidc_and_portal(sandbox)
    _, device, grant = device_grant(oidc)
    post_form(f"{sandbox}/device", {"user_code": device["userCode"], "decision": "approve"})
    seen = []
    for _ in range(3):
        try:
            oidc.create_token(**grant)
        except oidc.exceptions.ClientError as error:
            seen.append(error.response["Error"]["Code"])
    assert seen == ["SlowDownException", "AuthorizationPendingException", "AuthorizationPendingException"]
    assert oidc.create_token(**grant)["accessToken"]


def signed_in_token(url):
    oidc, portal = oidc_and_portal(url)
    client, device, grant = device_grant(oidc)
    post_form(f"{url}/device", {"user_code": device["userCode"], "decision": "approve"})
    return oidc, portal, client, oidc.create_token(**grant)


def test_the_portal_rate_limit_answers_429(sandbox):
    _, portal, _, token = signed_in_token(sandbox)
    set_faults(sandbox, portal_rate_limit=2)
    outcomes = []
    # Six calls in well under two seconds: whichever second boundary they straddle, at
    # least two exceed a limit of two per second.
    for _ in range(6):
        try:
            portal.list_accounts(accessToken=token["accessToken"])
            outcomes.append("ok")
        except portal.exceptions.TooManyRequestsException as error:
            assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 429
            outcomes.append("429")
    assert outcomes.count("429") >= 2 and outcomes[:2] == ["ok", "ok"]


def test_server_errors_latency_and_garbage_come_and_go_at_runtime(sandbox):
    oidc, portal, _, token = signed_in_token(sandbox)
    set_faults(sandbox, server_error_rate=1.0)
    with pytest.raises(portal.exceptions.ClientError) as raised:
        portal.list_accounts(accessToken=token["accessToken"])
    assert raised.value.response["Error"]["Code"] == "InternalServerException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500

    # botocore gives up on an unparsable body: the reply holds no accounts.
    set_faults(sandbox, server_error_rate=0, malformed_bodies=True)
    garbage = portal.list_accounts(accessToken=token["accessToken"])
    assert "accountList" not in garbage, garbage

    set_faults(sandbox, malformed_bodies=False, latency_ms=300)
    started = time.monotonic()
    assert portal.list_accounts(accessToken=token["accessToken"])["accountList"]
    assert time.monotonic() - started >= 0.3


def test_sign_in_refusals_reach_botocore_as_aws_sign_in_words_them(sandbox):
    key, output = aws_login(sandbox)
    client = signin_client(sandbox, key)
    refresh = {"clientId": SAME_DEVICE, "grantType": "refresh_token", "refreshToken": output["refreshToken"]}
    set_faults(sandbox, signin_refusal="INSUFFICIENT_PERMISSIONS")
    with pytest.raises(client.exceptions.AccessDeniedException) as denied:
        client.create_o_auth2_token(tokenInput=refresh)
    assert denied.value.response["error"] == "INSUFFICIENT_PERMISSIONS"
    set_faults(sandbox, signin_refusal="throttled")
    with pytest.raises(client.exceptions.TooManyRequestsError):
        client.create_o_auth2_token(tokenInput=refresh)
    set_faults(sandbox, signin_refusal=None)
    assert client.create_o_auth2_token(tokenInput=refresh)["tokenOutput"]["accessToken"]


def test_unknown_knobs_and_bad_values_are_refused(sandbox):
    assert admin(sandbox, "faults", {"slow_dwon": 1}, method="PATCH")[0] == 400
    assert admin(sandbox, "faults", {"server_error_rate": 2}, method="PATCH")[0] == 400
    assert admin(sandbox, "revoke", {"refresh_token": "never-issued"})[0] == 404


def test_a_revoked_refresh_token_is_an_invalid_grant(sandbox):
    oidc, _, client, token = signed_in_token(sandbox)
    status, body = admin(sandbox, "revoke", {"refresh_token": token["refreshToken"]})
    assert (status, body["revoked_refresh_tokens"]) == (200, 1)
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        oidc.create_token(grantType="refresh_token", refreshToken=token["refreshToken"], **client)


def test_faults_can_start_from_the_scenario_file(tmp_path):
    scenario = tmp_path / "scenario.toml"
    scenario.write_text(
        f"[identity_center]\nstart_url = '{START_URL}'\nregion = 'us-east-1'\nuser = 'ada'\n"
        "[faults]\nserver_error_rate = 0.5\n"
    )
    process, url = start_sandbox("--scenario", str(scenario))
    try:
        oidc, _ = oidc_and_portal(url)
        outcomes = []
        for _ in range(4):
            try:
                oidc.register_client(clientName="x", clientType="public")
                outcomes.append("ok")
            except oidc.exceptions.InternalServerException:
                outcomes.append("500")
        assert outcomes == ["ok", "500", "ok", "500"]
    finally:
        process.terminate()
        process.wait()


def test_aws_sso_util_logs_in_with_the_device_flow_through_pending_polls(sandbox, tmp_path):
    set_faults(sandbox, authorization_pending=2)
    home, env = machine(tmp_path, sandbox, "")
    login = subprocess.Popen(
        [str(Path(sys.executable).parent / "aws-sso-util"), "login", START_URL, "us-east-1", "--force-refresh", "--headless"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        shown = []
        for line in login.stdout:
            shown.append(line)
            code = re.search(r"\b[B-Z]{4}-[B-Z]{4}\b", line)
            if code:
                break
        assert code, "".join(shown)
        status, page = post_form(f"{sandbox}/device", {"user_code": code.group(0), "decision": "approve"})
        assert status == 200 and "approved" in page
        rest = login.communicate(timeout=60)[0]
        assert login.returncode == 0, "".join(shown) + rest
    finally:
        login.kill()
    cache = list((home / ".aws" / "sso" / "cache").glob("*.json"))
    tokens = [json.loads(path.read_text()) for path in cache]
    assert any(token.get("startUrl") == START_URL and token.get("accessToken") for token in tokens), tokens
