#!/usr/bin/env bash
# Mutation testing with cargo-mutants over the state machine, policy, calendar and SLA code
# (not part of CI: the whole of it takes hours on two cores).
#
#   scripts/mutants.sh [FILE...]         (default: src/machine.rs src/policy.rs src/calendar/ src/sla/)
#
# Extra cargo-mutants options can be passed in MUTANTS_ARGS; on two shared cores, take a
# shard and only the tests that exercise the file (-C passes them to the build too), e.g.
#   MUTANTS_ARGS="--shard 0/6 -C=--test=lifecycle_rules -C=--test=lifecycle_matrix \
#     -C=--test=lifecycle_props -C=--test=lifecycle_hardening" scripts/mutants.sh src/machine.rs
# Results land in mutants.out/ (outcomes.json, caught.txt, missed.txt, timeout.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-mutants >/dev/null 2>&1; then
  cargo install cargo-mutants --locked
fi

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(src/machine.rs src/policy.rs src/calendar/ src/sla/)
fi
args=()
for f in "${files[@]}"; do
  case "$f" in
    */) args+=(--file "${f}**/*.rs") ;;
    *) args+=(--file "$f") ;;
  esac
done

# shellcheck disable=SC2086
nice -n 19 cargo mutants --no-shuffle --timeout 120 --jobs 1 --all-features \
  "${args[@]}" ${MUTANTS_ARGS:-}
