#!/usr/bin/env bash
# End to end, as a newcomer would: the real binary on a fresh SQLite database with the demo
# loaded, the first admin made with `opcc user add`, then
#   - the OpenAPI document checked by a real validator (PyPI openapi-spec-validator),
#   - every reachable page crawled in headless Chromium with axe-core (tests/browser).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

cargo build --quiet -p opcc
bin="$root/target/debug/opcc"

work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export OPCC_DATABASE_URL="sqlite://$work/opcc.db" OPCC_LOG=warn
"$bin" serve --bind "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log"; exit 1; }

password="e2e passphrase $(date +%s%N)"
printf '%s\n' "$password" | "$bin" user add --email e2e.admin@example.org --role admin >/dev/null

echo "e2e: validating the OpenAPI document"
venv="$root/target/pyenv"
if [[ ! -x "$venv/bin/openapi-spec-validator" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check openapi-spec-validator==0.9.0
fi
curl -fsS "http://127.0.0.1:$port/api/v1/openapi.json" >"$work/openapi.json"
"$venv/bin/openapi-spec-validator" "$work/openapi.json"

echo "e2e: crawling every page in Chromium with axe-core"
# Every page reachable in the demo is audited: the cap is only a guard against a crawl that
# never ends.
OPCC_MAX_PAGES=3000 OPCC_URL="http://127.0.0.1:$port" OPCC_EMAIL=e2e.admin@example.org OPCC_PASSWORD="$password" \
  tests/browser/run.sh
