#!/usr/bin/env bash
# Benchmarks the config engine against botocore on the same 5,000-profile file and
# prints both, side by side. Needs the test command's Python peers (tests/interop/.venv).
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

cargo bench --quiet -p awning --bench config_edit -- "$config"
tests/interop/.venv/bin/python - "$config" <<'PY'
import configparser, io, statistics, sys, time
import botocore.configloader

path = sys.argv[1]
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
PY
