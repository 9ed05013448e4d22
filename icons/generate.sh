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

# The same states as macOS template images (black on transparent; macOS recolours them to
# follow the menu bar): ok has no mark, expiring a clock, action an exclamation mark,
# signing-in three dots.
declare -A badges=(
  [ok]=""
  [expiring]='<circle cx="32" cy="47" r="9" fill="none" stroke="black" stroke-width="3.5"/><path d="M32 41 V47 H37" fill="none" stroke="black" stroke-width="3"/>'
  [action]='<rect x="29" y="36" width="6" height="15" rx="3"/><circle cx="32" cy="57" r="3.5"/>'
  [signing-in]='<circle cx="21" cy="50" r="4"/><circle cx="32" cy="50" r="4"/><circle cx="43" cy="50" r="4"/>'
)
mkdir -p "$here/tray/template"
for state in "${!badges[@]}"; do
  awk -v badge="${badges[$state]}" '{ sub(/BADGE/, badge) } 1' "$here/tray-template.svg" |
    rsvg-convert --width 64 --height 64 --output "$here/tray/template/$state.png"
done

rsvg-convert --width 1024 --height 1024 --output "$here/awning.png" "$here/awning.svg"
npx --yes @tauri-apps/cli@2.12.5 icon "$here/awning.png" --output "$here/app"
rm -rf "$here/app/android" "$here/app/ios"  # not platforms Awning ships on
# Every size a Linux desktop asks for (hicolor), which the packages install.
mkdir -p "$here/app/hicolor"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert --width $size --height $size --output "$here/app/hicolor/${size}x${size}.png" "$here/awning.svg"
done
