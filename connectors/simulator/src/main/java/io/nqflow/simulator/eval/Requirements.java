package io.nqflow.simulator.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Quality bars checked per regime (and per variant): {@code recall=0.9,precision=0.9,decoys=0.05}.
 * recall, precision and f1 are minimums; decoys (share of decoys signalled) and false_per_hour are
 * maximums. Point estimates are compared, the interval is printed alongside.
 *
 * @param bars the bars, in the order given
 */
public record Requirements(List<Bar> bars) {

  /**
   * One bar.
   *
   * @param metric recall, precision, f1, decoys or false_per_hour
   * @param threshold the bar
   */
  public record Bar(String metric, double threshold) {
    /** Whether the figure must be at least the threshold (else at most). */
    public boolean minimum() {
      return !metric.equals("decoys") && !metric.equals("false_per_hour");
    }
  }

  private static final List<String> METRICS =
      List.of("recall", "precision", "f1", "decoys", "false_per_hour");

  public Requirements {
    bars = List.copyOf(bars);
  }

  /** Parses {@code metric=value[,metric=value...]}; fails naming the bad part. */
  public static Requirements parse(String spec) {
    List<Bar> bars = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String metric = eq < 0 ? p : p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (eq < 0 || !METRICS.contains(metric)) {
        throw new IllegalArgumentException(
            "invalid requirement '" + p + "': expected METRIC=VALUE with METRIC one of " + METRICS);
      }
      try {
        bars.add(new Bar(metric, Double.parseDouble(p.substring(eq + 1).trim())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid requirement '" + p + "': not a number", e);
      }
    }
    if (bars.isEmpty()) {
      throw new IllegalArgumentException("empty requirement '" + spec + "'");
    }
    return new Requirements(bars);
  }

  /** Every regime/metric that misses its bar, one line each; empty when all hold. */
  public List<String> misses(ProtocolReport r) {
    List<String> out = new ArrayList<>();
    if (r.sessions().isEmpty()) {
      out.add("no session was scored");
      return out;
    }
    boolean named = r.variants().size() > 1;
    for (VariantReport v : r.variants()) {
      for (Map.Entry<String, Tally> e : v.perRegime().entrySet()) {
        Tally t = e.getValue();
        for (Bar b : bars) {
          double x = value(t, b.metric());
          boolean ok = b.minimum() ? x >= b.threshold() : x <= b.threshold();
          if (!ok) {
            out.add(
                String.format(
                    Locale.ROOT,
                    "%sregime %s: %s %s %s %s",
                    named ? "variant " + v.variant() + ", " : "",
                    e.getKey(),
                    b.metric(),
                    shown(t, b.metric()),
                    b.minimum() ? "below" : "above",
                    SessionScorer.num(b.threshold())));
          }
        }
      }
    }
    return out;
  }

  private static double value(Tally t, String metric) {
    return switch (metric) {
      case "recall" -> t.recall().value();
      case "precision" -> t.precision().value();
      case "f1" -> t.f1();
      case "decoys" -> t.decoysSignalledShare().value();
      case "false_per_hour" -> t.falsePerHour();
      default -> throw new IllegalStateException(metric);
    };
  }

  private static String shown(Tally t, String metric) {
    return switch (metric) {
      case "recall" -> t.recall().withInterval() + " (" + t.recall() + ")";
      case "precision" -> t.precision().withInterval() + " (" + t.precision() + ")";
      case "decoys" ->
          t.decoysSignalledShare().withInterval() + " (" + t.decoysSignalledShare() + ")";
      case "f1" -> String.format(Locale.ROOT, "%.3f", t.f1());
      default ->
          String.format(
              Locale.ROOT, "%.3f (%d in %.1f h)", t.falsePerHour(), t.falseSignals(), t.hours());
    };
  }
}
