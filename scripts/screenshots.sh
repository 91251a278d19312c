#!/usr/bin/env bash
# Screenshots of the demo as people see it, at 1280 px and 320 px, into docs/screenshots/:
# the home page, the 2024-28 plan, one SPC chart and one quarterly pack (its page and its
# PDF's first page). Run it after a change that alters how these pages look, and look at them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/docs/screenshots"
mkdir -p "$out"

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
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

scripts/ensure-chromium.sh
cd tests/browser
[[ -d node_modules ]] || npm ci --no-audit --no-fund
OPCC_URL="http://127.0.0.1:$port" node screenshot.mjs "$out" \
  home=/ \
  plan-2024-28=/plans/cheshire-2024-28 \
  pack=/performance/cheshire-2024-28/packs/2025-26-q2
# The SPC chart is on a measure's page, which the office and the Panel read.
password="screenshots $(date +%s%N)"
printf '%s\n' "$password" | "$bin" user add --email panel.member@example.org --role panel >/dev/null
OPCC_URL="http://127.0.0.1:$port" OPCC_EMAIL=panel.member@example.org OPCC_PASSWORD="$password" \
  node screenshot.mjs "$out" spc-chart=/admin/performance/cheshire-2021-24/measures/stalking-outcome-rate
cd "$root"
curl -fsS -o "$work/pack.pdf" "http://127.0.0.1:$port/performance/cheshire-2024-28/packs/2025-26-q2/pdf"
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$work/pack.pdf" "$out/pack-pdf-page-1"
ls "$out"
