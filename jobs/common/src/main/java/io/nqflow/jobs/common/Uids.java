package io.nqflow.jobs.common;

/**
 * Stable operator uids of every job (docs/design.md §8). Savepoint state is matched to operators by
 * these strings: changing one is a breaking change that needs a migration note in
 * docs/operations.md.
 */
public final class Uids {
  private Uids() {}

  // sources
  public static final String SOURCE_MARKET_EVENTS = "source-md-events";
  public static final String SOURCE_INSTRUMENTS = "source-md-instruments";
  public static final String SOURCE_FLOW_SIGNALS = "source-signals-flow";
  public static final String SOURCE_EXEC_EVENTS = "source-exec-events";
  public static final String SOURCE_COSTS = "source-ops-costs";
  public static final String SOURCE_CONTROL = "source-ops-control";

  // decoding of Kafka bytes (stateless, but named so the graph stays readable)
  public static final String DECODE_MARKET_EVENTS = "decode-md-events";
  public static final String DECODE_INSTRUMENTS = "decode-md-instruments";
  public static final String DECODE_FLOW_SIGNALS = "decode-signals-flow";
  public static final String DECODE_EXEC_EVENTS = "decode-exec-events";
  public static final String DECODE_COSTS = "decode-ops-costs";
  public static final String DECODE_CONTROL = "decode-ops-control";

  // flow-detection
  public static final String EVENT_ROUTER = "flow-event-router";
  public static final String VOLUME_RATIO = "flow-volume-ratio";
  public static final String SIGNAL_DEDUPE = "flow-signal-dedupe";

  // risk-gate
  public static final String RISK_SIGNAL_DEDUPE = "risk-signal-dedupe";
  public static final String RISK_GATE = "risk-gate";

  // sinks
  public static final String SINK_FLOW_SIGNALS = "sink-signals-flow";
  public static final String RISK_SIGN_INTENTS = "risk-sign-intents";
  public static final String SINK_ORDERS_APPROVED = "sink-orders-approved";
  public static final String SINK_ORDERS_REJECTED = "sink-orders-rejected";
  public static final String SINK_AUDIT = "sink-ops-audit";
  public static final String SINK_DEAD_LETTERS = "sink-ops-deadletter";

  // flow-detection (appended)
  public static final String FLOW_LATE_DEAD_LETTERS = "flow-late-dead-letters";
  // risk-gate: input selection and tagging (stateless, named so the graph stays readable)
  public static final String RISK_SIGNAL_VARIANT = "risk-signal-variant";
  public static final String RISK_INPUT_SIGNALS = "risk-input-signals";
  public static final String RISK_INPUT_EXEC = "risk-input-exec";
  public static final String RISK_INPUT_COSTS = "risk-input-costs";
  public static final String RISK_INPUT_CONTROL = "risk-input-control";
  public static final String RISK_INPUT_MARKS = "risk-input-marks";

  // risk-gate: the automatic HALT it writes to ops.control
  public static final String SINK_CONTROL = "sink-ops-control";

  public static final String MBO_PRESSURE = "flow-mbo-pressure";
  public static final String PATTERN_SWEEP = "flow-pattern-sweep";
  public static final String PATTERN_BLOCK = "flow-pattern-block";
  public static final String PATTERN_UNDERLYING_GATE = "flow-pattern-underlying-gate";
  public static final String FLOW_PATTERN_LATE_DEAD_LETTERS = "flow-pattern-late-dead-letters";

  // The iceberg, accumulation and ladder as keyed functions. Their CEP operators had the uids
  // "flow-pattern-iceberg", "flow-pattern-accumulation" and "flow-pattern-ladder" (retired: never
  // reuse them); a savepoint taken before holds CEP state under those, and restoring it needs
  // allowNonRestoredState once (docs/detection.md, "Upgrading across the keyed patterns").
  public static final String PATTERN_ICEBERG_KEYED = "flow-pattern-iceberg-keyed";
  public static final String PATTERN_ACCUMULATION_KEYED = "flow-pattern-accumulation-keyed";
  public static final String PATTERN_LADDER_KEYED = "flow-pattern-ladder-keyed";

  // flow-detection: the hedge and spread-leg confirmation between the detectors and the dedupe
  public static final String SIGNAL_CONFIRMATION = "flow-signal-confirmation";

  // chain-analytics: instruments joined with market events, the per-underlying chain state and
  // its rankings, and the opportunities' sink
  public static final String CHAIN_ROUTER = "chain-router";
  public static final String CHAIN_RANKER = "chain-ranker";
  public static final String SINK_OPPORTUNITIES = "sink-signals-opportunity";

  // risk-gate: signals.opportunity (read only when risk.opportunities.mode is not ignore)
  public static final String SOURCE_OPPORTUNITIES = "source-signals-opportunity";
  public static final String DECODE_OPPORTUNITIES = "decode-signals-opportunity";
  public static final String RISK_OPPORTUNITY_VARIANT = "risk-opportunity-variant";
  public static final String RISK_OPPORTUNITY_DEDUPE = "risk-opportunity-dedupe";
  public static final String RISK_INPUT_OPPORTUNITIES = "risk-input-opportunities";

  // risk-gate: eval.outcomes (read only when risk.validation.enabled)
  public static final String RISK_SOURCE_OUTCOMES = "source-eval-outcomes";
  public static final String RISK_DECODE_OUTCOMES = "decode-eval-outcomes";
  public static final String RISK_INPUT_OUTCOMES = "risk-input-outcomes";

  // risk-gate: MNQ options (read only when risk.execute_in is MICRO)
  public static final String RISK_MICRO_DEFINITIONS = "risk-micro-definitions";
  public static final String RISK_MICRO_EVENTS = "risk-micro-events";
  public static final String RISK_MICRO_QUOTES = "risk-micro-quotes";

  // signal-evaluation: the risk gate's decisions, the inputs turned into evaluation events, the
  // per-instrument outcome state and the eval.outcomes sink
  public static final String SOURCE_ORDERS_APPROVED = "source-orders-approved";
  public static final String DECODE_ORDERS_APPROVED = "decode-orders-approved";
  public static final String SOURCE_ORDERS_REJECTED = "source-orders-rejected";
  public static final String DECODE_ORDERS_REJECTED = "decode-orders-rejected";
  public static final String EVAL_INPUT_PRINTS = "eval-input-prints";
  public static final String EVAL_INPUT_SIGNALS = "eval-input-signals";
  public static final String EVAL_INPUT_APPROVED = "eval-input-approved";
  public static final String EVAL_INPUT_REJECTED = "eval-input-rejected";
  public static final String EVAL_INPUT_FILLS = "eval-input-fills";
  public static final String EVAL_OUTCOMES = "eval-outcomes";
  public static final String SINK_OUTCOMES = "sink-eval-outcomes";
}
