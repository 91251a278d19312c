#!/usr/bin/env bash
# National scale on PostgreSQL (issue 11; run on demand, not in CI): loads MONTHS months
# (default 36, 2016-01 onwards) of street data for all 43 forces of England and Wales into a
# scratch PostgreSQL database set up for Cheshire (`opcc init`, so only Cheshire keeps rows;
# every force keeps its rollup), records the import rate and the database's size, then times
# /crime/compare and /api/v1/crime/summary on one connection.
#
#   bench/police-uk-national/run.sh [MONTHS]
#
# Volume: the shared data holds 52k real street rows (Cheshire 2018-10..12 and six forces'
# 2019-01). Each force's month is made of those real rows, replicated: as many as the force's
# population x 0.009 (about what forces record a month per head: Cheshire's real months are
# 8.4k-9.4k rows for 1.07M people), taken from a different place in the pool for each force
# and month, with the Month column rewritten to the file's month. A national month is then
# ~540k rows, 19M over 36 months, as data.police.uk's archive is. Each month's 43 files are
# made, imported (one `opcc import police-uk` run a month) and deleted before the next, so
# the disk holds one month at a time.
#
# OPCC_BIN=path skips the release build; PG_URL (default postgres://postgres@127.0.0.1:5432)
# is where the scratch database is made; it is dropped at the end unless KEEP_DB=1. PORT
# (default 8133) is where the server listens for the page timings.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${OPCC_SHARED_DATA:-$repo/../shared/data}/police_uk"
months="${1:-36}"
pg="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
port="${PORT:-8133}"
db="opcc_national_$$"
url="$pg/$db"
work="$(mktemp -d "${TMPDIR:-/tmp}/opcc-national.XXXXXX")"
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
  [ "${KEEP_DB:-}" = 1 ] || psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ -n "${OPCC_BIN:-}" ]; then
  opcc="$OPCC_BIN"
else
  (cd "$repo" && cargo build --release -q -p opcc)
  opcc="${CARGO_TARGET_DIR:-$repo/target}/release/opcc"
fi

# The pool of real data rows (no headers), one file.
header="$(head -1 "$data/2018-10/2018-10-cheshire-street.csv")"
for f in "$data"/*/*-street.csv; do tail -n +2 "$f"; done > "$work/pool.csv"
echo "pool: $(wc -l < "$work/pool.csv") real rows; load average $(cut -d' ' -f1-3 /proc/loadavg)"

psql -q "$pg/postgres" -c "CREATE DATABASE $db" >/dev/null
"$opcc" --database-url "$url" migrate >/dev/null
"$opcc" --database-url "$url" init --force-area cheshire >/dev/null
size() { psql -tA "$url" -c "SELECT pg_database_size(current_database())"; }
empty=$(size)

total_rows=0 total_secs=0
for i in $(seq 0 $(( months - 1 ))); do
  month=$(printf "%04d-%02d" $(( 2016 + i / 12 )) $(( i % 12 + 1 )))
  dir="$work/in/$month"; mkdir -p "$dir"
  tail -n +2 "$repo/crates/store/geo/pfa.csv" | awk -F, -v month="$month" -v i="$i" -v dir="$dir" \
      -v header="$header" -v pool="$work/pool.csv" '
    BEGIN { while ((getline line < pool) > 0) rows[n++] = line }
    {
      want = int($NF * 0.009 + 0.5); out = dir "/" month "-" $2 "-street.csv"
      print header > out
      start = (NR * 7919 + i * 104729) % n
      for (k = 0; k < want; k++) {
        line = rows[(start + k) % n]
        p = index(line, ","); print substr(line, 1, p) month substr(line, p + 8) > out
      }
      close(out)
    }'
  rows=$(( $(cat "$dir"/*.csv | wc -l) - 43 ))
  start=$(date +%s.%N)
  "$opcc" --database-url "$url" --log-format text import police-uk "$dir" > "$work/import.out" 2>&1 \
    || { tail -20 "$work/import.out"; exit 1; }
  secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
  rm -rf "$dir"
  total_rows=$(( total_rows + rows )); total_secs=$(awk -v a="$total_secs" -v b="$secs" 'BEGIN { print a + b }')
  printf "%s: %d rows in %s s (%.0f rows/s); load average %s\n" "$month" "$rows" "$secs" \
    "$(awk -v r="$rows" -v s="$secs" 'BEGIN { print r / s }')" "$(cut -d' ' -f1 /proc/loadavg)"
done
grew=$(( $(size) - empty ))
kept=$(psql -tA "$url" -c "SELECT count(*) FROM crime_street_rows")
rollup=$(psql -tA "$url" -c "SELECT count(*) FROM crime_rollup_rows")
echo
printf "imported %d rows (43 forces x %d months) in %.1f s: %.0f rows/s\n" "$total_rows" "$months" "$total_secs" \
  "$(awk -v r="$total_rows" -v s="$total_secs" 'BEGIN { print r / s }')"
printf "database grew by %.1f MiB (%.1f bytes per imported row): %d rows kept (Cheshire), %d rollup rows\n" \
  "$(awk -v g="$grew" 'BEGIN { print g / 1048576 }')" "$(awk -v g="$grew" -v r="$total_rows" 'BEGIN { print g / r }')" "$kept" "$rollup"
psql -tA "$url" -c "SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class WHERE relname IN ('crime_rollup_rows', 'crime_totals', 'crime_street_rows', 'crime_terms', 'crime_units', 'crime_coverage', 'audit_log') ORDER BY pg_total_relation_size(oid) DESC" | sed 's/^/  /'

OPCC_LOG=warn "$opcc" --database-url "$url" serve --no-demo --bind "127.0.0.1:$port" > "$work/serve.out" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
echo
echo "pages, on one connection (curl, 200 requests each): the first request renders the page from"
echo "the database; the rest are served from memory until the data changes (docs/performance.md);"
echo "'renders' asks 100 more times with a distinct unused query parameter each, so each is a page"
echo "rendered again (the figures it reads are kept per version, so those are read once)"
pct() { sort -n | awk '{ a[NR] = $1 } END { i = int(NR * 0.99 + 0.999); printf "p50 %.1f ms, p99 %.1f ms", a[int(NR/2+0.5)] * 1000, a[i] * 1000 }'; }
for path in /crime/compare /api/v1/crime/summary "/crime/compare?month=2017-06" "/api/v1/crime/summary?force=metropolitan&from=2016-01&to=2018-12"; do
  u="http://127.0.0.1:$port$path"
  first=$(curl -fs -o /dev/null -w '%{time_total}' "$u")
  for k in $(seq 1 200); do printf 'url = "%s"\noutput = /dev/null\n' "$u"; done > "$work/kept.cfg"
  sep='?'; case "$path" in *\?*) sep='&';; esac
  for k in $(seq 1 100); do printf 'url = "%s%sbench=%d"\noutput = /dev/null\n' "$u" "$sep" "$k"; done > "$work/fresh.cfg"
  kept=$(curl -s -K "$work/kept.cfg" -w '%{time_total}\n' | pct)
  fresh=$(curl -s -K "$work/fresh.cfg" -w '%{http_code} %{time_total}\n' | awk '$1 != 200 { bad++ } { print $2 } END { if (bad) print "non-200: " bad > "/dev/stderr" }' | pct)
  printf "  %s\n    first %.1f ms; kept: %s; renders: %s\n" "$path" "$(awk -v t="$first" 'BEGIN { print t * 1000 }')" "$kept" "$fresh"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
