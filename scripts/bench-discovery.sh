#!/usr/bin/env bash
# `awning profiles discover` of 2,000 accounts (one role each) from a portal that allows
# RATE requests a second (default 100; more are answered 429, as the real portal
# throttles), beside the bound that rate sets: the fewest calls discovery can make (the
# ListAccounts pages, then one ListAccountRoles per account) divided by the rate. A
# ratio near 1 means Awning is as fast as the portal lets anyone be. Against the sandbox,
# with a release build (AWNING_BIN, else target/release/awning); median of 3 runs.
# With BENCH_ROWS=FILE, also appends the figure to FILE as a JSON line (scripts/bench.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -z "${AWNING_BIN:-}" ]; then
  cargo build --quiet --release -p awning-cli -p awning-sandbox
  export AWNING_BIN=$root/target/release/awning
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/run AWNING_DATA_DIR=$work/awning
export AWNING_CHANNEL=test AWNING_NO_APP=1 AWS_CONFIG_FILE=$work/config RATE=${RATE:-100}
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$AWNING_DATA_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- bash -c '
  printf bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  PYTHONPATH="$1/tests/interop" "$1/tests/interop/.venv/bin/python" - "$2" <<"PY"
import json, math, os, statistics, subprocess, time, urllib.parse, urllib.request
from pathlib import Path

from peers import START_URL, device_prompt, start_sandbox

work, rate, accounts = Path(os.environ["HOME"]), int(os.environ["RATE"]), 2000
scenario = work / "scenario.toml"
scenario.write_text(f"generated_accounts = {accounts}\ngenerated_roles = [\"ReadOnly\"]\n\n"
                    f"[identity_center]\nstart_url = \"{START_URL}\"\nregion = \"us-east-1\"\n"
                    f"user = \"ada\"\n\n[faults]\nportal_rate_limit = {rate}\n")
sandbox, url = start_sandbox("--scenario", str(scenario))
for service in ("SSO", "SSO_OIDC"):
    os.environ[f"AWS_ENDPOINT_URL_{service}"] = url
Path(os.environ["AWS_CONFIG_FILE"]).write_text(
    f"[sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    "sso_registration_scopes = sso:account:access\n")
awning = os.environ["AWNING_BIN"]
try:
    login = subprocess.Popen([awning, "login", "--sso-session", "corp", "--no-browser"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, code = device_prompt(login)
    form = urllib.parse.urlencode({"user_code": code, "decision": "approve"}).encode()
    urllib.request.urlopen(urllib.request.Request(f"{url}/device", data=form)).read()
    assert login.wait() == 0

    listed = []

    def once():
        time.sleep(1)  # the method: each run starts with a fresh rate window
        start = time.perf_counter()
        done = subprocess.run([awning, "profiles", "discover", "--sso-session", "corp", "--dry-run"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"discover failed: {done.stderr}")
        elapsed = time.perf_counter() - start
        listed.append(int(done.stdout.split(" accounts with ", 1)[0].split()[-1]))
        return elapsed

    ours = statistics.median(once() for _ in range(int(os.environ.get("RUNS", "3"))))
    listed = listed[0]  # the generated accounts and those of the scenario itself
    calls = math.ceil(listed / 100) + listed
    bound = calls / rate
    print(f"discovery of {listed} accounts at {rate} portal calls/s: {ours:.1f} s; "
          f"bound {calls} calls / {rate} per s = {bound:.1f} s; ratio {ours / bound:.2f}")
    if os.environ.get("BENCH_ROWS"):
        with open(os.environ["BENCH_ROWS"], "a") as rows:
            rows.write(json.dumps({"figure": f"discovery of {listed:,} accounts, portal allowing {rate} calls/s",
                                   "awning": round(ours, 2), "peer": f"the rate-limit bound ({calls:,} calls)",
                                   "peer_value": round(bound, 2), "unit": "s"}) + "\n")
finally:
    sandbox.terminate()
PY
' bench "$root"
