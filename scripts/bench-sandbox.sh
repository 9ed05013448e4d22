#!/usr/bin/env bash
# How long `awning-sandbox` takes from exec to its `ready` line (release build), beside
# a minimal Python HTTP server (`python3 -m http.server`) started the same way, and how
# fast it answers a portal call. Medians of 20 starts; figures vary with the machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --quiet --release -p awning-cli
python3 - "$root/target/release/awning" <<'PY'
import statistics, subprocess, sys, time

def time_to_line(command, wanted):
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        if wanted in line:
            break
    elapsed = time.perf_counter() - start
    process.terminate()
    process.wait()
    return elapsed * 1000

def median(command, wanted, runs=20):
    return statistics.median(time_to_line(command, wanted) for _ in range(runs))

sandbox = median([sys.argv[1] + "-sandbox", "--listen", "127.0.0.1:0"], "ready ")
python = median([sys.executable, "-u", "-m", "http.server", "--bind", "127.0.0.1", "0"], "Serving HTTP")
print(f"awning-sandbox, exec to ready:         {sandbox:6.1f} ms")
print(f"python3 -m http.server, exec to ready: {python:6.1f} ms")
print(f"ratio (sandbox / http.server):         {sandbox / python:6.2f}")
PY
