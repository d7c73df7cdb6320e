package io.nqflow.simulator.eval;

import io.nqflow.simulator.Episode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Scores one variant's signals over many sessions with the matching rule of {@link Evaluator}: a
 * signal is only ever matched against the episodes of its own session, then every slice of the
 * report is a count over those matches.
 */
final class SessionScorer {
  /** Confidence levels, lowest first: the order {@code risk.min_confidence} compares in. */
  static final List<String> LEVELS = List.of("LOW", "MODERATE", "HIGH", "VERY_HIGH", "EXTREME");

  /** A signal and what it matched in its session. */
  private record Scored(
      Signal signal, int[] matched, boolean truePositive, boolean decoy, String regime) {}

  /** A session with its matched signals, and per episode the signals that match it. */
  private record Matched(Session session, List<Scored> signals, List<List<Scored>> byEpisode) {}

  private final List<Matched> sessions = new ArrayList<>();

  SessionScorer(List<Session> in, String variant, Duration grace) {
    long g = grace.toNanos();
    for (Session s : in) {
      List<Episode> eps = s.episodes();
      List<List<Scored>> byEpisode = new ArrayList<>();
      eps.forEach(e -> byEpisode.add(new ArrayList<>()));
      List<Scored> scored = new ArrayList<>();
      for (Signal x : s.signals()) {
        if (!x.variant().equals(variant)) {
          continue;
        }
        List<Integer> hit = new ArrayList<>();
        String trueRegime = null;
        String decoyRegime = null;
        for (int i = 0; i < eps.size(); i++) {
          Episode e = eps.get(i);
          if (Evaluator.matches(e, x, g)) {
            hit.add(i);
            if (e.expectSignal() && trueRegime == null) {
              trueRegime = e.regime();
            } else if (!e.expectSignal() && decoyRegime == null) {
              decoyRegime = e.regime();
            }
          }
        }
        String regime =
            trueRegime != null ? trueRegime : decoyRegime != null ? decoyRegime : s.regime();
        Scored sc =
            new Scored(
                x,
                hit.stream().mapToInt(Integer::intValue).toArray(),
                trueRegime != null,
                trueRegime == null && decoyRegime != null,
                regime);
        scored.add(sc);
        hit.forEach(i -> byEpisode.get(i).add(sc));
      }
      sessions.add(new Matched(s, scored, byEpisode));
    }
  }

  /** Every slice of the report for this variant. */
  static VariantReport report(List<Session> in, String variant, Duration grace, int scoreBins) {
    SessionScorer sc = new SessionScorer(in, variant, grace);
    Predicate<Scored> all = x -> true;
    Predicate<Episode> allEpisodes = e -> true;
    Predicate<Session> allSessions = s -> true;
    Tally overall = sc.tally(all, allEpisodes, allSessions);

    TreeSet<String> kinds = new TreeSet<>();
    TreeSet<String> regimes = new TreeSet<>();
    TreeSet<String> algorithms = new TreeSet<>();
    TreeSet<String> unknownLevels = new TreeSet<>();
    for (Matched m : sc.sessions) {
      regimes.add(m.session().regime());
      m.session().episodes().forEach(e -> kinds.add(e.kind()));
      m.session().episodes().forEach(e -> regimes.add(e.regime()));
      for (Scored x : m.signals()) {
        algorithms.add(x.signal().algorithm());
        if (!LEVELS.contains(x.signal().confidence())) {
          unknownLevels.add(x.signal().confidence());
        }
      }
    }
    Map<String, Tally> perKind = new TreeMap<>();
    for (String k : kinds) {
      perKind.put(k, sc.tally(all, e -> e.kind().equals(k), allSessions));
    }
    Map<String, Tally> perRegime = new TreeMap<>();
    for (String r : regimes) {
      perRegime.put(
          r,
          sc.tally(
              x -> x.regime().equals(r), e -> e.regime().equals(r), s -> s.regime().equals(r)));
    }
    Map<String, Tally> perAlgorithm = new TreeMap<>();
    for (String a : algorithms) {
      perAlgorithm.put(
          a, sc.tally(x -> x.signal().algorithm().equals(a), allEpisodes, allSessions));
    }

    List<CalibrationRow> confidence = new ArrayList<>();
    for (String level : LEVELS) {
      int rank = LEVELS.indexOf(level);
      confidence.add(
          new CalibrationRow(
              level,
              Double.NaN,
              Double.NaN,
              sc.tally(x -> x.signal().confidence().equals(level), allEpisodes, allSessions),
              sc.tally(
                  x -> LEVELS.indexOf(x.signal().confidence()) >= rank, allEpisodes, allSessions)));
    }
    for (String level : unknownLevels) {
      confidence.add(
          new CalibrationRow(
              level.isEmpty() ? "(none)" : level,
              Double.NaN,
              Double.NaN,
              sc.tally(x -> x.signal().confidence().equals(level), allEpisodes, allSessions),
              null));
    }

    Map<String, List<CalibrationRow>> scoreBuckets = new TreeMap<>();
    for (String a : algorithms) {
      List<Double> scores = new ArrayList<>();
      sc.forEachSignal(
          x -> {
            if (x.signal().algorithm().equals(a) && !Double.isNaN(x.signal().score())) {
              scores.add(x.signal().score());
            }
          });
      double[] cuts = cuts(scores, scoreBins);
      List<CalibrationRow> rows = new ArrayList<>();
      for (int i = 0; i < cuts.length; i++) {
        double lo = cuts[i];
        boolean last = i == cuts.length - 1;
        double hi = last ? scores.stream().mapToDouble(d -> d).max().orElse(lo) : cuts[i + 1];
        Predicate<Scored> mine =
            x -> x.signal().algorithm().equals(a) && !Double.isNaN(x.signal().score());
        Predicate<Scored> inBucket =
            mine.and(x -> x.signal().score() >= lo && (last || x.signal().score() < hi));
        String label =
            last
                ? String.format(java.util.Locale.ROOT, "[%s, %s]", num(lo), num(hi))
                : String.format(java.util.Locale.ROOT, "[%s, %s)", num(lo), num(hi));
        rows.add(
            new CalibrationRow(
                label,
                lo,
                hi,
                sc.tally(inBucket, allEpisodes, allSessions),
                sc.tally(mine.and(x -> x.signal().score() >= lo), allEpisodes, allSessions)));
      }
      if (!rows.isEmpty()) {
        scoreBuckets.put(a, rows);
      }
    }
    return new VariantReport(
        variant, overall, perKind, perRegime, perAlgorithm, confidence, scoreBuckets);
  }

  /**
   * Lower bounds of up to {@code bins} buckets: one per distinct score when there are no more than
   * {@code bins} of them (pattern scores are often small integers, and quantiles would hide a rare
   * high value in a tie-heavy bucket), else buckets holding about equal numbers of scores
   * (quantiles, nearest rank) with equal cut points merged.
   */
  static double[] cuts(List<Double> scores, int bins) {
    if (scores.isEmpty()) {
      return new double[0];
    }
    List<Double> s = new ArrayList<>(scores);
    s.sort(Double::compare);
    TreeSet<Double> distinct = new TreeSet<>(s);
    if (distinct.size() <= bins) {
      return distinct.stream().mapToDouble(Double::doubleValue).toArray();
    }
    TreeSet<Double> c = new TreeSet<>();
    c.add(s.get(0));
    for (int j = 1; j < bins; j++) {
      c.add(s.get((int) ((long) j * s.size() / bins)));
    }
    return c.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static String num(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    return new java.math.BigDecimal(x)
        .round(new java.math.MathContext(4))
        .stripTrailingZeros()
        .toPlainString();
  }

  private void forEachSignal(java.util.function.Consumer<Scored> f) {
    sessions.forEach(m -> m.signals().forEach(f));
  }

  /**
   * Counts the signals passing {@code sp} (classified against all their session's episodes), the
   * episodes passing {@code ep} and whether one of those signals matches each, and the hours of the
   * sessions passing {@code hoursOf}.
   */
  private Tally tally(Predicate<Scored> sp, Predicate<Episode> ep, Predicate<Session> hoursOf) {
    long signals = 0;
    long tp = 0;
    long decoyFp = 0;
    long unmatched = 0;
    long matching = 0;
    long episodes = 0;
    long detected = 0;
    long decoys = 0;
    long decoysSignalled = 0;
    int nSessions = 0;
    double hours = 0;
    List<Long> lat = new ArrayList<>();
    for (Matched m : sessions) {
      List<Episode> eps = m.session().episodes();
      for (Scored x : m.signals()) {
        if (!sp.test(x)) {
          continue;
        }
        signals++;
        if (x.truePositive()) {
          tp++;
        } else if (x.decoy()) {
          decoyFp++;
        } else {
          unmatched++;
        }
        for (int i : x.matched()) {
          if (ep.test(eps.get(i))) {
            matching++;
            break;
          }
        }
      }
      for (int i = 0; i < eps.size(); i++) {
        Episode e = eps.get(i);
        if (!ep.test(e)) {
          continue;
        }
        long first = Long.MAX_VALUE;
        for (Scored x : m.byEpisode().get(i)) {
          if (sp.test(x)) {
            first = Math.min(first, x.signal().tsEvent());
          }
        }
        boolean hit = first != Long.MAX_VALUE;
        if (e.expectSignal()) {
          episodes++;
          if (hit) {
            detected++;
            lat.add(first - e.tsStart());
          }
        } else {
          decoys++;
          if (hit) {
            decoysSignalled++;
          }
        }
      }
      if (hoursOf.test(m.session())) {
        nSessions++;
        hours += m.session().hours();
      }
    }
    return new Tally(
        signals,
        tp,
        decoyFp,
        unmatched,
        matching,
        episodes,
        detected,
        decoys,
        decoysSignalled,
        Evaluator.latency(lat),
        nSessions,
        hours);
  }

  /** Variant labels in first-seen order. */
  static List<String> variants(List<Session> sessions) {
    LinkedHashMap<String, Boolean> v = new LinkedHashMap<>();
    sessions.forEach(s -> s.signals().forEach(x -> v.putIfAbsent(x.variant(), true)));
    return new ArrayList<>(v.keySet());
  }
}
