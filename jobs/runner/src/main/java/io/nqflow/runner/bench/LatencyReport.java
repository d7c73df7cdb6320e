package io.nqflow.runner.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Percentiles per hop of a benchmark run, as a table and as JSON. */
final class LatencyReport {
  /** The target of both end-to-end paths (docs/design.md §8). */
  static final double TARGET_P99_MS = 50.0;

  /** Nearest-rank percentiles of one hop, in ms. */
  record Figures(String name, String key, boolean target, int count, double[] ms) {
    double pct(double p) {
      if (ms.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.ceil(p * ms.length) - 1;
      return ms[Math.max(0, Math.min(ms.length - 1, i))];
    }

    double max() {
      return ms.length == 0 ? Double.NaN : ms[ms.length - 1];
    }
  }

  private final List<SignalHops> signals;
  private final List<Figures> figures = new ArrayList<>();
  private final Map<String, Object> run;

  /**
   * @param run what was run (rate, events, load...), printed first and written to the JSON as is
   */
  LatencyReport(List<SignalHops> signals, Map<String, Object> run) {
    this.signals = signals;
    this.run = run;
    for (SignalHops.Hop hop : SignalHops.HOPS) {
      double[] ms = new double[signals.size()];
      int n = 0;
      for (SignalHops s : signals) {
        long from = hop.from().of(s);
        long to = hop.to().of(s);
        if (from > 0 && to > 0) {
          ms[n++] = (to - from) / 1e6;
        }
      }
      ms = Arrays.copyOf(ms, n);
      Arrays.sort(ms);
      figures.add(new Figures(hop.name(), hop.key(), hop.target(), n, ms));
    }
  }

  List<Figures> figures() {
    return figures;
  }

  /**
   * EVENT -> SIGNAL RECEIVED per detector: a detector that waits for something (a timer, the
   * watermark) shows here rather than in a hop.
   */
  List<Figures> byAlgorithm() {
    Map<String, List<Double>> ms = new java.util.TreeMap<>();
    for (SignalHops s : signals) {
      if (s.publish() > 0 && s.signalReceived() > 0) {
        ms.computeIfAbsent(s.algorithm(), a -> new ArrayList<>())
            .add((s.signalReceived() - s.publish()) / 1e6);
      }
    }
    List<Figures> out = new ArrayList<>();
    for (var e : ms.entrySet()) {
      double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      out.add(new Figures("  " + e.getKey(), e.getKey(), false, v.length, v));
    }
    return out;
  }

  Figures figures(String key) {
    return figures.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
  }

  String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-34s %7s %9s %9s %9s %9s%n",
            "hop (ms)",
            "count",
            "p50",
            "p95",
            "p99",
            "max"));
    for (Figures f : figures) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-34s %7d %9.1f %9.1f %9.1f %9.1f%s%n",
              f.name(),
              f.count(),
              f.pct(0.50),
              f.pct(0.95),
              f.pct(0.99),
              f.max(),
              f.target() ? verdict(f) : ""));
      if (f.key().equals("event_to_signal")) {
        for (Figures a : byAlgorithm()) {
          b.append(row(a));
        }
      }
    }
    return b.toString();
  }

  private static String row(Figures f) {
    return String.format(
        Locale.ROOT,
        "%-34s %7d %9.1f %9.1f %9.1f %9.1f%n",
        f.name(),
        f.count(),
        f.pct(0.50),
        f.pct(0.95),
        f.pct(0.99),
        f.max());
  }

  private static String verdict(Figures f) {
    if (f.count() == 0) {
      return "  (no data)";
    }
    return f.pct(0.99) <= TARGET_P99_MS
        ? "  target p99 <= 50 ms: met"
        : "  target p99 <= 50 ms: NOT met";
  }

  void writeJson(Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>(run);
    Map<String, Object> hops = new LinkedHashMap<>();
    for (Figures f : figures) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("name", f.name());
      h.put("count", f.count());
      h.put("p50_ms", nullIfNaN(f.pct(0.50)));
      h.put("p95_ms", nullIfNaN(f.pct(0.95)));
      h.put("p99_ms", nullIfNaN(f.pct(0.99)));
      h.put("max_ms", nullIfNaN(f.max()));
      if (f.target()) {
        h.put("target_p99_ms", TARGET_P99_MS);
      }
      hops.put(f.key(), h);
    }
    root.put("hops", hops);
    Map<String, Object> byAlgorithm = new LinkedHashMap<>();
    for (Figures f : byAlgorithm()) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("count", f.count());
      h.put("p50_ms", nullIfNaN(f.pct(0.50)));
      h.put("p95_ms", nullIfNaN(f.pct(0.95)));
      h.put("p99_ms", nullIfNaN(f.pct(0.99)));
      h.put("max_ms", nullIfNaN(f.max()));
      byAlgorithm.put(f.key(), h);
    }
    root.put("event_to_signal_by_algorithm", byAlgorithm);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SignalHops s : signals) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("signal_id", s.signalId());
      r.put("algorithm", s.algorithm());
      r.put("t_publish", s.publish());
      r.put("t_md_append", s.mdAppend());
      r.put("t_signal_emit", s.emit());
      r.put("t_signal_received", s.signalReceived());
      r.put("t_decision", s.decision());
      r.put("approved", s.approved());
      r.put("t_intent_received", s.intentReceived());
      r.put("t_order_sent", s.orderSent());
      r.put("t_order_accepted", s.orderAccepted());
      rows.add(r);
    }
    root.put("signals", rows);
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }

  private static Double nullIfNaN(double d) {
    return Double.isNaN(d) ? null : d;
  }
}
