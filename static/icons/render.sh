#!/bin/sh
# Renders the PNG icons from the SVGs with headless Chromium (run from this folder).
set -e
render() { # svg size out
  d=$(mktemp -d)
  printf '<!doctype html><style>html,body{margin:0;background:transparent}img{display:block;width:%spx;height:%spx}</style><img src="file://%s/%s">' "$2" "$2" "$PWD" "$1" > "$d/p.html"
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-dev-shm-usage \
    --user-data-dir="$d/profile" --hide-scrollbars --default-background-color=00000000 \
    --force-device-scale-factor=1 --window-size="$2,$2" --screenshot="$PWD/$3" "file://$d/p.html"
  rm -rf "$d"
}
render tendo.svg 192 icon-192.png
render tendo.svg 512 icon-512.png
render tendo-maskable.svg 512 icon-maskable-512.png
