#!/usr/bin/env bash
# Load on the desktop app's socket: 1,000 `awning credential-process` calls from 50
# callers at once, answered by the real app (in the desktop suite's headless desktop:
# Xvfb, gnome-keyring, the sandbox), beside the same 1,000 calls with the CLI working
# alone (AWNING_NO_APP=1: each call reads the keychain and asks the sandbox itself).
# Each call is timed as a tool sees it, from process start to exit; p50 and p99 of each.
# Release builds; needs what the test command installs. Figures vary with the machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
npm --prefix ui run build >/dev/null
cargo build --quiet --release -p awning-cli -p awning-app --features awning-app/custom-protocol
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Only the tests that lead to the load test run; the other suites' set-ups may fail
# without their tests, so the figures file (written by the load test) is what counts.
AWNING_APP_BINARY=$root/target/release/awning-app AWNING_BIN=$root/target/release/awning \
  AWNING_E2E_OUT=$out AWNING_E2E_BENCH=1 \
  AWNING_E2E_ONLY="starts in the background|signs in through the browser|answers 1,000" \
  bash tests/e2e/run.sh >"$out/run.log" 2>&1 || true
[ -s "$out/load-figures.txt" ] || { echo "the load test did not run:" >&2; tail -40 "$out/run.log" >&2; exit 1; }
cat "$out/load-figures.txt"
