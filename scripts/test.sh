#!/usr/bin/env bash
# The whole test suite, on a fresh machine: starts (or installs) PostgreSQL, runs every Rust
# test against SQLite and PostgreSQL, then the end-to-end checks in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."

# The real public data the tests read (../shared/data beside the repository on project
# machines; a clone elsewhere finds it through OPCC_SHARED_DATA or the workspace's copy).
for candidate in "${OPCC_SHARED_DATA:-}" "$(pwd)/../shared/data" /work/shared/data; do
  if [[ -n "$candidate" && -d "$candidate/police_uk" ]]; then
    export OPCC_SHARED_DATA="$(cd "$candidate" && pwd)"
    break
  fi
done
if [[ -z "${OPCC_SHARED_DATA:-}" || ! -d "$OPCC_SHARED_DATA/police_uk" ]]; then
  echo "test.sh: the shared data folder (police_uk, lookups, ...) was not found; set OPCC_SHARED_DATA" >&2
  exit 1
fi

scripts/ensure-postgres.sh
scripts/ensure-tools.sh
export OPCC_TEST_POSTGRES_URL="${OPCC_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
cargo test --workspace --all-targets
# --all-targets leaves out doc tests, which hold the compile-fail proof that a write cannot
# commit without its audit entry.
cargo test --workspace --doc
# The parsers of outside input, fuzzed briefly from their starting inputs (about three minutes, build
# included); longer runs: scripts/fuzz.sh SECONDS.
scripts/fuzz.sh 20
scripts/e2e.sh
echo "all tests passed"
