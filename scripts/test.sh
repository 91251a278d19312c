#!/usr/bin/env bash
# The whole test suite, on a fresh machine: starts (or installs) PostgreSQL, runs every Rust
# test against SQLite and PostgreSQL, then the end-to-end checks in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-postgres.sh
export OPCC_TEST_POSTGRES_URL="${OPCC_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
cargo test --workspace --all-targets
scripts/e2e.sh
echo "all tests passed"
