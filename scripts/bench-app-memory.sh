#!/usr/bin/env bash
# Memory of the desktop app beside a minimal Tauri app built the same way (debug,
# front end embedded): the proportional set size (PSS) of each whole process tree (the
# app and its WebKit processes) with the window open, then closed; then the CPU time the
# app uses while idle in the tray with one signed-in session beside the minimal app's
# (IDLE_SECONDS, default 600).
# Runs in a private X display, session bus and keychain, against the sandbox.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -z "${AWNING_BENCH_INSIDE:-}" ]; then
  cargo build --quiet --workspace --features awning-app/custom-protocol,minimal-tauri/custom-protocol
  export AWNING_BENCH_INSIDE=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$0" "$@"
fi
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
export XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work/runtime AWNING_CHANNEL=test
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" && mkdir -m 0700 "$XDG_RUNTIME_DIR"
export AWS_CONFIG_FILE=$work/config.ini
printf '[sso-session demo]\nsso_start_url = https://d-9067000000.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n' >"$AWS_CONFIG_FILE"
printf bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null
dunst >/dev/null 2>&1 & pids+=($!)
/usr/bin/python3 tests/e2e/sni_watcher.py >/dev/null 2>&1 & pids+=($!)
gdbus wait --session --timeout 10 org.kde.StatusNotifierWatcher

mkfifo "$work/ready"
target/debug/awning-sandbox --listen 127.0.0.1:0 >"$work/ready" 2>/dev/null & pids+=($!)
exec 3<"$work/ready"
while read -r first rest <&3; do [ "$first" = ready ] && export AWS_ENDPOINT_URL=$rest && break; done
export BROWSER="tests/interop/.venv/bin/python tests/interop/browser.py %s approve"
AWNING_NO_APP=1 target/debug/awning login --sso-session demo >/dev/null 2>&1

# tree PID: PID and all its descendants.
tree() {
  local all=$1 queue=$1 next
  while [ -n "$queue" ]; do
    next=$(for p in $queue; do cat "/proc/$p/task/"*/children 2>/dev/null || true; done | xargs)
    all="$all $next" queue=$next
  done
  echo "$all"
}
# pss_kib PID: the PSS of PID's process tree, in KiB.
pss_kib() {
  for p in $(tree "$1"); do awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true; done |
    awk '{ s += $1 } END { print s + 0 }'
}
# cpu_ticks PID: user + system clock ticks of PID's live process tree.
cpu_ticks() {
  for p in $(tree "$1"); do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || true; done |
    awk '{ s += $1 } END { print s + 0 }'
}

# measure NAME BINARY TITLE: PSS with the window open, then after closing it. Settling
# waits are part of the method: WebKit frees memory some seconds after a page goes.
measure() {
  "$2" & local pid=$!
  /usr/bin/python3 tests/e2e/x11.py wait-mapped "$3" >/dev/null
  sleep 10
  local open; open=$(pss_kib "$pid")
  /usr/bin/python3 tests/e2e/x11.py close "$3" >/dev/null
  /usr/bin/python3 tests/e2e/x11.py wait-gone "$3" >/dev/null || true
  sleep 10
  local closed=0
  kill -0 "$pid" 2>/dev/null && closed=$(pss_kib "$pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf '%-13s window open %6d KiB   window closed %6s KiB\n' "$1" "$open" \
    "$([ "$closed" = 0 ] && echo exited || echo "$closed")"
}
measure minimal-tauri target/debug/minimal-tauri Minimal
measure awning-app target/debug/awning-app Awning

# Idle CPU, both apps at once so they share the machine's noise: Awning in the tray with
# one session, the minimal app with its window (it has no tray-only mode).
idle=${IDLE_SECONDS:-600}
target/debug/awning-app --background & app=$!
target/debug/minimal-tauri & peer=$!
/usr/bin/python3 tests/e2e/x11.py wait-mapped Minimal >/dev/null
sleep 10
app_start=$(cpu_ticks "$app") peer_start=$(cpu_ticks "$peer")
sleep "$idle"
app_used=$(( $(cpu_ticks "$app") - app_start )) peer_used=$(( $(cpu_ticks "$peer") - peer_start ))
hz=$(getconf CLK_TCK)
seconds() { awk -v t="$1" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }'; }
echo "idle for $idle s: awning-app (tray, one session) $(seconds "$app_used") s of CPU," \
  "minimal-tauri (window open) $(seconds "$peer_used") s"
kill "$app" "$peer"
