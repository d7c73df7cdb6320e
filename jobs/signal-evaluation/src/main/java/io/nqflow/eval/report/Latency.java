package io.nqflow.eval.report;

import io.nqflow.eval.v1.SignalOutcome;
import java.util.Arrays;
import java.util.List;

/**
 * The latency distribution of a variant: signal-to-fill ({@code signal_to_fill_ns}) of the traded
 * outcomes when any has one, else time to outcome ({@code time_to_outcome_ns}) of the decided ones;
 * in milliseconds when the largest is under 10 s, else in seconds.
 *
 * @param measure which latency ("signal to fill" or "time to outcome")
 * @param unit "ms" or "s"
 * @param values the values in {@code unit}, ascending
 */
public record Latency(String measure, String unit, double[] values) {

  /** The latency of {@code outcomes}. */
  public static Latency of(List<SignalOutcome> outcomes) {
    long[] ns =
        outcomes.stream()
            .filter(o -> o.getSignalToFillNs() != null)
            .mapToLong(SignalOutcome::getSignalToFillNs)
            .toArray();
    String measure = "signal to fill";
    if (ns.length == 0) {
      measure = "time to outcome";
      ns =
          outcomes.stream()
              .filter(o -> Equity.decided(o) && o.getTimeToOutcomeNs() != null)
              .mapToLong(SignalOutcome::getTimeToOutcomeNs)
              .toArray();
    }
    long max = Arrays.stream(ns).max().orElse(0);
    boolean ms = max < 10_000_000_000L;
    double div = ms ? 1e6 : 1e9;
    double[] v = Arrays.stream(ns).mapToDouble(x -> x / div).sorted().toArray();
    return new Latency(measure, ms ? "ms" : "s", v);
  }

  /** The largest value (0 without values). */
  public double max() {
    return values.length == 0 ? 0 : values[values.length - 1];
  }

  /**
   * Nearest-rank percentile: the value at rank ceil(p x n) (1-based) of the ascending values; NaN
   * without values.
   */
  public double percentile(double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * values.length);
    return values[Math.min(values.length, Math.max(1, rank)) - 1];
  }

  /** Counts of {@code bins} equal-width bins from 0 to {@link #max()} (the last bin closed). */
  public long[] histogram(int bins) {
    long[] c = new long[bins];
    double hi = max();
    for (double v : values) {
      int i = hi <= 0 ? 0 : (int) Math.min(bins - 1, Math.floor(v / hi * bins));
      c[Math.max(0, i)]++;
    }
    return c;
  }
}
