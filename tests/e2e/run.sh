#!/usr/bin/env bash
# The desktop end-to-end suite, in a private X display and session bus with a real
# Secret Service (gnome-keyring), notification daemon (dunst, captured by dbus-monitor),
# tray host (sni_watcher.py) and tauri-driver. Nothing touches the caller's HOME, keychain
# or desktop.
#
#   AWNING_APP_BINARY  the app to drive (built with the custom-protocol feature)
#   AWNING_E2E_OUT     where screenshots, logs and results go (default target/e2e)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export AWNING_E2E_OUT=${AWNING_E2E_OUT:-$root/target/e2e}
export AWNING_APP_BINARY=${AWNING_APP_BINARY:-$root/target/debug/awning-app}

if [ -z "${AWNING_E2E_INSIDE:-}" ]; then
  export AWNING_E2E_INSIDE=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$0" "$@"
fi

work=$(mktemp -d)
# The package registries keep their files (an htpasswd holding the newest token) apart
# from the home the tests search for leaked secrets.
registries=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # The app's log, for a look after a failure (the secret scan has read it in place).
  rm -rf "$AWNING_E2E_OUT/app-logs"
  cp -r "$XDG_DATA_HOME/awning-test/logs" "$AWNING_E2E_OUT/app-logs" 2>/dev/null || true
  rm -rf "$work" "$registries"
}
trap cleanup EXIT

export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
export XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work/runtime
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$AWNING_E2E_OUT"
mkdir -m 0700 "$XDG_RUNTIME_DIR"
rm -f "$AWNING_E2E_OUT"/*.png

export AWS_CONFIG_FILE=$work/aws/config
mkdir -p "$work/aws" && cp "$here/fixtures/config" "$AWS_CONFIG_FILE"

# The AWS sandbox every sign-in of the app goes to; it prints `ready URL` once serving.
export AWNING_BIN=${AWNING_BIN:-$root/target/debug/awning}
export AWNING_CHANNEL=test AWNING_E2E_WORK=$work AWNING_E2E_ROOT=$root
# Console sessions end 15 minutes and 15 seconds after their sign-in, as the sandbox's
# do, so the warning before the end comes 15 seconds after it.
export AWNING_CONSOLE_SESSION_SECONDS=915
export AWNING_E2E_PYTHON=$root/tests/interop/.venv/bin/python
export AWNING_E2E_SANDBOX_LOG=$AWNING_E2E_OUT/sandbox.log
: >"$AWNING_E2E_SANDBOX_LOG"

# A verdaccio and a pypiserver for the CodeArtifact domain `acme`; the scenario points
# its repository at them.
mkfifo "$work/registries-ready"
PYTHONPATH=$root/tests/interop "$AWNING_E2E_PYTHON" "$here/registries.py" "$registries" \
  >"$work/registries-ready" 2>"$AWNING_E2E_OUT/registries.err" &
pids+=($!)
exec 4<"$work/registries-ready"
read -r ready <&4 || true
[ "${ready:-}" = ready ] || { echo "the package registries did not start" >&2; cat "$AWNING_E2E_OUT/registries.err" >&2; exit 1; }
# shellcheck source=/dev/null
source "$registries/env"
export AWNING_E2E_REGISTRIES=$registries
cat "$here/fixtures/scenario.toml" "$registries/scenario-codeartifact.toml" >"$registries/scenario.toml"

mkfifo "$work/sandbox-ready"
"$AWNING_BIN-sandbox" --listen 127.0.0.1:0 --scenario "$registries/scenario.toml" \
  --log "$AWNING_E2E_SANDBOX_LOG" >"$work/sandbox-ready" 2>"$AWNING_E2E_OUT/sandbox.err" &
pids+=($!)
# Kept open for the whole run: a sandbox writing to a closed pipe would die.
exec 3<"$work/sandbox-ready"
AWS_ENDPOINT_URL=
while read -r first rest <&3; do
  if [ "$first" = ready ]; then AWS_ENDPOINT_URL=$rest && break; fi
done
[ -n "$AWS_ENDPOINT_URL" ] || { echo "the sandbox did not start" >&2; exit 1; }
export AWS_ENDPOINT_URL BROWSER="$here/browser.sh %s"

# Secret Service: a login keyring unlocked with a throwaway password.
printf 'awning-e2e' | gnome-keyring-daemon --unlock --components=secrets >/dev/null

dbus-monitor --session "type=method_call,interface=org.freedesktop.Notifications,member=Notify" \
  >"$AWNING_E2E_OUT/notifications.log" 2>&1 &
pids+=($!)
dunst >"$AWNING_E2E_OUT/dunst.log" 2>&1 &
pids+=($!)
# The bad-day suite stops the daemon (SIGSTOP), as one that accepts calls and never replies.
export AWNING_E2E_DUNST_PID=$!

/usr/bin/python3 "$here/sni_watcher.py" >"$AWNING_E2E_OUT/sni_watcher.log" 2>&1 &
pids+=($!)
gdbus wait --session --timeout 10 org.kde.StatusNotifierWatcher

tauri-driver --port 4444 >"$AWNING_E2E_OUT/tauri-driver.log" 2>&1 &
pids+=($!)
# tauri-driver answers /status once WebKitWebDriver is up; give it ten seconds.
for _ in $(seq 100); do
  curl -sf http://127.0.0.1:4444/status >/dev/null && break
  sleep 0.1
done
curl -sf http://127.0.0.1:4444/status >/dev/null || { echo "tauri-driver did not start" >&2; exit 1; }

cd "$here"
# AWNING_E2E_ONLY (a pattern of test names) runs only those, for work on one of them.
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$AWNING_E2E_OUT/results.tap" \
  ${AWNING_E2E_ONLY:+--test-name-pattern="$AWNING_E2E_ONLY"} app.test.mjs
