package io.nqflow.simulator.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * Scores of a signals file against a truth file: overall, per episode kind and per algorithm.
 * Latencies are milliseconds; a ratio with an empty denominator is 0.
 */
public record EvaluationReport(
    long graceMs,
    Scores overall,
    Map<String, KindScores> perKind,
    Map<String, Scores> perAlgorithm) {

  /**
   * Precision/recall for a set of signals.
   *
   * @param signals signals scored
   * @param truePositiveSignals signals matching at least one true episode
   * @param decoyFalsePositives signals matching a decoy and no true episode
   * @param unmatchedSignals signals matching no episode at all
   * @param episodes true episodes (expect_signal)
   * @param detected true episodes with at least one matching signal
   * @param decoys decoy episodes
   * @param decoysSignalled decoys with at least one signal in their window
   * @param latency detection latency over detected episodes
   */
  public record Scores(
      long signals,
      long truePositiveSignals,
      long decoyFalsePositives,
      long unmatchedSignals,
      long episodes,
      long detected,
      long decoys,
      long decoysSignalled,
      Latency latency) {
    public double precision() {
      return signals == 0 ? 0 : truePositiveSignals / (double) signals;
    }

    public double recall() {
      return episodes == 0 ? 0 : detected / (double) episodes;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  /**
   * Scores of one episode kind.
   *
   * @param expectSignal whether the kind is a true pattern (false for decoys)
   * @param episodes episodes of the kind
   * @param signalled episodes with at least one matching signal
   * @param matchingSignals signals matching episodes of the kind
   * @param latency detection latency over signalled episodes (true kinds)
   */
  public record KindScores(
      boolean expectSignal, long episodes, long signalled, long matchingSignals, Latency latency) {
    public double recall() {
      return episodes == 0 ? 0 : signalled / (double) episodes;
    }
  }

  /** Detection latency statistics in milliseconds (count 0: all zero). */
  public record Latency(long count, double meanMs, double medianMs, double p90Ms, double maxMs) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Machine-readable form (snake_case keys). */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("grace_ms", graceMs);
    scores(root.putObject("overall"), overall);
    ObjectNode kinds = root.putObject("per_kind");
    perKind.forEach(
        (k, v) -> {
          ObjectNode o = kinds.putObject(k);
          o.put("expect_signal", v.expectSignal());
          o.put("episodes", v.episodes());
          o.put("signalled", v.signalled());
          o.put("matching_signals", v.matchingSignals());
          o.put("recall", round(v.recall()));
          latency(o.putObject("latency_ms"), v.latency());
        });
    ObjectNode algos = root.putObject("per_algorithm");
    perAlgorithm.forEach((k, v) -> scores(algos.putObject(k), v));
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void scores(ObjectNode o, Scores s) {
    o.put("signals", s.signals());
    o.put("true_positive_signals", s.truePositiveSignals());
    o.put("decoy_false_positives", s.decoyFalsePositives());
    o.put("unmatched_signals", s.unmatchedSignals());
    o.put("episodes", s.episodes());
    o.put("detected", s.detected());
    o.put("decoys", s.decoys());
    o.put("decoys_signalled", s.decoysSignalled());
    o.put("precision", round(s.precision()));
    o.put("recall", round(s.recall()));
    o.put("f1", round(s.f1()));
    latency(o.putObject("latency_ms"), s.latency());
  }

  private static void latency(ObjectNode o, Latency l) {
    o.put("count", l.count());
    o.put("mean", round(l.meanMs()));
    o.put("median", round(l.medianMs()));
    o.put("p90", round(l.p90Ms()));
    o.put("max", round(l.maxMs()));
  }

  private static double round(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }

  /** Human-readable tables. */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "grace %d ms%n%n", graceMs));
    String head = "%-22s %8s %8s %8s %7s %7s %7s %10s %10s %8s%n";
    String row = "%-22s %8d %8d %8d %7.3f %7.3f %7.3f %10.1f %10.1f %8d%n";
    b.append(
        String.format(
            Locale.ROOT,
            head,
            "algorithm",
            "signals",
            "episodes",
            "detected",
            "prec",
            "recall",
            "f1",
            "lat_med_ms",
            "lat_p90_ms",
            "decoy_fp"));
    line(b, row, "ALL", overall);
    perAlgorithm.forEach((k, v) -> line(b, row, k, v));
    b.append(String.format(Locale.ROOT, "%n"));
    b.append(
        String.format(
            Locale.ROOT,
            "%-16s %6s %8s %9s %7s %8s %10s %10s%n",
            "kind",
            "expect",
            "episodes",
            "signalled",
            "recall",
            "signals",
            "lat_med_ms",
            "lat_p90_ms"));
    perKind.forEach(
        (k, v) ->
            b.append(
                String.format(
                    Locale.ROOT,
                    "%-16s %6s %8d %9d %7.3f %8d %10.1f %10.1f%n",
                    k,
                    v.expectSignal() ? "yes" : "no",
                    v.episodes(),
                    v.signalled(),
                    v.recall(),
                    v.matchingSignals(),
                    v.latency().medianMs(),
                    v.latency().p90Ms())));
    return b.toString();
  }

  private static void line(StringBuilder b, String row, String name, Scores s) {
    b.append(
        String.format(
            Locale.ROOT,
            row,
            name,
            s.signals(),
            s.episodes(),
            s.detected(),
            s.precision(),
            s.recall(),
            s.f1(),
            s.latency().medianMs(),
            s.latency().p90Ms(),
            s.decoyFalsePositives()));
  }
}
