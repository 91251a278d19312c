#!/usr/bin/env bash
# Times opcc's police.uk import into a fresh database against DuckDB loading the same street
# files into a table and computing the same rollup, in the same run. Run on demand (not a test):
#
#   bench/police-uk-import/run.sh [COPIES]
#   BACKEND=postgres bench/police-uk-import/run.sh [COPIES]    # opcc into PostgreSQL (COPY)
#
# The street files are every *-street.csv in ../shared/data/police_uk (Cheshire x3 months and
# six forces' 2019-01: 52k rows). COPIES (default 8) replicates them under fake force names
# (copyN-FORCE), for volume; fake forces have no force area, so their rows are placed in a
# local authority but counted as "unknown area" - the same lookups, one comparison fewer. The
# database has no office set up, so every row is kept (as DuckDB keeps them).
#
# Prints time, rows per second, peak memory (max RSS), how much each database grew and bytes
# per row, the ratios, and the CPU other processes used meanwhile ("other cpu", in cores; a
# WARNING above 0.25: run again when the machine is quieter). On PostgreSQL, opcc's RSS is the
# client's only and "other cpu" includes the PostgreSQL server doing the writing.
#
# OPCC_BIN=path skips the release build; PG_URL (default postgres://postgres@127.0.0.1:5432)
# is the server where a scratch database is made and dropped. Record results in
# docs/performance-police-uk.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${OPCC_SHARED_DATA:-$repo/../shared/data}/police_uk"
copies="${1:-8}"
backend="${BACKEND:-sqlite}"
pg="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
work="$(mktemp -d "${TMPDIR:-/tmp}/opcc-bench-police-uk.XXXXXX")"
pgdb="opcc_bench_import_$$"
cleanup() {
  rm -rf "$work"
  if [ "$backend" = postgres ]; then psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

if [ -n "${OPCC_BIN:-}" ]; then
  opcc="$OPCC_BIN"
else
  echo "building opcc (release)..." >&2
  (cd "$repo" && cargo build --release -q -p opcc)
  opcc="${CARGO_TARGET_DIR:-$repo/target}/release/opcc"
fi

venv="${CARGO_TARGET_DIR:-$repo/target}/bench-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  echo "installing duckdb into $venv..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q duckdb
fi

mkdir -p "$work/in"
for c in $(seq 1 "$copies"); do
  for f in "$data"/*/*-street.csv; do
    base="$(basename "$f")"          # YYYY-MM-force-street.csv
    month="${base:0:7}"
    rest="${base:8}"
    if [ "$c" = 1 ]; then name="$base"; else name="$month-copy$c-$rest"; fi
    mkdir -p "$work/in/$month"
    ln -s "$f" "$work/in/$month/$name"
  done
done
rows=$(( $(cat "$work"/in/*/*.csv | wc -l) - $(ls "$work"/in/*/*.csv | wc -l) ))
files=$(ls "$work"/in/*/*.csv | wc -l)
echo "$files street files, $rows rows (copies: $copies), $(nproc) cores, opcc on $backend, load average $(cut -d' ' -f1-3 /proc/loadavg)"
zcat "$repo/crates/store/geo/lsoa_lad.csv.gz" > "$work/lsoa_lad.csv"

busy() { awk '/^cpu / {print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }
measure() { # label, command...: wall seconds, max RSS (kB) and other processes' cores
  local label="$1"; shift
  local b0 b1
  b0=$(busy)
  /usr/bin/time -v -o "$work/$label.time" "$@" > "$work/$label.out" 2>&1 || { cat "$work/$label.out"; exit 1; }
  b1=$(busy)
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/$label.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$label.time")
  own=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$work/$label.time")
  # Machine-wide busy time over the run, less the measured process's own CPU, in cores.
  other=$(awk -v a="$b0" -v b="$b1" -v own="$own" -v secs="$secs" -v n="$(nproc)" 'BEGIN {
    split(a, x, " "); split(b, y, " "); busy = (y[1]-x[1]) / (y[2]-x[2]) * n * secs;
    o = (busy - own) / secs; if (o < 0) o = 0; printf "%.2f", o }')
}

if [ "$backend" = postgres ]; then
  psql -q "$pg/postgres" -c "CREATE DATABASE $pgdb" >/dev/null
  url="$pg/$pgdb"
  size() { psql -tA "$url" -c "SELECT pg_database_size(current_database())"; }
  rollup_of() { psql -tA -F, "$url" -c "SELECT count(*), sum(n) FROM crime_rollup" | sed 's/^/(/; s/$/)/; s/,/, /'; }
else
  url="sqlite://$work/opcc.db"
  size() { cat "$work"/opcc.db* | wc -c; }
  rollup_of() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*), sum(n) from crime_rollup').fetchone())" "$work/opcc.db"; }
fi
"$opcc" --database-url "$url" --log-format text migrate > /dev/null
empty=$(size)
measure opcc "$opcc" --database-url "$url" --log-format text import police-uk "$work/in"
opcc_secs=$secs; opcc_rss=$rss; opcc_other=$other
tail -1 "$work/opcc.out"
opcc_size=$(( $(size) - empty ))
opcc_rollup=$(rollup_of)
measure duckdb "$venv/bin/python" "$here/duckdb_load.py" "$work/in" "$work/duck.db" "$work/lsoa_lad.csv"
duck_secs=$secs; duck_rss=$rss; duck_other=$other
cat "$work/duckdb.out"
duck_size=$(cat "$work"/duck.db* | wc -c)

awk -v r="$rows" -v os="$opcc_secs" -v orss="$opcc_rss" -v ds="$duck_secs" -v drss="$duck_rss" \
    -v osz="$opcc_size" -v dsz="$duck_size" -v oo="$opcc_other" -v do_="$duck_other" \
    -v oroll="$opcc_rollup" -v be="$backend" 'BEGIN {
  printf "%-14s %9s %10s %13s %13s %10s %10s\n", "", "seconds", "rows/s", "max RSS (MB)", "grew (MB)", "bytes/row", "other cpu"
  printf "%-14s %9.2f %10.0f %13.1f %13.1f %10.1f %10.2f   rollup (rows, sum) %s\n", "opcc " be, os, r/os, orss/1024, osz/1048576, osz/r, oo, oroll
  printf "%-14s %9.2f %10.0f %13.1f %13.1f %10.1f %10.2f\n", "duckdb", ds, r/ds, drss/1024, dsz/1048576, dsz/r, do_
  printf "opcc/duckdb: time %.2fx, rows/s %.2fx, peak memory %.2fx, size %.2fx\n", os/ds, ds/os, orss/drss, osz/dsz
  if (oo > 0.25 || do_ > 0.25) print "WARNING: other work used over 0.25 cores during a run; the figures are disturbed, run again on a quieter machine"
}'
