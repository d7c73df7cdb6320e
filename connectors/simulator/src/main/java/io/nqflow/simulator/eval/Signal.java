package io.nqflow.simulator.eval;

/**
 * The fields of one detector signal (docs/design.md §7, "signals (detect)") the scorer uses.
 *
 * @param signalId unique id
 * @param variant A/B variant name
 * @param algorithm detector name
 * @param instrumentId instrument the signal is about
 * @param direction BULLISH, BEARISH or NEUTRAL
 * @param tsEvent event time of the triggering market event, ns
 * @param confidence confidence bucket (LOW, MODERATE, HIGH, VERY_HIGH, EXTREME), "" if absent
 * @param score the algorithm's score (its own scale), NaN if absent
 */
public record Signal(
    String signalId,
    String variant,
    String algorithm,
    int instrumentId,
    String direction,
    long tsEvent,
    String confidence,
    double score) {

  /** A signal without confidence or score. */
  public Signal(
      String signalId,
      String variant,
      String algorithm,
      int instrumentId,
      String direction,
      long tsEvent) {
    this(signalId, variant, algorithm, instrumentId, direction, tsEvent, "", Double.NaN);
  }

  /** The same signal under another variant label. */
  public Signal withVariant(String v) {
    return new Signal(signalId, v, algorithm, instrumentId, direction, tsEvent, confidence, score);
  }
}
