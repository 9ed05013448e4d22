"""botocore's own IAM Identity Center clients against `awning-sandbox`, and two real SDKs
(botocore and the AWS SDK for Rust) resolving SSO profiles through it.

The sandbox is the only fake in the project; these tests hold it honest by talking to it
with real AWS clients (modeled requests, modeled exceptions, pagination, refreshes).
"""

import hashlib
import json
import time
import urllib.error
import urllib.request

import botocore.session
import pytest
from botocore.config import Config

from peers import PEERS, START_URL, cache_time, caller_of, device_sign_in, machine, oidc_and_portal, post_form, start_sandbox
from sessions import SESSION_PROFILE, sso_cache


def signed_in(oidc, url, decision="approve"):
    registration = oidc.register_client(clientName="botocore-client-test", clientType="public", scopes=["sso:account:access"])
    client = {"clientId": registration["clientId"], "clientSecret": registration["clientSecret"]}
    device = oidc.start_device_authorization(startUrl=START_URL, **client)
    grant = {"grantType": "urn:ietf:params:oauth:grant-type:device_code", "deviceCode": device["deviceCode"], **client}
    with pytest.raises(oidc.exceptions.AuthorizationPendingException):
        oidc.create_token(**grant)
    assert device["verificationUriComplete"] == f"{url}/device?user_code={device['userCode']}"
    status, page = post_form(f"{url}/device", {"user_code": device["userCode"], "decision": decision})
    assert status == 200 and ("approved" if decision == "approve" else "denied") in page
    return client, grant


def test_device_flow_then_portal_then_refresh_then_logout(sandbox):
    oidc, portal = oidc_and_portal(sandbox)
    client, grant = signed_in(oidc, sandbox)
    token = oidc.create_token(**grant)
    assert token["tokenType"] == "Bearer" and token["expiresIn"] == 3600 and token["refreshToken"]

    accounts = [a for page in portal.get_paginator("list_accounts").paginate(accessToken=token["accessToken"], PaginationConfig={"PageSize": 2}) for a in page["accountList"]]
    assert [a["accountName"] for a in accounts][:2] == ["sandbox-dev", "sandbox-staging"]
    assert len(accounts) == 5
    roles = portal.list_account_roles(accessToken=token["accessToken"], accountId="111122223333")["roleList"]
    assert [r["roleName"] for r in roles] == ["AdministratorAccess", "Developer", "ReadOnly"]

    before = time.time()
    credentials = portal.get_role_credentials(accessToken=token["accessToken"], accountId="111122223333", roleName="Developer")["roleCredentials"]
    assert credentials["accessKeyId"].startswith("ASIA")
    # Epoch milliseconds, about an hour ahead.
    assert 3500 < credentials["expiration"] / 1000 - before < 3700

    refreshed = oidc.create_token(grantType="refresh_token", refreshToken=token["refreshToken"], **client)
    assert refreshed["accessToken"] != token["accessToken"]
    assert refreshed["refreshToken"] != token["refreshToken"]
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        oidc.create_token(grantType="refresh_token", refreshToken=token["refreshToken"], **client)

    portal.logout(accessToken=refreshed["accessToken"])
    with pytest.raises(portal.exceptions.UnauthorizedException):
        portal.list_accounts(accessToken=refreshed["accessToken"])
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        oidc.create_token(grantType="refresh_token", refreshToken=refreshed["refreshToken"], **client)


def test_a_denied_device_request_is_access_denied(sandbox):
    oidc, _ = oidc_and_portal(sandbox)
    _, grant = signed_in(oidc, sandbox, decision="deny")
    with pytest.raises(oidc.exceptions.AccessDeniedException):
        oidc.create_token(**grant)


def test_an_unknown_client_is_invalid_client_with_status_401(sandbox):
    oidc, _ = oidc_and_portal(sandbox)
    with pytest.raises(oidc.exceptions.InvalidClientException) as raised:
        oidc.start_device_authorization(clientId="nope", clientSecret="nope", startUrl=START_URL)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 401
    assert raised.value.response["error"] == "invalid_client"


def test_a_role_that_is_not_assigned_is_refused(sandbox):
    oidc, portal = oidc_and_portal(sandbox)
    _, grant = signed_in(oidc, sandbox)
    token = oidc.create_token(**grant)["accessToken"]
    with pytest.raises(portal.exceptions.ClientError) as raised:
        portal.get_role_credentials(accessToken=token, accountId="111122223333", roleName="BreakGlass")
    assert raised.value.response["Error"]["Code"] == "ForbiddenException"


@pytest.mark.parametrize("body", [b"not json", b"{}", b'{"clientName": "x"}'])
def test_malformed_requests_get_the_error_aws_sends(sandbox, body):
    request = urllib.request.Request(f"{sandbox}/client/register", data=body, headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request)
    assert raised.value.code == 400
    assert raised.value.headers["x-amzn-ErrorType"] == "InvalidRequestException"
    assert json.loads(raised.value.read())["error"] == "invalid_request"


def test_thousands_of_accounts_page_through(tmp_path):
    scenario = tmp_path / "scenario.toml"
    scenario.write_text(
        "generated_accounts = 2000\n[identity_center]\n"
        f"start_url = '{START_URL}'\nregion = 'us-east-1'\nuser = 'ada'\n"
        "[[accounts]]\nid = '123456789012'\nname = 'main'\nemail = 'm@example.com'\nroles = ['Admin']\n"
    )
    process, url = start_sandbox("--scenario", str(scenario))
    try:
        oidc, portal = oidc_and_portal(url)
        _, grant = signed_in(oidc, url)
        token = oidc.create_token(**grant)["accessToken"]
        pages = list(portal.get_paginator("list_accounts").paginate(accessToken=token))
        ids = [a["accountId"] for page in pages for a in page["accountList"]]
        assert len(ids) == 2001 and len(set(ids)) == 2001
        assert len(pages) == 21
    finally:
        process.terminate()
        process.wait()


@pytest.mark.parametrize("peer", PEERS)
@pytest.mark.parametrize("expires_in", [3600, -60], ids=["fresh-token", "expired-token-refreshed"])
def test_an_sdk_resolves_an_sso_session_profile_and_sts_names_the_role(sandbox, tmp_path, expires_in, peer):
    oidc, _ = oidc_and_portal(sandbox)
    client, grant = signed_in(oidc, sandbox)
    token = oidc.create_token(**grant)
    cache = {
        "startUrl": START_URL, "region": "us-east-1", "accessToken": token["accessToken"],
        "expiresAt": cache_time(expires_in), "refreshToken": token["refreshToken"],
        "clientId": client["clientId"], "clientSecret": client["clientSecret"],
        "registrationExpiresAt": cache_time(86400),
    }
    home, env = machine(tmp_path, sandbox, SESSION_PROFILE)
    cache_file = sso_cache(home, "corp", cache)

    identity = caller_of(peer, "dev", env)
    assert identity["Account"] == "111122223333"
    assert identity["Arn"] == "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/ada"

    written = json.loads(cache_file.read_text())
    if expires_in < 0:
        # The SDK refreshed through the sandbox and wrote the rotated tokens back.
        assert written["accessToken"] != token["accessToken"]
        assert written["refreshToken"] != token["refreshToken"]
    else:
        assert written["accessToken"] == token["accessToken"]


@pytest.mark.parametrize("peer", PEERS)
def test_an_sdk_resolves_a_legacy_sso_profile(sandbox, tmp_path, peer):
    _, token = device_sign_in(sandbox)
    assert "refreshToken" not in token, "a registration without scopes gets no refresh token"
    config = f"""[profile old]
sso_start_url = {START_URL}
sso_region = us-east-1
sso_account_id = 222233334444
sso_role_name = ReadOnly
region = eu-west-1
"""
    cache = {"startUrl": START_URL, "region": "us-east-1", "accessToken": token["accessToken"], "expiresAt": cache_time(3600)}
    home, env = machine(tmp_path, sandbox, config)
    sso_cache(home, START_URL, cache)
    identity = caller_of(peer, "old", env)
    assert identity["Account"] == "222233334444"
    assert "AWSReservedSSO_ReadOnly_" in identity["Arn"]


def test_sts_refuses_credentials_it_never_issued(sandbox):
    session = botocore.session.get_session()
    sts = session.create_client(
        "sts", region_name="us-east-1", endpoint_url=sandbox,
        aws_access_key_id="ASIANEVERISSUED", aws_secret_access_key="x", aws_session_token="y",
    )
    with pytest.raises(sts.exceptions.ClientError) as raised:
        sts.get_caller_identity()
    assert raised.value.response["Error"]["Code"] == "InvalidClientTokenId"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def sts_client(url, **credentials):
    return botocore.session.get_session().create_client("sts", region_name="us-east-1", endpoint_url=url,
                                                        **credentials)


def test_get_session_token_wants_the_iam_users_mfa_code_and_gives_credentials_of_that_user(sandbox):
    user = sts_client(sandbox, aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                      aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    assert user.get_caller_identity()["Arn"] == "arn:aws:iam::111122223333:user/ada"
    serial = "arn:aws:iam::111122223333:mfa/ada"
    with pytest.raises(user.exceptions.ClientError) as wrong:
        user.get_session_token(SerialNumber=serial, TokenCode="000000")
    assert wrong.value.response["Error"]["Code"] == "AccessDenied"
    with pytest.raises(user.exceptions.ClientError):
        user.get_session_token()
    issued = user.get_session_token(SerialNumber=serial, TokenCode="123456", DurationSeconds=900)["Credentials"]
    assert issued["AccessKeyId"].startswith("ASIA")
    assert 800 < (issued["Expiration"].timestamp() - time.time()) <= 900
    session = sts_client(sandbox, aws_access_key_id=issued["AccessKeyId"],
                         aws_secret_access_key=issued["SecretAccessKey"], aws_session_token=issued["SessionToken"])
    assert session.get_caller_identity()["Arn"] == "arn:aws:iam::111122223333:user/ada"
    with pytest.raises(session.exceptions.ClientError) as nested:
        session.get_session_token(SerialNumber=serial, TokenCode="123456")
    assert "session credentials" in nested.value.response["Error"]["Message"]


def test_every_request_is_logged_as_a_json_line(tmp_path):
    log = tmp_path / "requests.jsonl"
    process, url = start_sandbox("--log", str(log))
    try:
        oidc, _ = oidc_and_portal(url)
        oidc.register_client(clientName="botocore-client-log", clientType="public")
        with pytest.raises(oidc.exceptions.InvalidClientException):
            oidc.start_device_authorization(clientId="nope", clientSecret="nope", startUrl=START_URL)
        with urllib.request.urlopen(f"{url}/device?user_code=ABCD-EFGH") as response:
            assert response.status == 200
    finally:
        process.terminate()
        process.wait()
    # The last request is the harness asking for the secrets issued, for the secret scan.
    *entries, issued = [json.loads(line) for line in log.read_text().splitlines()]
    assert (issued["method"], issued["path"]) == ("GET", "/_sandbox/issued")
    assert [(e["method"], e["path"], e["query"]) for e in entries] == [
        ("POST", "/client/register", ""),
        ("POST", "/device_authorization", ""),
        ("GET", "/device", "user_code=ABCD-EFGH"),
    ]
    assert json.loads(entries[0]["body"])["clientName"] == "botocore-client-log"
    assert entries[0]["headers"]["content-type"].startswith("application/json")
