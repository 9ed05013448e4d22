#!/usr/bin/env bash
# Builds Awning, starts the local AWS sandbox and opens Awning pointed at it: a demo that
# needs no AWS account. It runs on a throwaway AWS config file and data folder, so your
# own ~/.aws and Awning data are never read or written. Quit from the tray menu to end it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "The demo opens a window, and this shell has no display. Run it in a desktop" >&2
  echo "session, or headless under: xvfb-run -a dbus-run-session -- $0" >&2
  exit 1
fi

bash installer/debian-prereqs.sh build
say "Building Awning"
npm --prefix ui run --silent build
cargo build --workspace --features awning-app/custom-protocol --quiet

demo=$(mktemp -d -t awning-demo-XXXXXX)
sandbox_pid=""
cleanup() {
  [ -z "$sandbox_pid" ] || kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$demo"
}
trap cleanup EXIT

export AWS_CONFIG_FILE=$demo/aws/config
export AWS_SHARED_CREDENTIALS_FILE=$demo/aws/credentials
export XDG_DATA_HOME=$demo/data AWNING_CHANNEL=demo
mkdir -p "$demo/aws" "$XDG_DATA_HOME"
cp tests/e2e/fixtures/config "$AWS_CONFIG_FILE"

say "Starting the AWS sandbox"
exec 3< <(exec target/debug/awning-sandbox --listen 127.0.0.1:0)
sandbox_pid=$!
url=""
while read -r line <&3; do
  case $line in
    "ready "*) url=${line#ready }; break ;;
    *) printf '   %s\n' "$line" ;;
  esac
done
[ -n "$url" ] || { echo "the sandbox did not start" >&2; exit 1; }
cat <&3 >"$demo/sandbox.log" &
for service in SSO SSO_OIDC SIGNIN STS CODEARTIFACT; do
  export "AWS_ENDPOINT_URL_$service=$url"
done

say "Opening Awning (config: $AWS_CONFIG_FILE). Quit it from the tray menu."
target/debug/awning-app
