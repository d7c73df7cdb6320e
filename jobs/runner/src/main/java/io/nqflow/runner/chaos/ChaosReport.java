package io.nqflow.runner.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of a chaos command: per stream what was lost, duplicated and redelivered (summed over
 * the runs), per fault kind how often it was injected and how long recovery took (seconds), and
 * what it cost (wall time, load).
 */
record ChaosReport(
    long seed,
    int injections,
    List<StreamCheck> streams,
    List<StreamCheck> selfCheck,
    Map<FaultKind, List<Double>> recoveries,
    List<String> selfStops,
    int feedRestartsAfterFailure,
    Map<String, Integer> executionKillPoints,
    List<String> failedRuns,
    int runs,
    double wallSeconds,
    String load,
    String command) {

  /** Whether nothing was lost or duplicated, in the chaos runs and in the fault-free run itself. */
  boolean ok() {
    return failedRuns.isEmpty()
        && streams.stream().allMatch(StreamCheck::ok)
        && selfCheck.stream().allMatch(StreamCheck::ok);
  }

  /**
   * Sums the checks of the chaos runs per stream, and groups the recovery times per kind; {@code
   * selfCheck} is the fault-free run compared with itself (its orders and fills against its own
   * ledger and broker).
   */
  static ChaosReport of(
      long seed,
      List<StreamCheck> selfCheck,
      List<List<StreamCheck>> checks,
      List<ChaosRun.Result> results,
      List<String> failedRuns,
      double wallSeconds,
      String load,
      String command) {
    Map<String, StreamCheck> sum = new LinkedHashMap<>();
    for (List<StreamCheck> run : checks) {
      for (StreamCheck c : run) {
        sum.merge(c.stream(), c, StreamCheck::plus);
      }
    }
    Map<FaultKind, List<Double>> rec = new EnumMap<>(FaultKind.class);
    List<String> stops = new ArrayList<>();
    Map<String, Integer> points = new java.util.TreeMap<>();
    int injections = 0;
    for (ChaosRun.Result r : results) {
      for (ChaosRun.InjectionResult i : r.injections()) {
        rec.computeIfAbsent(i.kind(), k -> new ArrayList<>()).add(i.recoverySeconds());
        if (i.kind() == FaultKind.EXECUTION) {
          String d = i.detail().replaceFirst("^killed ", "");
          String where =
              d.startsWith("BEFORE_PLACE")
                  ? "before_place"
                  : d.startsWith("AFTER_PLACE") ? "after_place" : "anywhere";
          points.merge(where, 1, Integer::sum);
        }
        injections++;
      }
      r.selfStops().forEach(s -> stops.add(r.name() + ": " + s));
    }
    int feedFailures = results.stream().mapToInt(ChaosRun.Result::feedFailures).sum();
    return new ChaosReport(
        seed,
        injections,
        List.copyOf(sum.values()),
        selfCheck,
        rec,
        stops,
        feedFailures,
        points,
        List.copyOf(failedRuns),
        results.size(),
        wallSeconds,
        load,
        command);
  }

  /** The p-th percentile (nearest rank) of the values, p in 0..100. */
  static double percentile(List<Double> values, double p) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  String toTable() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "chaos: %d injections in %d run(s)%s, seed %d, %.0f s wall, load %s: %s%n%n",
            injections,
            runs,
            failedRuns.isEmpty() ? "" : " (" + failedRuns.size() + " more FAILED)",
            seed,
            wallSeconds,
            load,
            ok()
                ? "nothing lost or duplicated"
                : failedRuns.isEmpty() ? "LOST OR DUPLICATED" : "FAILED"));
    failedRuns.forEach(f -> b.append("FAILED run ").append(f).append('\n'));
    b.append(
        "fault-free run checked against its own ledger and broker: "
            + (selfCheck.stream().allMatch(StreamCheck::ok) ? "ok" : "FAILED " + selfCheck)
            + "\n\n");
    b.append(
        "| stream | fault-free | chaos | lost | duplicated | redelivered | diverged |\n"
            + "|---|---:|---:|---:|---:|---:|---:|\n");
    for (StreamCheck c : streams) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %d | %d |%n",
              c.stream(),
              c.reference(),
              c.run(),
              c.lost(),
              c.duplicated(),
              c.redelivered(),
              c.diverged()));
    }
    b.append("\n| fault | injections | recovery p50 s | recovery max s |\n|---|---:|---:|---:|\n");
    for (var e : recoveries.entrySet()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.2f | %.2f |%n",
              e.getKey().cliName(),
              e.getValue().size(),
              percentile(e.getValue(), 50),
              percentile(e.getValue(), 100)));
    }
    if (!executionKillPoints.isEmpty()) {
      b.append("\nexecution service killed: ").append(executionKillPoints).append('\n');
    }
    for (StreamCheck c : streams) {
      for (String ex : c.examples()) {
        b.append("  ").append(c.stream()).append(": ").append(ex).append('\n');
      }
    }
    if (!selfStops.isEmpty() || feedRestartsAfterFailure > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "%nrestarted by the supervisor: execution service %d time(s), feed %d time(s)%n",
              selfStops.size(),
              feedRestartsAfterFailure));
      selfStops.stream().limit(5).forEach(s -> b.append("  ").append(s).append('\n'));
    }
    return b.toString();
  }

  String toJson() {
    StringBuilder b = new StringBuilder("{\n");
    b.append("  \"seed\": ").append(seed).append(",\n");
    b.append("  \"command\": ").append(str(command)).append(",\n");
    b.append("  \"injections\": ").append(injections).append(",\n");
    b.append("  \"runs\": ").append(runs).append(",\n");
    b.append("  \"ok\": ").append(ok()).append(",\n");
    b.append("  \"fault_free_self_check_ok\": ")
        .append(selfCheck.stream().allMatch(StreamCheck::ok))
        .append(",\n");
    b.append("  \"wall_seconds\": ").append(num(wallSeconds)).append(",\n");
    b.append("  \"load\": ").append(str(load)).append(",\n");
    b.append("  \"streams\": [\n");
    for (int i = 0; i < streams.size(); i++) {
      StreamCheck c = streams.get(i);
      b.append("    {\"stream\": ")
          .append(str(c.stream()))
          .append(", \"fault_free\": ")
          .append(c.reference())
          .append(", \"chaos\": ")
          .append(c.run())
          .append(", \"lost\": ")
          .append(c.lost())
          .append(", \"duplicated\": ")
          .append(c.duplicated())
          .append(", \"redelivered\": ")
          .append(c.redelivered())
          .append(", \"diverged\": ")
          .append(c.diverged())
          .append(", \"examples\": [")
          .append(String.join(", ", c.examples().stream().map(ChaosReport::str).toList()))
          .append("]}")
          .append(i + 1 < streams.size() ? ",\n" : "\n");
    }
    b.append("  ],\n  \"faults\": [\n");
    List<String> faults = new ArrayList<>();
    for (var e : recoveries.entrySet()) {
      faults.add(
          "    {\"kind\": "
              + str(e.getKey().cliName())
              + ", \"injections\": "
              + e.getValue().size()
              + ", \"recovery_p50_s\": "
              + num(percentile(e.getValue(), 50))
              + ", \"recovery_max_s\": "
              + num(percentile(e.getValue(), 100))
              + ", \"recovery_s\": "
              + Arrays.toString(e.getValue().stream().map(ChaosReport::num).toArray())
              + "}");
    }
    b.append(String.join(",\n", faults)).append("\n  ],\n");
    b.append("  \"failed_runs\": [")
        .append(String.join(", ", failedRuns.stream().map(ChaosReport::str).toList()))
        .append("],\n");
    b.append("  \"execution_kill_points\": {")
        .append(
            String.join(
                ", ",
                executionKillPoints.entrySet().stream()
                    .map(e -> str(e.getKey()) + ": " + e.getValue())
                    .toList()))
        .append("},\n");
    b.append("  \"execution_restarts_after_self_stop\": ").append(selfStops.size()).append(",\n");
    b.append("  \"feed_restarts_after_failure\": ").append(feedRestartsAfterFailure).append("\n");
    return b.append("}\n").toString();
  }

  private static String num(double d) {
    return Double.isNaN(d) ? "null" : String.format(Locale.ROOT, "%.3f", d);
  }

  private static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
