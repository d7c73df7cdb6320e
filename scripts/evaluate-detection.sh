#!/usr/bin/env bash
# The detection evaluation protocol in one command (docs/simulator.md, "Matching rules"; issue 12):
# for every seed x regime, simulate a run (or reuse one whose manifest matches), run detection on
# it, then score all runs together with one `nqflow evaluate` (per kind, regime, algorithm, variant,
# confidence level, with 95% Wilson intervals) and optionally enforce bars per regime.
#
# Defaults: the reporting seeds 901-905 x the 7 regimes = 35 runs of 2 days at `small` scale,
# 390-minute sessions, --history light. Day 1 is a trades-only history day (the volume baselines
# need a prior session, as in production); day 2 is the live day with full MBO and the only day
# scored (evaluate scores days with mbo.dbn), so 35 sessions = 227.5 session-hours. With
# --history full every day has MBO and every day is scored (2 x 35 sessions).
#
# Usage: scripts/evaluate-detection.sh [options] [-- extra 'nqflow evaluate' options]
#   --seeds "901 902 903 904 905"  seeds (env SEEDS; tuning: 101-110, docs/detection.md)
#   --regimes "quiet normal high_vol_trend gap_open expiration news_jump lunch_lull"
#                             regimes (env REGIMES); a simulator without --regime runs normal only
#   --scale small             small|medium|full (env SCALE)
#   --days 2                  days per run (env DAYS)
#   --session-minutes 390     (env SESSION_MINUTES)
#   --history light           light|full (env HISTORY)
#   --profile local           detect profile, name or YAML file (env PROFILE)
#   --variant NAME=PROFILE    repeatable (env VARIANTS="v1=a.yaml v3=b.yaml"): one detect run per
#                             variant into signals-NAME.jsonl, scored side by side (F1 per
#                             variant); without it one detect run with --profile into signals.jsonl
#   --require BARS            e.g. recall=0.9,precision=0.9,decoys=0.05 (env REQUIRE): exit 3
#                             naming each regime/metric that misses
#   --out DIR                 root of the runs and the report (env OUT, default /tmp/nqflow-eval)
#   --skip-detect             reuse existing signals files instead of running detect
# Writes DIR/report.txt (table) and DIR/report.json, and exits with evaluate's exit code.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NQFLOW="$ROOT/nqflow"

SEEDS="${SEEDS:-901 902 903 904 905}"
REGIMES="${REGIMES:-quiet normal high_vol_trend gap_open expiration news_jump lunch_lull}"
SCALE="${SCALE:-small}"
DAYS="${DAYS:-2}"
SESSION_MINUTES="${SESSION_MINUTES:-390}"
HISTORY="${HISTORY:-light}"
PROFILE="${PROFILE:-local}"
VARIANTS="${VARIANTS:-}"
REQUIRE="${REQUIRE:-}"
OUT="${OUT:-/tmp/nqflow-eval}"
SKIP_DETECT=0
EXTRA=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --seeds) SEEDS="$2"; shift 2 ;;
    --regimes) REGIMES="$2"; shift 2 ;;
    --scale) SCALE="$2"; shift 2 ;;
    --days) DAYS="$2"; shift 2 ;;
    --session-minutes) SESSION_MINUTES="$2"; shift 2 ;;
    --history) HISTORY="$2"; shift 2 ;;
    --profile) PROFILE="$2"; shift 2 ;;
    --variant) VARIANTS="${VARIANTS:+$VARIANTS }$2"; shift 2 ;;
    --require) REQUIRE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --skip-detect) SKIP_DETECT=1; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "evaluate-detection: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

log() { echo "evaluate-detection: $*" >&2; }

# The simulator learns --regime in issue 12; until then only the normal regime exists.
if "$NQFLOW" simulate --help 2>/dev/null | grep -q -- '--regime'; then
  HAS_REGIME=1
else
  HAS_REGIME=0
  wanted="$REGIMES"
  REGIMES=""
  for r in $wanted; do
    if [[ "$r" == normal ]]; then REGIMES="normal"; fi
  done
  if [[ "$wanted" != normal ]]; then
    log "this simulator has no --regime: running regime normal only (asked: $wanted)"
  fi
  if [[ -z "$REGIMES" ]]; then
    log "no regime left to run"; exit 2
  fi
fi

# Signals files: one per variant, or signals.jsonl from --profile.
NAMES=()
PROFILES=()
VARIANT_NAMES=()
if [[ -n "$VARIANTS" ]]; then
  for v in $VARIANTS; do
    if [[ "$v" != *=* ]]; then log "--variant wants NAME=PROFILE, got '$v'"; exit 2; fi
    VARIANT_NAMES+=("${v%%=*}")
    PROFILES+=("${v#*=}")
    NAMES+=("signals-${v%%=*}.jsonl")
  done
else
  VARIANT_NAMES+=("")
  PROFILES+=("$PROFILE")
  NAMES+=("signals.jsonl")
fi

# A run folder is reused when its manifest says it was simulated with the same settings.
manifest_matches() { # dir seed regime
  local m="$1/manifest.json" flat
  [[ -f "$m" && -f "$1/truth.jsonl" ]] || return 1
  flat="$(tr -d ' \n' <"$m")"
  [[ "$flat" == *"\"seed\":$2,"* ]] || return 1
  [[ "$flat" == *"\"scale\":\"$SCALE\""* ]] || return 1
  [[ "$flat" == *"\"session_minutes\":$SESSION_MINUTES,"* ]] || return 1
  [[ "$flat" == *"\"history\":\"$HISTORY\""* ]] || return 1
  [[ "$(grep -o '"date"' "$m" | wc -l)" -eq "$DAYS" ]] || return 1
  # The regime: from the manifest when it records one, else from the episodes (truth.jsonl).
  if [[ "$flat" == *'"regime"'* ]]; then
    [[ "$flat" == *"\"regime\":\"$3\""* ]] || return 1
  elif [[ -s "$1/truth.jsonl" ]]; then
    head -1 "$1/truth.jsonl" | tr -d ' ' | grep -q "\"regime\":\"$3\"" || return 1
  else
    [[ "$3" == normal ]] || return 1
  fi
}

mkdir -p "$OUT"
RUN_ARGS=()
for regime in $REGIMES; do
  for seed in $SEEDS; do
    dir="$OUT/$SCALE-${SESSION_MINUTES}m-$HISTORY-d$DAYS/$regime-$seed"
    if manifest_matches "$dir" "$seed" "$regime"; then
      log "reusing $dir"
    else
      rm -rf "$dir"
      args=(simulate --seed "$seed" --days "$DAYS" --scale "$SCALE" --history "$HISTORY"
        --session-minutes "$SESSION_MINUTES" --out "$dir")
      if [[ $HAS_REGIME -eq 1 ]]; then args+=(--regime "$regime"); fi
      log "./nqflow ${args[*]}"
      "$NQFLOW" "${args[@]}" >"$OUT/simulate.log" 2>&1 || { cat "$OUT/simulate.log" >&2; exit 1; }
    fi
    for i in "${!NAMES[@]}"; do
      signals="$dir/${NAMES[$i]}"
      if [[ $SKIP_DETECT -eq 1 && -f "$signals" ]]; then continue; fi
      args=(detect --input "$dir" --out "$signals" --profile "${PROFILES[$i]}")
      if [[ -n "${VARIANT_NAMES[$i]}" ]]; then args+=(--variant "${VARIANT_NAMES[$i]}"); fi
      log "./nqflow ${args[*]}"
      # detect exits 1 on bad input or dead letters but still writes its signals: score them,
      # and keep its summary line visible.
      "$NQFLOW" "${args[@]}" 2>"$OUT/detect.log" | grep '^detect:' >&2 || true
      [[ -f "$signals" ]] || { tail -20 "$OUT/detect.log" >&2; exit 1; }
    done
    RUN_ARGS+=(--run "$dir")
  done
done

EVAL_ARGS=("${RUN_ARGS[@]}")
for n in "${NAMES[@]}"; do EVAL_ARGS+=(--signals-name "$n"); done
EVAL_ARGS+=("${EXTRA[@]}")
log "./nqflow evaluate ${EVAL_ARGS[*]}${REQUIRE:+ --require $REQUIRE}"
"$NQFLOW" evaluate "${EVAL_ARGS[@]}" --json >"$OUT/report.json"
code=0
"$NQFLOW" evaluate "${EVAL_ARGS[@]}" ${REQUIRE:+--require "$REQUIRE"} | tee "$OUT/report.txt" || code=$?
log "report: $OUT/report.txt, $OUT/report.json"
exit $code
