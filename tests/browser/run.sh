#!/usr/bin/env bash
# Browser accessibility test: crawls the running opcc server in headless
# Chromium and fails on any axe-core violation (see crawl.mjs).
#
# The caller must start the server and create a user, then set:
#   OPCC_URL=http://127.0.0.1:8099 OPCC_EMAIL=... OPCC_PASSWORD=...
# (OPCC_SKIP_LOGIN=1 exists only for checking crawl.mjs against a throwaway
# static site; CI never sets it.)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

: "${OPCC_URL:?OPCC_URL must be set, e.g. http://127.0.0.1:8099}"

"$HERE/../../scripts/ensure-chromium.sh"

cd "$HERE"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

exec node crawl.mjs
