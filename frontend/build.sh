#!/usr/bin/env bash
# Build the static assets embedded by the web crate (crates/web/assets/)
# from GOV.UK Frontend, without GOV.UK branding. Runnable from anywhere.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$root/crates/web/assets"
cd "$here"

if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi

bin="$here/node_modules/.bin"
pkg="$here/node_modules/govuk-frontend"
mkdir -p "$out"

# CSS: compressed, no source map. GOV.UK Frontend 5 still uses @import, so
# silence that deprecation for our entry file and all warnings from the package.
"$bin/sass" \
  --style=compressed \
  --no-source-map \
  --load-path=node_modules \
  --quiet-deps \
  --silence-deprecation=import \
  src/opcc.scss "$out/opcc.css"

# JS: one minified IIFE, so the browser never resolves module import paths
# (the server renames files to content-hashed names).
"$bin/esbuild" src/opcc.js \
  --bundle \
  --format=iife \
  --minify \
  --target=es2017 \
  --legal-comments=none \
  --log-level=warning \
  --outfile="$out/opcc.js"

cp src/js-enabled.js "$out/js-enabled.js"
cp src/favicon.svg "$out/favicon.svg"

# govuk-frontend's npm package does not ship its LICENSE file, so a copy is
# kept in this folder; use the package's own if a later version ships one.
licence="$(find "$pkg" -maxdepth 1 -iname 'licen[cs]e*' | head -n 1)"
cp "${licence:-$here/LICENCE-govuk-frontend.txt}" "$out/LICENCE-govuk-frontend.txt"

# GOV.UK Frontend's favicons, app icons, manifest.json and opengraph image
# (dist/govuk/assets/images, assets/rebrand/) are crown branded: not copied.
# Its fonts (GDS Transport) are restricted to GOV.UK: not copied.

# Guard: the CSS must not reference GDS Transport or any font file, and any
# url() it contains must point at a file we ship.
if grep -qiE 'GDS Transport|\.woff' "$out/opcc.css"; then
  echo "build.sh: opcc.css references GDS Transport or .woff fonts" >&2
  exit 1
fi
status=0
while IFS= read -r url; do
  case "$url" in
    data:*|'#'*) continue ;;
    /assets/*)
      if [ ! -f "$out/${url#/assets/}" ]; then
        echo "build.sh: opcc.css references $url, which is not in crates/web/assets" >&2
        status=1
      fi ;;
    *)
      echo "build.sh: opcc.css references unexpected URL $url" >&2
      status=1 ;;
  esac
done < <(grep -oE 'url\([^)]*\)' "$out/opcc.css" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' | sort -u)
exit "$status"
