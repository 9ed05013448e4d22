#!/usr/bin/env bash
# `awning codeartifact login --tool npm|pip` beside the AWS CLI v1's `aws codeartifact
# login` for the same repository, in one run against the sandbox: both ask for a token
# and the repository's endpoint; the AWS CLI then runs `npm config set` / `pip config
# set`, Awning writes the files itself (and keeps the token in a real gnome-keyring on a
# private bus). Both use the same role credentials from the environment. A release
# build; medians of 10 runs each; figures vary with the machine. Needs the test
# command's Python peers (tests/interop/.venv). AWNING_BIN names a built CLI (else it is
# built); with BENCH_ROWS=FILE the figures are also appended to FILE as JSON lines.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -z "${AWNING_BIN:-}" ]; then
  cargo build --quiet --release -p awning-cli
  AWNING_BIN=$root/target/release/awning
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work/run
export AWNING_DATA_DIR=$work/awning AWNING_CHANNEL=test AWNING_NO_APP=1
export AWS_CONFIG_FILE=$work/aws-config AWS_EC2_METADATA_DISABLED=true NPM_CONFIG_UPDATE_NOTIFIER=false
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" "$AWNING_DATA_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
: > "$AWS_CONFIG_FILE"
venv=$root/tests/interop/.venv
export PATH=$venv/bin:$PATH
dbus-run-session -- bash -c '
  printf bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  PYTHONPATH="$2/tests/interop" "$1" - "$0" <<"PY"
import json, os, statistics, subprocess, sys, time

from peers import role_credentials, start_sandbox

awning = sys.argv[1]
process, url = start_sandbox()
os.environ["AWS_ENDPOINT_URL_CODEARTIFACT"] = url
os.environ.update(role_credentials(url))
repository = ["--domain", "acme", "--domain-owner", "111122223333", "--repository", "packages",
              "--region", "us-west-2"]


def median_ms(command, runs=10):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


try:
    print("%-6s %10s %10s %7s" % ("tool", "awning", "aws (v1)", "ratio"))
    for tool in ("npm", "pip"):
        ours = median_ms([awning, "codeartifact", "login", "--tool", tool, *repository])
        theirs = median_ms(["aws", "codeartifact", "login", "--tool", tool, *repository])
        print(f"{tool:<6} {ours:>8.1f}ms {theirs:>8.1f}ms {ours / theirs:>6.2f}x")
        if os.environ.get("BENCH_ROWS"):
            with open(os.environ["BENCH_ROWS"], "a") as rows:
                rows.write(json.dumps({"figure": f"awning codeartifact login --tool {tool}",
                                       "awning": round(ours, 1), "peer": "aws codeartifact login (AWS CLI v1)",
                                       "peer_value": round(theirs, 1), "unit": "ms"}) + "\n")
finally:
    process.terminate()
PY
' "$AWNING_BIN" "$venv/bin/python" "$root"
