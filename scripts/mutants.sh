#!/usr/bin/env bash
# Mutation testing with cargo-mutants (not part of CI).
#
#   scripts/mutants.sh [AREA...]
#
# AREA: machine policy calendar sla (the default: the four the hardening issue holds to 90%),
# or scoring metrics routing forecast worklist config core (core: the other files of src/,
# for the crate-wide figure).
#
# The fast configuration, by default: each area's mutants are tested against only the test
# targets that exercise it (passed to the build too, with -C, so the other ~50 integration
# tests are neither rebuilt nor relinked per mutant), with cargo-nextest, no debug info, the
# features those tests need (not schema/config/json), one job at nice 19, and the
# dependencies built once in a target directory shared between runs (MUTANTS_TARGET_DIR).
# Measured on the 2 shared cores (load 5-10, nice 19; build + test phases a mutant):
# machine ~9 s, policy ~16 s, calendar ~15 s (plus 90 s for each timeout), sla ~7 s, against
# ~120 s a mutant for the whole suite with all features. The first run also builds the
# dependencies (~4 min); a later run's baseline takes ~20-50 s. The schemars impls (feature
# `schema`, not built here) are excluded. Doc examples are not run (nextest), so a mutant
# only a doc example would catch shows as missed.
#
# Extra cargo-mutants options in MUTANTS_ARGS, e.g. a uniform sample of every 6th mutant:
#   MUTANTS_ARGS="--sharding round-robin --shard 0/6" scripts/mutants.sh machine policy
#   MUTANTS_ARGS="--list" scripts/mutants.sh calendar          # just list them
# PROPTEST_CASES (default 32) applies to properties without their own case count only.
# Results land in mutants.out.AREA[.$MUTANTS_TAG]/mutants.out/ (outcomes.json, caught.txt,
# missed.txt, timeout.txt, unviable.txt), git-ignored.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-mutants >/dev/null 2>&1; then
  cargo install cargo-mutants --locked
fi
test_tool=()
if command -v cargo-nextest >/dev/null 2>&1; then
  test_tool=(--test-tool nextest)
fi

areas=("$@")
if [ ${#areas[@]} -eq 0 ]; then
  areas=(machine policy calendar sla)
fi

lifecycle_tests=(lifecycle_rules lifecycle_matrix lifecycle_model lifecycle_props
  lifecycle_hardening lifecycle_sub_status lifecycle_policy_edges scoring_guard)

export CARGO_PROFILE_DEV_DEBUG=0
export PROPTEST_CASES="${PROPTEST_CASES:-32}" # properties without their own case count
export CARGO_TARGET_DIR="${MUTANTS_TARGET_DIR:-$PWD/target/mutants}"

for area in "${areas[@]}"; do
  features="serde tz proptest"
  case "$area" in
    machine) files=(src/machine.rs) tests=("${lifecycle_tests[@]}") ;;
    policy) files=(src/policy.rs) tests=("${lifecycle_tests[@]}") ;;
    calendar)
      files=("src/calendar/**/*.rs")
      tests=(--lib calendar_rules calendar_dst calendar_reference calendar_serde sla_calendar
        bounds_resources calendar_edges)
      ;;
    sla)
      files=("src/sla/**/*.rs")
      tests=(sla_goals sla_validation sla_calendar sla_batch sla_props sla_strategies sla_golden
        bounds_resources sla_edges)
      ;;
    scoring)
      files=("src/scoring/**/*.rs")
      tests=(--lib scoring_bayes scoring_bayes_encoded scoring_calibration scoring_golden
        scoring_encoded_golden scoring_guard scoring_props scoring_rules scoring_rules_encoded
        bounds_arithmetic bounds_resources)
      ;;
    metrics)
      files=("src/metrics/**/*.rs")
      tests=(--lib metrics_fixed metrics_merge metrics_serde bounds_arithmetic)
      ;;
    routing)
      files=("src/routing/**/*.rs")
      tests=(--lib routing_config routing_golden routing_handoff routing_props routing_rules
        bounds_resources)
      ;;
    forecast)
      files=("src/forecast/**/*.rs")
      tests=(--lib forecast_fixed forecast_golden forecast_props)
      ;;
    worklist)
      files=("src/worklist/**/*.rs")
      tests=(--lib worklist_order worklist_props worklist_serde)
      ;;
    config)
      files=("src/config/**/*.rs")
      tests=(--lib config_errors config_golden config_props json_pipeline fuzz_regressions)
      features="serde tz proptest config json"
      ;;
    core)
      # Every top-level file of src/ but the machine and the policy (areas of their own).
      files=()
      for f in src/*.rs; do
        case "$f" in src/machine.rs | src/policy.rs | src/lib.rs) ;; *) files+=("$f") ;; esac
      done
      tests=(--lib "${lifecycle_tests[@]}" golden_events json_event_decoder json_facade
        personal_data bounds_arithmetic bounds_resources memory calendar_dst calendar_rules
        sla_batch metrics_fixed fuzz_regressions json_pipeline)
      features="serde tz proptest json config"
      ;;
    *)
      echo "unknown area $area (machine policy calendar sla scoring metrics routing" \
        "forecast worklist config core)" >&2
      exit 2
      ;;
  esac
  args=()
  for f in "${files[@]}"; do args+=(--file "$f"); done
  for t in "${tests[@]}"; do
    case "$t" in
      --lib) args+=(-C=--lib) ;;
      *) args+=("-C=--test=$t") ;;
    esac
  done
  echo "== $area"
  # shellcheck disable=SC2086
  out="mutants.out.$area${MUTANTS_TAG:+.$MUTANTS_TAG}"
  nice -n 19 cargo mutants "${test_tool[@]}" --timeout 90 --build-timeout 900 --jobs 1 \
    --features "$features" --exclude-re JsonSchema --output "$out" \
    "${args[@]}" ${MUTANTS_ARGS:-} || true
done
