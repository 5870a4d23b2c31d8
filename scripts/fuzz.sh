#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a while each (not part of CI).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 600 s, every target)
#
# Needs a nightly toolchain for the sanitizer flags cargo-fuzz passes (`cargo +nightly`);
# with only a stable toolchain it sets RUSTC_BOOTSTRAP=1 and builds without a sanitizer.
# Installs cargo-fuzz if missing. Runs niced. Seeds come from tests/fuzz_regressions/<target>/;
# a crash is left in fuzz/artifacts/<target>/: copy it into tests/fuzz_regressions/<target>/
# once fixed, so that tests/fuzz_regressions.rs replays it for ever.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(replay_history load_configs load_pipeline rule_scorer calendar_arithmetic sla_evaluate)
fi

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
  sanitizer=()
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
  sanitizer=(--sanitizer none)
fi

for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  cp -n tests/fuzz_regressions/"$target"/* "$corpus"/ 2>/dev/null || true
  # Whole pipeline documents (the golden ones, JSON and TOML, are 6-9 KB) need room.
  max_len=4096
  if [ "$target" = load_pipeline ]; then max_len=16384; fi
  echo "== $target for ${seconds}s"
  nice -n 19 "${fuzz[@]}" run "${sanitizer[@]}" -O "$target" "$corpus" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1
done
