#!/usr/bin/env bash
# Our LEXIMIN selection against PyPI sortition-algorithms (maximin with HiGHS, and the legacy
# greedy draw) on the same instances in the same run, printing each time and minimum.
#
#   bench/sortition/run.sh [SECONDS]      (SECONDS: the Python package's limit per run, 600)
#
# Instances: the paper's example_small_20 from the shared data, and its example_large_200
# (pool 2,000, panel 200, two categories) constructed here as the paper's replication data
# has it: 1 female conservative, 999 female liberals and 1,000 male conservatives, every
# feature at least 99 and at most 200 on the panel. Its optimal minimum probability is 10%.
# And a harder one of our own (make_instance.py): five categories, 1,000 volunteers, panel 60.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
limit=${1:-600}
target=${CARGO_TARGET_DIR:-$root/target}
shared=${OPCC_SHARED_DATA:-$root/../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

venv=$target/sortition-bench-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sortition_algorithms' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'sortition-algorithms==0.12.15'
fi

# A debug build: the solver crates are compiled optimised in every profile (Cargo.toml).
(cd "$root" && cargo build -q -p opcc)
opcc=$target/debug/opcc

mkdir -p "$work/large"
printf 'category,feature,min,max\ngender,female,99,200\ngender,male,99,200\nleaning,liberal,99,200\nleaning,conservative,99,200\n' \
  >"$work/large/categories.csv"
{
  echo gender,leaning
  echo female,conservative
  for _ in $(seq 999); do echo female,liberal; done
  for _ in $(seq 1000); do echo male,conservative; done
} >"$work/large/respondents.csv"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "commit: $(git -C "$root" rev-parse --short HEAD), $(date -u '+%d %B %Y')"
run() {
  local name=$1 dir=$2 panel=$3
  echo "== $name (panel $panel)"
  local started ended
  started=$(date +%s.%N)
  local said
  said=$("$opcc" assembly select "$dir/categories.csv" "$dir/respondents.csv" --panel "$panel" --seed 1 \
    --out "$work/out-$name")
  echo "opcc leximin: ${said%%$'\n'*}"
  ended=$(date +%s.%N)
  echo "opcc leximin wall time: $(echo "$ended - $started" | bc) s"
  for method in maximin legacy; do
    timeout "$limit" "$venv/bin/python" "$root/bench/sortition/compare.py" $method \
      "$dir/categories.csv" "$dir/respondents.csv" "$panel" \
      || echo "python $method: not finished within $limit s"
  done
}
mkdir -p "$work/five"
python3 "$root/bench/sortition/make_instance.py" "$work/five"
run example_small_20 "$shared/sortition/example_small_20" 20
run example_large_200 "$work/large" 200
run five_categories_1000 "$work/five" 60
