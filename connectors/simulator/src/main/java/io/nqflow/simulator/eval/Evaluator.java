package io.nqflow.simulator.eval;

import io.nqflow.simulator.Episode;
import io.nqflow.simulator.TruthFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scores detector signals against simulator ground truth. Matching rules (docs/simulator.md): a
 * signal matches an episode when its instrument is one of the episode's instruments, its ts_event
 * lies in [ts_start, ts_end + grace], and, for true episodes, its direction equals the episode's.
 */
public final class Evaluator {
  private Evaluator() {}

  public static EvaluationReport evaluate(Path truth, Path signals, Duration grace)
      throws IOException {
    return evaluate(TruthFile.read(truth), SignalFile.read(signals), grace);
  }

  public static EvaluationReport evaluate(
      List<Episode> episodes, List<Signal> signals, Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, was " + grace);
    }
    long g = grace.toNanos();
    Map<String, EvaluationReport.Scores> perAlgorithm = new TreeMap<>();
    TreeSet<String> algorithms = new TreeSet<>();
    signals.forEach(s -> algorithms.add(s.algorithm()));
    for (String a : algorithms) {
      List<Signal> mine = signals.stream().filter(s -> s.algorithm().equals(a)).toList();
      perAlgorithm.put(a, scores(episodes, mine, g));
    }
    Map<String, EvaluationReport.KindScores> perKind = new TreeMap<>();
    TreeSet<String> kinds = new TreeSet<>();
    episodes.forEach(e -> kinds.add(e.kind()));
    for (String k : kinds) {
      List<Episode> ofKind = episodes.stream().filter(e -> e.kind().equals(k)).toList();
      boolean expect = ofKind.get(0).expectSignal();
      long signalled = 0;
      long matching = 0;
      List<Long> lat = new ArrayList<>();
      for (Signal s : signals) {
        if (ofKind.stream().anyMatch(e -> matches(e, s, g))) {
          matching++;
        }
      }
      for (Episode e : ofKind) {
        long first = firstMatch(e, signals, g);
        if (first >= 0) {
          signalled++;
          lat.add(first - e.tsStart());
        }
      }
      perKind.put(
          k,
          new EvaluationReport.KindScores(
              expect, ofKind.size(), signalled, matching, latency(lat)));
    }
    return new EvaluationReport(
        grace.toMillis(), scores(episodes, signals, g), perKind, perAlgorithm);
  }

  /** The matching rule; decoys match on instrument and window in any direction. */
  static boolean matches(Episode e, Signal s, long graceNs) {
    if (s.tsEvent() < e.tsStart() || s.tsEvent() > e.tsEnd() + graceNs) {
      return false;
    }
    if (!e.instrumentIds().contains(s.instrumentId())) {
      return false;
    }
    return !e.expectSignal() || e.direction().equals(s.direction());
  }

  private static long firstMatch(Episode e, List<Signal> signals, long g) {
    long first = -1;
    for (Signal s : signals) {
      if (matches(e, s, g) && (first < 0 || s.tsEvent() < first)) {
        first = s.tsEvent();
      }
    }
    return first;
  }

  private static EvaluationReport.Scores scores(
      List<Episode> episodes, List<Signal> signals, long g) {
    long tp = 0;
    long decoyFp = 0;
    long unmatched = 0;
    for (Signal s : signals) {
      boolean hitTrue = false;
      boolean hitDecoy = false;
      for (Episode e : episodes) {
        if (matches(e, s, g)) {
          if (e.expectSignal()) {
            hitTrue = true;
          } else {
            hitDecoy = true;
          }
        }
      }
      if (hitTrue) {
        tp++;
      } else if (hitDecoy) {
        decoyFp++;
      } else {
        unmatched++;
      }
    }
    long trueEpisodes = 0;
    long detected = 0;
    long decoys = 0;
    long decoysSignalled = 0;
    List<Long> lat = new ArrayList<>();
    for (Episode e : episodes) {
      long first = firstMatch(e, signals, g);
      if (e.expectSignal()) {
        trueEpisodes++;
        if (first >= 0) {
          detected++;
          lat.add(first - e.tsStart());
        }
      } else {
        decoys++;
        if (first >= 0) {
          decoysSignalled++;
        }
      }
    }
    return new EvaluationReport.Scores(
        signals.size(),
        tp,
        decoyFp,
        unmatched,
        trueEpisodes,
        detected,
        decoys,
        decoysSignalled,
        latency(lat));
  }

  static EvaluationReport.Latency latency(List<Long> ns) {
    if (ns.isEmpty()) {
      return new EvaluationReport.Latency(0, 0, 0, 0, 0);
    }
    List<Long> s = new ArrayList<>(ns);
    Collections.sort(s);
    double mean = s.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
    return new EvaluationReport.Latency(
        s.size(), mean, quantile(s, 0.5) / 1e6, quantile(s, 0.9) / 1e6, s.get(s.size() - 1) / 1e6);
  }

  /** Nearest-rank quantile. */
  static double quantile(List<Long> sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** Parses a duration such as {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h} or ISO-8601. */
  public static Duration parseDuration(String s) {
    String x = s.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (x.startsWith("p")) {
        return Duration.parse(s.trim());
      }
      if (x.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(x.substring(0, x.length() - 2)));
      }
      long v = Long.parseLong(x.substring(0, x.length() - 1));
      return switch (x.charAt(x.length() - 1)) {
        case 's' -> Duration.ofSeconds(v);
        case 'm' -> Duration.ofMinutes(v);
        case 'h' -> Duration.ofHours(v);
        default -> throw new IllegalArgumentException("unknown unit");
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "invalid duration '" + s + "' (expected e.g. 30s, 500ms, 2m, 1h or PT30S)", e);
    }
  }
}
