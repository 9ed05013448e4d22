#!/usr/bin/env bash
# desktop.sh COMMAND...: runs COMMAND in a private headless desktop — its own X display,
# session bus, unlocked gnome-keyring, StatusNotifierWatcher (tests/e2e/sni_watcher.py)
# and a throwaway HOME with an empty AWS config — so the benchmarks touch nothing of
# the user's and start from the same state each time. COMMAND's output is passed on.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${AWNING_BENCH_DESKTOP:-}" ]; then
  export AWNING_BENCH_DESKTOP=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$0" "$@"
fi
work=$(mktemp -d)
watcher=""
trap '[ -z "$watcher" ] || kill "$watcher" 2>/dev/null; rm -rf "$work"' EXIT
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
export XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work/runtime
export AWS_CONFIG_FILE=$HOME/.aws/config AWS_EC2_METADATA_DISABLED=true
mkdir -p "$HOME/.aws" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
mkdir -m 0700 "$XDG_RUNTIME_DIR"
: >"$HOME/.aws/config"
printf bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null
/usr/bin/python3 "$root/tests/e2e/sni_watcher.py" >/dev/null 2>&1 &
watcher=$!
gdbus wait --session --timeout 10 org.kde.StatusNotifierWatcher
"$@"
