#!/usr/bin/env bash
# Benchmarks the config engine against botocore on the same 5,000-profile file and
# prints both, side by side. Needs the test command's Python peers (tests/interop/.venv).
# With BENCH_ROWS=FILE, also appends the figures to FILE as JSON lines (scripts/bench.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bench=$root/target/bench
mkdir -p "$bench"
config=$bench/config-5000

python3 - "$config" <<'PY'
import sys
sessions = "".join(f"[sso-session org{n}]\nsso_start_url = https://d-90670000{n:02}.awsapps.com/start\nsso_region = us-east-1\n\n" for n in range(10))
profiles = "".join(
    f"# account {n}\n[profile profile-{n}]\nsso_session = org{n % 10}\nsso_account_id = {100000000000 + n}\n"
    f"sso_role_name = Role{n % 7}\nregion = us-east-1\noutput = json\n\n" for n in range(5000))
open(sys.argv[1], "w").write(sessions + profiles)
PY

ours=$(cargo bench --quiet -p awning --bench config_edit -- "$config")
echo "$ours"
tests/interop/.venv/bin/python - "$config" "$ours" <<'PY'
import configparser, io, json, os, re, statistics, sys, time
import botocore.configloader

path, ours = sys.argv[1], sys.argv[2]
def median(work, runs=30):
    samples = []
    for _ in range(runs):
        start = time.perf_counter(); work(); samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000

parse = median(lambda: botocore.configloader.raw_config_parse(path))
load = median(lambda: botocore.configloader.load_config(path))
def edit():
    parser = configparser.RawConfigParser()
    parser.read(path)
    parser.set("profile profile-2500", "region", "eu-north-1")
    parser.write(io.StringIO())
edit_ms = median(edit)
print(f"botocore parse {parse:.2f}ms, load_config {load:.2f}ms; configparser read+set+write {edit_ms:.2f}ms (loses comments) (median of 30)")


def ms(name):
    """One of config_edit's figures (Rust's Duration as Debug prints it), in ms."""
    value, unit = re.search(name + r" ([\d.]+)(ns|µs|ms|s)\b", ours).groups()
    return float(value) * {"ns": 1e-6, "µs": 1e-3, "ms": 1, "s": 1000}[unit]


if os.environ.get("BENCH_ROWS"):
    with open(os.environ["BENCH_ROWS"], "a") as rows:
        for figure, value, peer, theirs in (
                ("config parse, 5,000 profiles", ms("parse"), "botocore raw_config_parse", parse),
                ("one edit of a 5,000-profile config, written safely", ms("safe write"),
                 "configparser read, set, write (loses comments)", edit_ms)):
            rows.write(json.dumps({"figure": figure, "awning": round(value, 2), "peer": peer,
                                   "peer_value": round(theirs, 2), "unit": "ms"}) + "\n")
PY
