#!/usr/bin/env bash
# The whole test suite, as README.md and CI run it. Installs what is missing first.
# Every step runs even when an earlier one failed, so one run shows every problem; the
# last line sums them all as `N passed, N failed`, and the exit code is non-zero on any
# failure. Logs are in target/test-logs/.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash installer/debian-prereqs.sh test || exit 1

logs=$root/target/test-logs
rm -rf "$logs" && mkdir -p "$logs"
passed=0
failed=0
# One feature set for every cargo step, so each crate compiles once per profile.
features=(--workspace --features awning-app/custom-protocol)

# count KIND LOG: prints "PASSED FAILED" for a finished step's log.
count() {
  case $1 in
    cargo) awk '/^test result:/ { p += $4; f += $6 } END { print p+0, f+0 }' "$2" ;;
    vitest) node -e 'const r = require(process.argv[1]);
      console.log(r.numPassedTests ?? 0, (r.numFailedTests ?? 1) + (r.numRuntimeErrorTestSuites ?? 0))' "$2" ;;
    tap) awk '/^# pass / { p = $3 } /^# fail / { f = $3 } END { print p+0, f+0 }' "$2" ;;
    pytest) tail -n 1 "$2" | awk '{ for (i = 2; i <= NF; i++) {
        if ($i ~ /^passed/) p = $(i - 1); if ($i ~ /^failed/) f = $(i - 1) } }
        END { print p+0, f+0 }' ;;
  esac
}

# step NAME KIND COMMAND...: KIND is check (one pass or fail) or a count() kind.
step() {
  local name=$1 kind=$2 log=$logs/$1.log
  shift 2
  printf '\n\033[1m── %s\033[0m\n' "$name"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]} p f
  case $kind in
    check) if [ "$status" -eq 0 ]; then p=1 f=0; else p=0 f=1; fi ;;
    vitest) read -r p f < <(count vitest "$logs/vitest.json" 2>/dev/null || echo "0 1") ;;
    tap) read -r p f < <(count tap "$root/target/e2e/results.tap" 2>/dev/null || echo "0 1") ;;
    *) read -r p f < <(count "$kind" "$log") ;;
  esac
  # A runner that failed without reporting a failing test still fails the step.
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  printf '%s: %d passed, %d failed\n' "$name" "$p" "$f"
}

tauri_free_engine() {
  # Only src-tauri/ may depend on tauri*: the engine, CLI and sandbox build without a GUI.
  local found
  found=$(cargo tree -e normal,build --prefix none \
    -p awning -p awning-cli -p awning-sandbox | grep -E '^tauri' | sort -u)
  [ -z "$found" ] || { echo "crates/ depend on: $found"; return 1; }
  echo "no crate under crates/ depends on tauri"
}

ui_boundary() {
  # Only ui/src/ipc/ may reach the shell; every other module goes through its host.
  local found
  found=$(grep -rl "@tauri-apps/" "$root/ui/src" | grep -v "^$root/ui/src/ipc/" || true)
  [ -z "$found" ] || { echo "outside ui/src/ipc/, these reach @tauri-apps: $found"; return 1; }
  echo "only ui/src/ipc/ reaches @tauri-apps"
}

step rustfmt check cargo fmt --all --check
step tauri-boundary check tauri_free_engine
step ui-boundary check ui_boundary
in_ui() { (cd "$root/ui" && "$@"); }

step ui-types check in_ui npm run --silent check
step workflows check node scripts/lint-workflows.mjs
step ui-unit vitest in_ui npx vitest run --reporter=default \
  --reporter=json --outputFile.json="$logs/vitest.json"
step ui-build check in_ui npm run --silent build
step bindings cargo cargo test "${features[@]}" --quiet bindings_are_current
step clippy check cargo clippy "${features[@]}" --all-targets --quiet -- -D warnings
step rust cargo cargo test "${features[@]}" --quiet -- --skip bindings_are_current
# Builds every binary, the app and the Rust SDK peer of the interop tests among them.
step app-build check cargo build "${features[@]}" --quiet
step interop pytest env AWNING_BIN="$root/target/debug/awning" \
  tests/interop/.venv/bin/python -m pytest -q -p no:cacheprovider tests/interop
# A short fuzzing run of the config parser and editor, seeded with the fixture corpus.
# RUSTC_BOOTSTRAP lets the stable toolchain build the sanitizer flags cargo-fuzz needs.
# Built unoptimised (--dev): every dependency is built again with sanitizers, which
# optimised was the longest step of a cold run, and fifteen seconds of fuzzing gain
# little from speed; overflow checks and debug assertions stay on. The build is kept
# between runs on one machine; cargo rebuilds what changed, and a fresh machine builds
# it all.
mkdir -p fuzz/corpus/config
fuzz_build=${XDG_CACHE_HOME:-$HOME/.cache}/awning-ci/fuzz-target
step fuzz check env RUSTC_BOOTSTRAP=1 cargo fuzz run --dev --fuzz-dir fuzz --target-dir "$fuzz_build" \
  config fuzz/corpus/config crates/awning/tests/fixtures -- -max_total_time=15
step desktop-e2e tap bash tests/e2e/run.sh

# What people install: the release build bundled into a .deb and an .rpm, then the .deb
# installed on a clean Debian 12 root and run there. Like the fuzz build, the release
# build (every dependency again, optimised as one unit) and the pristine base root with
# apt's downloads are kept between runs on one machine; a fresh machine makes them all.
ci_cache=${XDG_CACHE_HOME:-$HOME/.cache}/awning-ci
packages() {
  CARGO_TARGET_DIR=$ci_cache/release-target bash scripts/package.sh >"$logs/packages.txt"
  cat "$logs/packages.txt"
}
step package-build check packages
package() { grep -m1 "\.$1\$" "$logs/packages.txt" 2>/dev/null || echo "no .$1 was built"; }
# Making and entering a root takes root: sudo when the test command runs as a user.
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
step package-install pytest "${as_root[@]}" env AWNING_DEB="$(package deb)" AWNING_RPM="$(package rpm)" \
  AWNING_PACKAGE_CACHE="$ci_cache/package" \
  tests/interop/.venv/bin/python -m pytest -q -p no:cacheprovider tests/package

printf '\n%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
