#!/usr/bin/python3
"""The figures of a running desktop app, each beside its peer measured in this run.

    desktop_figures.py BIN_DIR VENV_PYTHON

Runs inside `desktop.sh` (a private display, bus, keychain and tray watcher). BIN_DIR
holds the release build: awning, awning-app, awning-sandbox and minimal-tauri. Prints
one JSON object per line, {"figure", "awning", "peer", "peer_value", "unit"}, for
bench.sh's table:

- `awning credential-process`, warm, with the app answering over its socket and with
  the CLI alone, beside boto3 resolving the same profile in a fresh process and beside
  `/bin/true` (the cost of starting any process);
- the time from exec to the tray item registered, and the memory (PSS of the process
  tree) started with --background, with the window open and after closing it, beside
  the minimal Tauri app (benches/minimal-tauri) built with the same profile;
- the CPU time used over IDLE_SECONDS (default 600) in the tray with a signed-in
  session, beside the minimal app in the tray over the same seconds.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import dbus
from dbus.mainloop.glib import DBusGMainLoop

sys.path.insert(0, str(Path(__file__).parent))
from launch import one_run, pss_kib, stop, tree  # noqa: E402

HERE = Path(__file__).parent
E2E = HERE.parents[1] / "tests/e2e"
BIN = Path(sys.argv[1])
VENV_PYTHON = sys.argv[2]
IDLE = int(os.environ.get("IDLE_SECONDS", "600"))
SETTLE = float(os.environ.get("SETTLE_SECONDS", "5"))
RUNS = 20


def row(figure, ours, peer, theirs, unit):
    print(json.dumps({"figure": figure, "awning": round(ours, 2), "peer": peer,
                      "peer_value": round(theirs, 2), "unit": unit}), flush=True)


def median_ms(command, env=None):
    def once():
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        return (time.perf_counter() - start) * 1000
    once()  # warm: the first call fetches and keeps the role credentials
    return statistics.median(once() for _ in range(RUNS))


def helper(script, *args):
    answer = subprocess.run(["/usr/bin/python3", str(E2E / script), *args], check=True,
                            capture_output=True, text=True)
    return json.loads(answer.stdout)


def cpu_seconds(pid):
    ticks = 0
    for member in tree(pid):
        try:
            with open(f"/proc/{member}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def start_sandbox():
    sandbox = subprocess.Popen([str(BIN / "awning-sandbox"), "--listen", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, text=True)
    url = next(line.split()[1] for line in sandbox.stdout if line.startswith("ready "))
    for service in ("SSO", "SSO_OIDC", "STS", "SIGNIN"):
        os.environ[f"AWS_ENDPOINT_URL_{service}"] = url
    return sandbox, url


def sign_in(url):
    """A device-code sign-in, approved on the sandbox's page, with the CLI alone."""
    login = subprocess.Popen([str(BIN / "awning"), "login", "--sso-session", "corp", "--no-browser"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "AWNING_NO_APP": "1"})
    code = next(line.strip() for line in login.stderr
                if re.fullmatch(r"\s+[A-Z0-9]{4}-[A-Z0-9]{4}\s*", line))
    form = urllib.parse.urlencode({"user_code": code, "decision": "approve"}).encode()
    urllib.request.urlopen(urllib.request.Request(f"{url}/device", data=form)).read()
    assert login.wait() == 0
    # boto3, the peer, reads the AWS CLI's token cache: the mirror writes it.
    subprocess.run([str(BIN / "awning"), "vault", "mirror", "sso-session:corp", "on"],
                   check=True, stdout=subprocess.DEVNULL, env={**os.environ, "AWNING_NO_APP": "1"})


def credential_process_figures(app_running):
    cli = [str(BIN / "awning"), "credential-process", "--profile", "dev"]
    true = median_ms(["/bin/true"])
    boto3 = median_ms([VENV_PYTHON, "-c", "import boto3; boto3.Session(profile_name='dev')"
                       ".get_credentials().get_frozen_credentials()"])
    alone = median_ms(cli, env={**os.environ, "AWNING_NO_APP": "1"})
    app_running()
    with_app = median_ms(cli)
    for figure, value in (("credential-process, warm, app running (socket)", with_app),
                          ("credential-process, warm, CLI alone", alone)):
        row(figure, value, "/bin/true", true, "ms")
        row(figure, value, "boto3, fresh process", boto3, "ms")


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    config = Path(os.environ["AWS_CONFIG_FILE"])
    config.write_text("[sso-session corp]\nsso_start_url = https://d-9067000000.awsapps.com/start\n"
                      "sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n"
                      "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n"
                      "sso_role_name = Developer\nregion = us-east-1\n")
    sandbox, url = start_sandbox()
    app = None
    try:
        sign_in(url)
        app_cmd = [str(BIN / "awning-app"), "--background"]
        minimal_cmd = [str(BIN / "minimal-tauri"), "--background"]
        # Launch and background memory, each over five starts.
        ours = [one_run(bus, app_cmd) for _ in range(5)]
        theirs = [one_run(bus, minimal_cmd) for _ in range(5)]
        med = lambda runs, i: statistics.median(run[i] for run in runs)  # noqa: E731
        row("exec to tray item registered, --background", med(ours, 0),
            "minimal Tauri app", med(theirs, 0), "ms")
        row("memory (PSS), started with --background", med(ours, 1) / 1024,
            "minimal Tauri app, no window", med(theirs, 1) / 1024, "MiB")

        def app_running():
            nonlocal app
            app = subprocess.Popen(app_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            helper("tray.py", "--timeout", "60", "item")
            sockets = list((Path(os.environ["XDG_RUNTIME_DIR"]) / "awning").glob("agent-*.sock"))
            assert sockets, "the app's socket is not there once its tray item is"

        credential_process_figures(app_running)

        # Idle CPU, both apps in the tray at once so they share the machine's noise.
        minimal = subprocess.Popen(minimal_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(SETTLE)  # the method: idle starts once start-up is over
        before = cpu_seconds(app.pid), cpu_seconds(minimal.pid)
        time.sleep(IDLE)
        used = cpu_seconds(app.pid) - before[0], cpu_seconds(minimal.pid) - before[1]
        stop(minimal)
        row(f"CPU idle in the tray for {IDLE // 60} min, one session signed in", used[0],
            "minimal Tauri app in the tray", used[1], "s")

        # The window: open from the tray, then closed as its close button does.
        item = helper("tray.py", "item")
        helper("tray.py", "click", item["bus"], item["path"], "Open Awning")
        helper("x11.py", "wait-mapped", "Awning")
        time.sleep(SETTLE)
        window_open = pss_kib(app.pid)
        helper("x11.py", "close", "Awning")
        helper("x11.py", "wait-gone", "Awning")
        time.sleep(SETTLE * 2)  # WebKit lets go of a closed page's memory some seconds later
        window_closed = pss_kib(app.pid)
        minimal = subprocess.Popen([str(BIN / "minimal-tauri")], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        helper("x11.py", "wait-mapped", "Minimal")
        time.sleep(SETTLE)
        minimal_open = pss_kib(minimal.pid)
        stop(minimal)
        row("memory (PSS), window open", window_open / 1024,
            "minimal Tauri app, window open", minimal_open / 1024, "MiB")
        row("memory (PSS), window closed again", window_closed / 1024,
            "minimal Tauri app, no window", med(theirs, 1) / 1024, "MiB")
    finally:
        if app is not None:
            stop(app)
        sandbox.terminate()
        sandbox.wait()


if __name__ == "__main__":
    main()
