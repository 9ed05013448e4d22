#!/usr/bin/env bash
# The benchmark command: builds the release packages, runs every benchmark the project
# has against that build, and prints one table — every figure beside a peer measured in
# the same run, as a ratio — which it also writes to docs/benchmarks.md with the machine
# it ran on. Takes about 25 minutes (10 of them the idle CPU figure: IDLE_SECONDS).
# Needs what the test command installs (scripts/test.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
release=$CARGO_TARGET_DIR/release
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "Building the release packages"
packages=$(bash scripts/package.sh)
deb=$(grep -m1 '\.deb$' <<<"$packages")
# The peers built with the same profile: the sandbox, and the minimal Tauri app with its
# own .deb (bundled after the packages, whose bundling clears the bundle folder).
cargo build --release --locked --quiet -p awning-sandbox -p minimal-tauri --features minimal-tauri/custom-protocol
(cd benches/minimal-tauri && "$root/ui/node_modules/.bin/tauri" bundle --ci --bundles deb \
  --features custom-protocol >&2)
minimal_deb=$(find "$release/bundle/deb" -name 'Minimal_*.deb' | head -1)

rows=$CARGO_TARGET_DIR/bench/rows.jsonl
mkdir -p "$(dirname "$rows")" && : >"$rows"
export BENCH_ROWS=$rows AWNING_BIN=$release/awning
say "The desktop app: credential-process, launch, memory, idle CPU"
# Only its rows: the desktop's own daemons (AT-SPI) print to the same output.
bash scripts/bench/desktop.sh /usr/bin/python3 scripts/bench/desktop_figures.py "$release" \
  "$root/tests/interop/.venv/bin/python" 2>/dev/null | grep '^{"figure"' >>"$rows"
say "The config engine beside botocore"
bash scripts/bench-config.sh >&2
say "Discovery beside the portal's rate limit"
bash scripts/bench-discovery.sh >&2
say "CodeArtifact login beside the AWS CLI v1"
bash scripts/bench-codeartifact-login.sh >&2
mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.2f", b / 1048576 }'; }
printf '{"figure": "the .deb", "awning": %s, "peer": "the minimal Tauri app'"'"'s .deb", "peer_value": %s, "unit": "MiB"}\n' \
  "$(mib "$deb")" "$(mib "$minimal_deb")" >>"$rows"

python3 scripts/bench/table.py "$rows" docs/benchmarks.md
