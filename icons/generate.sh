#!/usr/bin/env bash
# Regenerates the committed icon sets from the SVG sources in this folder.
# Needs rsvg-convert (Debian: librsvg2-bin) and npm (for the Tauri CLI's `tauri icon`,
# pinned to major 2). Run from anywhere: bash icons/generate.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# One tray icon per state. Colours differ in hue and lightness so the states stay
# distinguishable for the common forms of colour blindness.
declare -A states=([ok]="#2e9e5b" [expiring]="#e0a100" [action]="#d93a3a" [signing-in]="#3a7bd5")
for state in "${!states[@]}"; do
  sed "s/STATE/${states[$state]}/g" "$here/tray.svg" |
    rsvg-convert --width 64 --height 64 --output "$here/tray/$state.png"
done

rsvg-convert --width 1024 --height 1024 --output "$here/awning.png" "$here/awning.svg"
npx --yes @tauri-apps/cli@2.12.5 icon "$here/awning.png" --output "$here/app"
rm -rf "$here/app/android" "$here/app/ios"  # not platforms Awning ships on
