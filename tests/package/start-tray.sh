#!/bin/bash
# Inside the clean root, under xvfb-run and dbus-run-session: starts the installed
# awning-app with --background, as a start at login does, and prints as JSON the tray
# item it registers, that item's menu, and every WebKit process running meanwhile.
set -euo pipefail
here=$(dirname "$0")
export XDG_RUNTIME_DIR=/tmp/runtime
mkdir -p -m 0700 "$XDG_RUNTIME_DIR"
printf package-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
python3 "$here/sni_watcher.py" &
watcher=$!
trap 'kill "$watcher" ${app:+"$app"} 2>/dev/null || true' EXIT
gdbus wait --session --timeout 10 org.kde.StatusNotifierWatcher
awning-app --background &
app=$!
item=$(python3 "$here/tray.py" --timeout 60 item)
bus=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["bus"])' "$item")
path=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["path"])' "$item")
menu=$(python3 "$here/tray.py" wait-label "$bus" "$path" "Open Awning" >/dev/null &&
  python3 "$here/tray.py" menu "$bus" "$path")
# The app's own WebKit processes, its children (a web view runs in them).
webkit=$(pgrep -a -P "$app" -f 'WebKit(Web|Network)Process' || true)
kill "$app"
wait "$app" || true
python3 -c 'import json, sys; print(json.dumps({"item": json.loads(sys.argv[1]),
  "menu": json.loads(sys.argv[2]), "webkit": sys.argv[3].splitlines()}))' "$item" "$menu" "$webkit"
