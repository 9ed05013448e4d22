#!/usr/bin/env bash
# Builds what people install: the app and the `awning` CLI in the release profile
# (Cargo.toml), bundled by the pinned Tauri CLI (ui/package.json) for this system —
# .deb and .rpm on Linux, .app and .dmg on macOS, .msi and NSIS on Windows. The sandbox
# is never in them: it is a binary of its own (awning-sandbox), which the bundles do
# not name. Prints each package's path, one per line, last.
#
#   scripts/package.sh            build, then bundle
#   CARGO_TARGET_DIR=DIR ...      build in DIR (the test command keeps one between runs)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
triple=$(rustc -vV | sed -n 's/^host: //p')
case $triple in
  *linux*) bundles=deb,rpm exe="" ;;
  *apple*) bundles=app,dmg exe="" ;;
  *windows*) bundles=msi,nsis exe=.exe ;;
  *) echo "no packages for $triple" >&2; exit 1 ;;
esac

npm --prefix ui run --silent build >&2
# One invocation, so both binaries share every dependency built once.
cargo build --release --locked --quiet -p awning-app -p awning-cli --features awning-app/custom-protocol
# The bundler takes the CLI as an "external binary", named for the target it runs on.
# Only the bundle step names it (tauri.bundle.conf.json): tauri-build would otherwise
# want the file at every build of the app, debug builds and tests among them.
# binaries/ holds what this script makes for the bundler: that, and the .deb's changelog.
mkdir -p src-tauri/binaries
cp "$target/release/awning$exe" "src-tauri/binaries/awning-$triple$exe"
gzip -9 --no-name --stdout installer/linux/changelog >src-tauri/binaries/changelog.gz
bundle=$target/release/bundle
rm -rf "$bundle"  # so only this run's packages are listed
(cd src-tauri && CARGO_TARGET_DIR=$target "$root/ui/node_modules/.bin/tauri" bundle --ci \
  --config tauri.bundle.conf.json --bundles "$bundles" --features custom-protocol >&2)
find "$bundle" -maxdepth 2 -type f \( -name '*.deb' -o -name '*.rpm' -o -name '*.dmg' \
  -o -name '*.msi' -o -name '*-setup.exe' \)
[ "$bundles" != app,dmg ] || find "$bundle/macos" -maxdepth 1 -name '*.app'
