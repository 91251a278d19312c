#!/usr/bin/env bash
# End to end, as a newcomer would: the real binary on a fresh SQLite database with the demo
# loaded, the first admin made with `opcc user add`, then
#   - the OpenAPI document checked by a real validator (PyPI openapi-spec-validator),
#   - the API tested against that document by Schemathesis (PyPI), every check, signed in,
#   - every reachable page crawled in headless Chromium with axe-core (tests/browser).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# The whole workspace with its tests, as `cargo test --workspace --all-targets` built it: building
# the binary alone unifies features differently and compiles the web crates again (3 minutes).
cargo build --quiet --workspace --all-targets
target="${CARGO_TARGET_DIR:-$root/target}"
bin="$target/debug/opcc"

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
# On the complaints team, so that the crawl reaches casework pages too.
"$bin" complaints team add e2e.admin@example.org >/dev/null
# Staff of every scheme, so that it reaches volunteers' pages (the rota, expenses) too.
for scheme in custody calls dogs engagement panel; do
  "$bin" schemes staff add "$scheme" e2e.admin@example.org >/dev/null
done

echo "e2e: validating the OpenAPI document"
venv="$target/pyenv"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
for tool in openapi-spec-validator==0.9.0 schemathesis==4.32.5; do
  [[ -x "$venv/bin/${tool%%==*}" ]] ||
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$tool"
done
curl -fsS "http://127.0.0.1:$port/api/v1/openapi.json" >"$work/openapi.json"
"$venv/bin/openapi-spec-validator" "$work/openapi.json"

echo "e2e: Schemathesis, every check, against the API signed in as staff"
# Signed in, every operation answers (the public ones as to anyone); the session cookie is
# taken from the sign-in's headers, as its Secure flag keeps curl's jar from sending it.
# Staff, not the admin: an administrator must enrol a second factor before anything else, and
# no API operation is for administrators only.
printf '%s\n' "$password" | "$bin" user add --email e2e.staff@example.org --role staff >/dev/null
base="http://127.0.0.1:$port"
csrf=$(curl -fsS -D - -o "$work/login.html" "$base/login" | sed -n 's/^set-cookie: \(__Host-opcc_csrf=[^;]*\).*/\1/ip')
token=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$work/login.html" | head -n 1)
session=$(curl -sS -D - -o /dev/null -H "Cookie: $csrf" --data-urlencode "csrf_token=$token" \
  --data-urlencode "email=e2e.staff@example.org" --data-urlencode "password=$password" "$base/login" |
  sed -n 's/^set-cookie: \(__Host-opcc_session=[^;]*\).*/\1/ip')
[[ -n "$session" ]] || { echo "e2e: could not sign in for Schemathesis" >&2; exit 1; }
# Run from the scratch folder: Schemathesis keeps its example database in the working one.
(cd "$work" && "$venv/bin/st" run "$base/api/v1/openapi.json" --checks all --max-examples 60 \
  --workers 2 --header "Cookie: $session")

echo "e2e: crawling every page in Chromium with axe-core"
# Every page reachable in the demo is audited: the cap is only a guard against a crawl that
# never ends.
OPCC_MAX_PAGES=3000 OPCC_URL="http://127.0.0.1:$port" OPCC_EMAIL=e2e.admin@example.org OPCC_PASSWORD="$password" \
  tests/browser/run.sh
