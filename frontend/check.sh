#!/usr/bin/env bash
# Rebuild crates/web/assets and fail if the result differs from what is
# committed (or if generated files are uncommitted). Runnable from anywhere.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

bash "$here/build.sh"

drift="$(git -C "$root" status --porcelain -- crates/web/assets)"
if [ -n "$drift" ]; then
  echo "frontend/check.sh: crates/web/assets is out of date with frontend/ sources:" >&2
  echo "$drift" >&2
  echo "Run frontend/build.sh and commit the changes under crates/web/assets." >&2
  exit 1
fi
echo "frontend/check.sh: crates/web/assets is up to date."
