#!/usr/bin/env bash
# The vault against a real gnome-keyring on a private bus: `awning vault check` (connect,
# store, read back and remove one item through keyring-core, in one process) beside
# libsecret's `secret-tool` doing the same store, lookup and clear (three processes);
# and loading a 200-session index (`awning vault list`, no keychain access). Medians of
# 20 runs of a release build; figures vary with the machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --quiet --release -p awning-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/run AWNING_DATA_DIR=$work/awning
export AWNING_CHANNEL=test AWS_CONFIG_FILE=$work/config
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$AWNING_DATA_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
: > "$AWS_CONFIG_FILE"
dbus-run-session -- bash -c '
  printf bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  python3 - "$0" <<"PY"
import json, statistics, subprocess, sys, time, os

awning = sys.argv[1]

def median_ms(steps, runs=20):
    def once():
        start = time.perf_counter()
        for step in steps:
            subprocess.run(step, check=True, stdout=subprocess.DEVNULL, input=b"value")
        return (time.perf_counter() - start) * 1000
    once()  # warm the daemon and the page cache
    return statistics.median(once() for _ in range(runs))

item = ["service", "awning-bench", "username", "probe"]
vault = median_ms([[awning, "vault", "check"]])
peer = median_ms([
    ["secret-tool", "store", "--label=probe", *item],
    ["secret-tool", "lookup", *item],
    ["secret-tool", "clear", *item],
])
entries = {f"sso-session:s{n}": {"kind": "sso", "expiresAt": 1900000000, "renewable": True,
           "mirror": False, "pieces": 1} for n in range(200)}
with open(os.path.join(os.environ["AWNING_DATA_DIR"], "vault-awning-test.json"), "w") as index:
    json.dump(entries, index)
listing = median_ms([[awning, "vault", "list"]])
print(f"awning vault check (store, read, remove):  {vault:6.1f} ms")
print(f"secret-tool store + lookup + clear:        {peer:6.1f} ms")
print(f"ratio (awning / secret-tool):              {vault / peer:6.2f}")
print(f"awning vault list, 200 sessions, no keychain: {listing:6.1f} ms")
PY
' "$root/target/release/awning"
