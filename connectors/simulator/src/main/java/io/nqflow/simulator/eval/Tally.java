package io.nqflow.simulator.eval;

/**
 * Counts of one slice of an evaluation (everything, a kind, a regime, an algorithm, a confidence
 * level), with the derived shares. Signals are classified against every episode of their session
 * (docs/simulator.md, "Matching rules"); episodes and decoys are those of the slice.
 *
 * @param signals signals in the slice
 * @param truePositives of which matching at least one true episode
 * @param decoyFalsePositives matching a decoy and no true episode
 * @param unmatched matching no episode
 * @param matching signals matching at least one episode of the slice (per kind)
 * @param episodes true episodes in the slice
 * @param detected true episodes matched by a signal of the slice
 * @param decoys decoys in the slice
 * @param decoysSignalled decoys matched by a signal of the slice
 * @param latency detection latency over detected episodes
 * @param sessions sessions the slice covers
 * @param hours session-hours the slice covers
 */
public record Tally(
    long signals,
    long truePositives,
    long decoyFalsePositives,
    long unmatched,
    long matching,
    long episodes,
    long detected,
    long decoys,
    long decoysSignalled,
    EvaluationReport.Latency latency,
    int sessions,
    double hours) {

  public Proportion precision() {
    return Proportion.of(truePositives, signals);
  }

  public Proportion recall() {
    return Proportion.of(detected, episodes);
  }

  /** Share of decoys with at least one signal (lower is better). */
  public Proportion decoysSignalledShare() {
    return Proportion.of(decoysSignalled, decoys);
  }

  public double f1() {
    double p = precision().value();
    double r = recall().value();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  public long falseSignals() {
    return signals - truePositives;
  }

  /** False signals (decoy or unmatched) per session-hour; 0 without hours. */
  public double falsePerHour() {
    return hours == 0 ? 0 : falseSignals() / hours;
  }

  public double signalsPerHour() {
    return hours == 0 ? 0 : signals / hours;
  }
}
