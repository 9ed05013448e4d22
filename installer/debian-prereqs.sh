#!/usr/bin/env bash
# Installs what Awning needs on Debian 12 or Ubuntu 22.04+, skipping whatever is already
# there. Works as root or as a user with sudo.
#
#   installer/debian-prereqs.sh build   libraries to build the app, and its npm packages
#   installer/debian-prereqs.sh test    also the headless desktop stack the tests run on
set -euo pipefail
mode=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

build_packages=(build-essential pkg-config curl file libssl-dev libwebkit2gtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev)
# The real desktop stack, headless: display, session bus, Secret Service, notification
# daemon, WebDriver for WebKitGTK, screenshots, and the Python D-Bus/X11 bindings the
# tray and window helpers use; a real browser (Chromium and its WebDriver) to click
# Approve on sign-in pages; a Japanese font for the screenshots of the Japanese window; and
# Maven with the dependency plugin (and the junit its model names) from Debian's own Maven
# repository, since Maven Central is out of reach, nginx to serve a token-checking Maven
# repository, xclip to read what the app puts on the clipboard, and libfaketime to jump
# the app's wall clock (as a machine waking from sleep does) while its monotonic clock runs;
# debootstrap (with Debian's archive keys, for Ubuntu hosts) to make the clean root the
# .deb is installed on, lintian to check it, and rpm to read the .rpm.
test_packages=(xvfb xauth x11-utils dbus dbus-x11 at-spi2-core libglib2.0-bin gnome-keyring
  libsecret-tools dunst webkit2gtk-driver imagemagick python3-dbus python3-gi python3-xlib
  python3-venv chromium chromium-driver fonts-ipafont-gothic maven libmaven-dependency-plugin-java
  junit4 nginx-light xclip libfaketime debootstrap debian-archive-keyring lintian rpm)

wanted=("${build_packages[@]}")
[ "$mode" = test ] && wanted+=("${test_packages[@]}")
missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

need() {
  command -v "$1" >/dev/null || { echo "Awning needs $1: $2" >&2; exit 1; }
}
need cargo "install Rust 1.90 or newer with rustup (https://rustup.rs), then open a new shell"
need node "install Node.js 20.19 or newer (Debian 12's own nodejs is too old; use NodeSource or nvm)"
node -e 'const [a, b] = process.versions.node.split(".").map(Number);
  process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' ||
  { echo "Awning needs Node.js 20.19 or newer; this is $(node --version)" >&2; exit 1; }

# npm packages, reinstalled only when the lock file changed since the last install.
npm_install() {
  local folder=$1
  if ! cmp -s "$folder/package-lock.json" "$folder/node_modules/.package-lock.json.installed" 2>/dev/null; then
    say "Installing npm packages in ${folder#"$root"/}"
    (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$folder/package-lock.json" "$folder/node_modules/.package-lock.json.installed"
  fi
}
npm_install "$root/ui"

# The Python peers (botocore, …) in virtualenvs, reinstalled when their pins change.
# PIP_FIND_LINKS is dropped so packages come from the index, not a local wheel folder.
python_peers() {
  local venv=$1 requirements=$2
  if ! cmp -s "$requirements" "$venv/requirements.installed" 2>/dev/null; then
    say "Installing the Python test peers of ${requirements#"$root"/}"
    python3 -m venv "$venv"
    env -u PIP_FIND_LINKS "$venv/bin/pip" install --quiet --disable-pip-version-check \
      -r "$requirements"
    cp "$requirements" "$venv/requirements.installed"
  fi
}

if [ "$mode" = test ]; then
  npm_install "$root/tests/e2e"
  npm_install "$root/tests/interop/registries"
  npm_install "$root/tests/peers/js-sdk"
  python_peers "$root/tests/interop/.venv" "$root/tests/interop/requirements.txt"
  # boto3 before console sign-in support, a tool that needs the bridge profile.
  python_peers "$root/tests/interop/.venv-boto3-1.40" "$root/tests/interop/requirements-boto3-1.40.txt"
  # The package managers Awning configures for CodeArtifact.
  python_peers "$root/tests/interop/.venv-tools" "$root/tests/interop/requirements-tools.txt"
  if ! cargo install --list | grep -q "^cargo-fuzz v"; then
    say "Installing cargo-fuzz"
    cargo install cargo-fuzz --locked --quiet
  fi
  # tauri-driver is pinned to major 2; 3.0 alphas are published too.
  if ! cargo install --list | grep -qx "tauri-driver v2.1.0:"; then
    say "Installing tauri-driver 2.1.0"
    cargo install tauri-driver@2.1.0 --locked --quiet
  fi
fi
