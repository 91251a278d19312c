#!/usr/bin/env bash
# Ensure Debian's Chromium is installed at /usr/bin/chromium (used by the
# browser accessibility tests in tests/browser/). Idempotent and quiet when
# Chromium is already present.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
  exit 0
fi

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "ensure-chromium: $CHROMIUM is missing, not running as root and sudo is unavailable" >&2
    exit 1
  fi
fi

echo "ensure-chromium: installing chromium via apt-get..." >&2
"${SUDO[@]}" apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

if [[ ! -x "$CHROMIUM" ]]; then
  echo "ensure-chromium: installation finished but $CHROMIUM was not found" >&2
  exit 1
fi
