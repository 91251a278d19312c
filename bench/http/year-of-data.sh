#!/usr/bin/env bash
# PREPARE hook for bench/http/run.sh: the demo, then a year (2018) of the home force's
# (Cheshire's) street data. The shared data holds three real months (2018-10..12); the other
# nine are those months again under shifted months (January from October, February from
# November, ...), their Month column rewritten, for volume. Usage: year-of-data.sh OPCC_BIN URL
set -euo pipefail
opcc="$1" url="$2"
here="$(cd "$(dirname "$0")" && pwd)"
data="${OPCC_SHARED_DATA:-$here/../../../shared/data}/police_uk"
work="$(mktemp -d "${TMPDIR:-/tmp}/opcc-year.XXXXXX")"
trap 'rm -rf "$work"' EXIT
OPCC_SHARED_DATA="$(dirname "$data")" "$opcc" --database-url "$url" demo >/dev/null
real=(10 11 12)
for m in 01 02 03 04 05 06 07 08 09; do
  src="2018-${real[$(( (10#$m - 1) % 3 ))]}"
  sed "s/^\([^,]*\),$src,/\1,2018-$m,/" "$data/$src/$src-cheshire-street.csv" > "$work/2018-$m-cheshire-street.csv"
done
"$opcc" --database-url "$url" import police-uk "$work" | tail -1
