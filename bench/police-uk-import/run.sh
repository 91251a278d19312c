#!/usr/bin/env bash
# Times opcc's police.uk import into a fresh SQLite database against DuckDB loading the same
# street files into a table and computing the same rollup. Run on demand (not a test):
#
#   bench/police-uk-import/run.sh [COPIES]
#
# The street files are every *-street.csv in ../shared/data/police_uk (Cheshire x3 months and
# six forces' 2019-01: 57k rows). COPIES (default 8) replicates them under fake force names
# (copyN-FORCE), for volume; fake forces have no force area, so their rows are placed in a
# local authority but counted as "unknown area" - the same lookups, one comparison fewer.
# Prints rows per second, peak memory (max RSS) and the ratios; record results in
# docs/performance-police-uk.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${OPCC_SHARED_DATA:-$repo/../shared/data}/police_uk"
copies="${1:-8}"
work="$(mktemp -d "${TMPDIR:-/tmp}/opcc-bench-police-uk.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "building opcc (release)..." >&2
(cd "$repo" && cargo build --release -q -p opcc)
opcc="$repo/target/release/opcc"

venv="$repo/target/bench-venv"
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
echo "$files street files, $rows rows (copies: $copies), $(nproc) cores"
zcat "$repo/crates/store/geo/lsoa_lad.csv.gz" > "$work/lsoa_lad.csv"

measure() { # label, command...: wall seconds and max RSS (kB) into $secs and $rss
  local label="$1"; shift
  /usr/bin/time -v -o "$work/$label.time" "$@" > "$work/$label.out" 2>&1 || { cat "$work/$label.out"; exit 1; }
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/$label.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$label.time")
}

measure opcc "$opcc" --database-url "sqlite://$work/opcc.db" --log-format text import police-uk "$work/in"
opcc_secs=$secs; opcc_rss=$rss
tail -1 "$work/opcc.out"
opcc_rollup=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*), sum(n) from crime_rollup').fetchone())" "$work/opcc.db")
measure duckdb "$venv/bin/python" "$here/duckdb_load.py" "$work/in" "$work/duck.db" "$work/lsoa_lad.csv"
duck_secs=$secs; duck_rss=$rss
cat "$work/duckdb.out"

awk -v r="$rows" -v os="$opcc_secs" -v orss="$opcc_rss" -v ds="$duck_secs" -v drss="$duck_rss" -v oroll="$opcc_rollup" 'BEGIN {
  printf "%-8s %10s %12s %14s\n", "", "seconds", "rows/s", "max RSS (MB)"
  printf "%-8s %10.2f %12.0f %14.1f   rollup (rows, sum) %s\n", "opcc", os, r/os, orss/1024, oroll
  printf "%-8s %10.2f %12.0f %14.1f\n", "duckdb", ds, r/ds, drss/1024
  printf "opcc/duckdb: time %.2fx, rows/s %.2fx, peak memory %.2fx\n", os/ds, ds/os, orss/drss
}'
