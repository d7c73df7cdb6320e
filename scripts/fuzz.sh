#!/usr/bin/env bash
# Long fuzz runs (docs/reliability.md): runs each Jazzer fuzz target, one after the other, for
# N executions (default 1,000,000) and prints Jazzer's final figures per target: executions,
# duration, exec/s, crashes, corpus size, coverage, and the machine's load.
#
#   scripts/fuzz.sh [--executions N] [--max-seconds S] [target...]
#
# Targets: dbn (DBN decoder), databento (live protocol), avro (every topic's records and dead
# letters), config (config loader); all four when none is named. A run stops at N executions, at
# S seconds (default 7200) or at its first crash. The generated corpus of a target grows in
# <module>/.cifuzz-corpus/ (not in git) and is reused by the next run; a crashing input is written
# to <module>/src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>, where the normal
# build replays it (see docs/reliability.md, "Reproducing a crash").
#
# Extra Maven arguments come from MVN_ARGS, e.g. MVN_ARGS="-o -Dmaven.repo.local=/path/m2".
# The build's own short runs use the same tests (nqflow.fuzz.* properties of the parent pom).
set -euo pipefail
cd "$(dirname "$0")/.."

executions=1000000
max_seconds=7200
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --executions) executions="$2"; shift 2 ;;
    --max-seconds) max_seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    dbn|databento|avro|config) targets+=("$1"); shift ;;
    *) echo "fuzz.sh: unknown argument '$1' (targets: dbn databento avro config)" >&2; exit 2 ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(dbn databento avro config)

module_of() {
  case "$1" in
    dbn) echo "connectors/dbn DbnDecoderFuzzTest io.nqflow.dbn.DbnDecoderFuzzTest/decode" ;;
    databento) echo "connectors/databento LiveProtocolFuzzTest io.nqflow.databento.LiveProtocolFuzzTest/session" ;;
    avro) echo "jobs/common TopicRecordFuzzTest io.nqflow.jobs.common.TopicRecordFuzzTest/decode" ;;
    config) echo "core ConfigLoaderFuzzTest io.nqflow.core.config.ConfigLoaderFuzzTest/load" ;;
  esac
}

mkdir -p target/fuzz
summary=target/fuzz/summary.txt
: > "$summary"
status=0
for t in "${targets[@]}"; do
  read -r module test corpus <<<"$(module_of "$t")"
  log="target/fuzz/$t.log"
  echo "fuzz.sh: $t ($module $test): up to $executions executions or $max_seconds s; log $log" >&2
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  start=$(date +%s)
  rc=0
  # shellcheck disable=SC2086
  mvn -B -ntp ${MVN_ARGS:-} -pl "$module" -am test \
    -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    -Dnqflow.fuzz.runs="$executions" -Dnqflow.fuzz.seconds="$max_seconds" \
    -Dnqflow.fuzz.rss.mb=4096 -Dnqflow.fuzz.seed=0 >"$log" 2>&1 || rc=$?
  end=$(date +%s)
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
  execs="$(grep -E '^stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')"
  rate="$(grep -E '^stat::average_exec_per_sec' "$log" | tail -1 | awk '{print $2}')"
  cov="$(sed -nE 's/.* cov: ([0-9]+) ft: ([0-9]+) .*/\1 edges, \2 features/p' <<<"$done_line")"
  corp="$(sed -nE 's/.* corp: ([0-9]+)\/([0-9A-Za-z]+) .*/\1 inputs, \2/p' <<<"$done_line")"
  crash="$(grep -E 'Test unit written to' "$log" | sed -E 's/.*Test unit written to //' | head -1 || true)"
  corpus_dir="$module/.cifuzz-corpus/${corpus%/*}/${corpus#*/}"
  corpus_files="$(find "$corpus_dir" -type f 2>/dev/null | wc -l)"
  if [[ $rc -ne 0 || -n "$crash" ]]; then status=1; fi
  {
    echo "== $t ($module $test)"
    echo "executions:   ${execs:-?} (asked $executions)"
    echo "duration:     $((end - start)) s wall for the whole Maven run"
    echo "exec/s:       ${rate:-?}"
    echo "crashes:      $([[ -n "$crash" ]] && echo "1: $crash" || { [[ $rc -eq 0 ]] && echo 0 || echo "? (Maven exit $rc, see $log)"; })"
    echo "corpus:       ${corp:-?} in the final run; $corpus_files files in $corpus_dir"
    echo "coverage:     ${cov:-?}"
    echo "load (1/5/15 min): before $load_before, after $load_after; $(nproc) cores"
    echo "final line:   ${done_line:-none}"
  } | tee -a "$summary"
done
echo "fuzz.sh: summary in $summary" >&2
exit $status
