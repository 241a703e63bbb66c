#!/usr/bin/env bash
# Runs the test suite (vitest, after `npm test` has set things up once) several
# times back to back while another process keeps one core busy, to find tests
# that depend on wall-clock margins. One line per run in the summary.
#
#   scripts/stress-tests.sh [RUNS=10] [SUMMARY=stress-summary.log]
set -u
cd "$(dirname "$0")/.."
runs=${1:-10}
summary=${2:-stress-summary.log}
yes > /dev/null &
burner=$!
trap 'kill $burner 2>/dev/null' EXIT
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  npx vitest run > "stress-run-$i.log" 2>&1
  rc=$?
  echo "run $i: exit $rc, $(( $(date +%s) - start )) s, $(grep -E '^tests:' "stress-run-$i.log")" | tee -a "$summary"
done
