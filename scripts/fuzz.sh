#!/usr/bin/env bash
# Fuzzes the parsers of what comes from outside: police.uk rows, plan files, measure sheets
# (CSV, XLSX, ODS). Each target runs SECONDS (default 20) from its committed starting inputs
# (fuzz/starting-inputs/TARGET); what it finds goes to fuzz/artifacts/TARGET, and a crash fails the run.
# A crash found becomes a regression test beside the parser (see fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"

command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz

# The coverage instrumentation needs nightly features; on a machine with only the stable
# toolchain, RUSTC_BOOTSTRAP lets stable build them.
if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi
# No sanitizer: the code is safe Rust (unsafe_code is forbidden), so AddressSanitizer adds
# build time and not findings; coverage and panics are what count. The build has its own
# target folder, never the workspace's.
opts=(--release --sanitizer none --codegen-units 16 --fuzz-dir fuzz --target-dir fuzz/target)
"${fuzz[@]}" build "${opts[@]}"
for target in police_uk_rows plan_toml measure_sheet; do
  corpus="fuzz/corpus/$target"
  log="fuzz/target/$target.log"
  rm -rf "fuzz/artifacts/$target"
  mkdir -p "$corpus" "fuzz/artifacts/$target"
  # New inputs go to the (ignored) corpus folder; the starting inputs stay as committed.
  if ! "${fuzz[@]}" run "${opts[@]}" "$target" "$corpus" "fuzz/starting-inputs/$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
      -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz: $target FAILED; the input is in fuzz/artifacts/$target" >&2
    exit 1
  fi
  echo "fuzz: $target: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') inputs in ${seconds}s, no failure"
done
