#!/usr/bin/env bash
# Compares release profiles on what a tray app cares about: the size of the two
# programs, the CLI's start (`awning --version`, the floor under every credential_process
# call), the app's time from exec to its tray item and its memory when started with
# --background, and how long a cold build and a relink take. Each candidate is
# Cargo.toml's release profile with CARGO_PROFILE_RELEASE_* overrides, built in a target
# folder of its own (target/profiles/NAME; about 15 minutes cold on 2 cores). All builds
# come first and the measurements after, so that no build runs beside a measurement.
# A candidate already built is not built again: remove its folder to build it anew.
# Prints a Markdown table.
#
#   scripts/bench-release-profile.sh [NAME...]   only the candidates named (default: all)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# name|overrides (KEY=VALUE of CARGO_PROFILE_RELEASE_KEY)
candidates=(
  "default|LTO=false CODEGEN_UNITS=16 STRIP=none OPT_LEVEL=3 PANIC=unwind"
  "thin|LTO=thin CODEGEN_UNITS=16 STRIP=symbols OPT_LEVEL=3 PANIC=unwind"
  "fat|LTO=fat CODEGEN_UNITS=1 STRIP=symbols OPT_LEVEL=3 PANIC=unwind"
  "fat-s|LTO=fat CODEGEN_UNITS=1 STRIP=symbols OPT_LEVEL=s PANIC=unwind"
  "fat-abort|LTO=fat CODEGEN_UNITS=1 STRIP=symbols OPT_LEVEL=3 PANIC=abort"
)
wanted=" $* "
chosen=()
for candidate in "${candidates[@]}"; do
  name=${candidate%%|*}
  [ "$wanted" = "  " ] || [[ $wanted == *" $name "* ]] && chosen+=("$candidate")
done
npm --prefix ui run --silent build >/dev/null

build() { # target overrides...
  local target=$1
  shift
  local settings=()
  for override in "$@"; do settings+=("CARGO_PROFILE_RELEASE_$override"); done
  env "${settings[@]}" CARGO_TARGET_DIR="$target" cargo build --release --locked --quiet \
    -p awning-app -p awning-cli --features awning-app/custom-protocol
}

for candidate in "${chosen[@]}"; do
  name=${candidate%%|*} overrides=${candidate#*|}
  target=$root/target/profiles/$name
  [ -f "$target/seconds" ] && continue
  # shellcheck disable=SC2086 # one override per word
  start=$(date +%s) && build "$target" $overrides && cold=$(($(date +%s) - start))
  # A relink: what a CI run with a warm cache pays after a change to the engine.
  touch crates/awning/src/lib.rs
  # shellcheck disable=SC2086
  start=$(date +%s) && build "$target" $overrides && relink=$(($(date +%s) - start))
  echo "$cold $relink" >"$target/seconds"
done

mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }
echo "| candidate | CARGO_PROFILE_RELEASE_… | awning-app MiB | awning MiB | \`awning --version\` ms | exec to tray ms | PSS, --background, MiB | cold build | rebuild after an engine change |"
echo "|---|---|---|---|---|---|---|---|---|"
for candidate in "${chosen[@]}"; do
  name=${candidate%%|*} overrides=${candidate#*|}
  target=$root/target/profiles/$name
  read -r cold relink <"$target/seconds"
  cli=$target/release/awning app=$target/release/awning-app
  version_ms=$(python3 - "$cli" <<'PY'
import statistics, subprocess, sys, time
def once():
    start = time.perf_counter()
    subprocess.run([sys.argv[1], "--version"], stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000
once()
print(f"{statistics.median(once() for _ in range(100)):.2f}")
PY
)
  # Only its JSON line: the desktop's own daemons (AT-SPI) print to the same output.
  launch=$(bash scripts/bench/desktop.sh /usr/bin/python3 scripts/bench/launch.py 5 "$app" \
    --background 2>/dev/null | grep '^{')
  tray_ms=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["tray_ms"])' "$launch")
  pss=$(python3 -c 'import json, sys; print(round(json.loads(sys.argv[1])["pss_kib"] / 1024, 1))' "$launch")
  echo "| $name | \`$overrides\` | $(mib "$app") | $(mib "$cli") | $version_ms | $tray_ms | $pss | $((cold / 60)) min $((cold % 60)) s | $((relink / 60)) min $((relink % 60)) s |"
done
