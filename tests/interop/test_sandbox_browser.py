"""A real headless Chromium clicks Approve on the sandbox's pages: the device page, the
IAM Identity Center authorize page (whose redirect reaches a loopback listener, as in a
real sign-in), and the Sign-In authorize page."""

import http.server
import threading
import urllib.parse
import uuid

import pytest

from browser import click_through
from peers import SAME_DEVICE, START_URL, oidc_and_portal, pkce_pair


class Callback:
    """A one-shot loopback listener, as a client's PKCE sign-in runs."""

    def __init__(self):
        self.query = None
        self.received = threading.Event()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.query = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(self.path).query))
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<p>Signed in. You can close this tab.</p>")
                outer.received.set()

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.uri = f"http://127.0.0.1:{self.server.server_port}/oauth/callback"
        threading.Thread(target=self.server.handle_request, daemon=True).start()

    def wait(self):
        assert self.received.wait(30), "the browser never reached the loopback listener"
        self.server.server_close()
        return self.query


def test_chromium_approves_on_the_device_page(sandbox):
    oidc, _ = oidc_and_portal(sandbox)
    registration = oidc.register_client(clientName="chromium", clientType="public", scopes=["sso:account:access"])
    client = {"clientId": registration["clientId"], "clientSecret": registration["clientSecret"]}
    device = oidc.start_device_authorization(startUrl=START_URL, **client)
    page = click_through(device["verificationUriComplete"])
    assert "Request approved" in page
    token = oidc.create_token(grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=device["deviceCode"], **client)
    assert token["accessToken"]


@pytest.mark.parametrize("decision", ["approve", "deny"])
def test_chromium_completes_an_identity_center_pkce_sign_in(sandbox, decision):
    oidc, _ = oidc_and_portal(sandbox)
    registration = oidc.register_client(
        clientName="chromium", clientType="public", scopes=["sso:account:access"],
        grantTypes=["authorization_code", "refresh_token"], redirectUris=["http://127.0.0.1/oauth/callback"],
        issuerUrl=START_URL,
    )
    callback = Callback()
    verifier, challenge = pkce_pair()
    state = str(uuid.uuid4())
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": registration["clientId"], "redirect_uri": callback.uri,
        "state": state, "code_challenge_method": "S256", "scopes": "sso:account:access", "code_challenge": challenge,
    })
    click_through(f"{sandbox}/authorize?{query}", decision)
    answer = callback.wait()
    assert answer["state"] == state
    if decision == "deny":
        assert answer["error"] == "access_denied"
        return
    token = oidc.create_token(
        grantType="authorization_code", clientId=registration["clientId"], clientSecret=registration["clientSecret"],
        code=answer["code"], codeVerifier=verifier, redirectUri=callback.uri,
    )
    assert token["refreshToken"]


def test_chromium_approves_an_aws_login(sandbox):
    callback = Callback()
    _, challenge = pkce_pair()
    query = urllib.parse.urlencode([
        ("response_type", "code"), ("client_id", SAME_DEVICE), ("state", "s1"),
        ("code_challenge_method", "SHA-256"), ("scope", "openid"),
        ("redirect_uri", callback.uri), ("code_challenge", challenge),
    ])
    click_through(f"{sandbox}/v1/authorize?{query}")
    answer = callback.wait()
    assert answer["state"] == "s1" and answer["code"]
