package io.nqflow.simulator.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable tables of a {@link ProtocolReport}; every share with its 95% interval. */
final class ReportText {
  private final StringBuilder b = new StringBuilder();

  private ReportText() {}

  static String render(ProtocolReport r) {
    ReportText t = new ReportText();
    t.header(r);
    if (r.variants().size() > 1) {
      t.variants(r);
    }
    for (VariantReport v : r.variants()) {
      t.variant(v, r.variants().size() > 1);
    }
    return t.b.toString();
  }

  private void f(String fmt, Object... args) {
    b.append(String.format(Locale.ROOT, fmt, args));
  }

  private void header(ProtocolReport r) {
    long runs = r.sessions().stream().map(Session::run).distinct().count();
    f(
        "%d sessions from %d runs (days: %s), %.1f session-hours, grace %d ms%n",
        r.sessions().size(), runs, r.days(), r.sessionHours(), r.graceMs());
    if (r.skippedDays() > 0 || r.skippedSignals() > 0) {
      f(
          "left out: %d days without mbo.dbn (%d episodes), %d signals on days not scored%n",
          r.skippedDays(), r.skippedEpisodes(), r.skippedSignals());
    }
    if (r.minConfidence() != null) {
      f(
          "min confidence %s: %d signals below it dropped before scoring%n",
          r.minConfidence(), r.belowMinConfidence());
    }
    r.notes().forEach(n -> f("note: %s%n", n));
  }

  private void variants(ProtocolReport r) {
    f(
        "%n%-28s %7s %-21s %-21s %6s %8s %-21s%n",
        "variant",
        "signals",
        "precision [95% CI]",
        "recall [95% CI]",
        "f1",
        "false/h",
        "decoys signalled");
    for (VariantReport v : r.variants()) {
      Tally t = v.overall();
      f(
          "%-28s %7d %-21s %-21s %6.3f %8.2f %-21s%n",
          v.variant(),
          t.signals(),
          t.precision().withInterval(),
          t.recall().withInterval(),
          t.f1(),
          t.falsePerHour(),
          t.decoysSignalledShare().withInterval());
    }
  }

  private void variant(VariantReport v, boolean titled) {
    f(titled ? "%n== variant %s ==%n" : "variant %s%n", v.variant());
    Tally o = v.overall();
    f(
        "%noverall: %d signals (%d true, %d on decoys, %d unmatched), %d episodes (%d detected),"
            + " %d decoys (%d signalled)%n",
        o.signals(),
        o.truePositives(),
        o.decoyFalsePositives(),
        o.unmatched(),
        o.episodes(),
        o.detected(),
        o.decoys(),
        o.decoysSignalled());
    f(
        "  precision %s  recall %s  f1 %.3f  decoys signalled %s  false/h %.2f%n",
        o.precision().withInterval(),
        o.recall().withInterval(),
        o.f1(),
        o.decoysSignalledShare().withInterval(),
        o.falsePerHour());

    f(
        "%n%-16s %6s %8s %8s %-21s %7s %10s %10s%n",
        "kind",
        "expect",
        "episodes",
        "detected",
        "recall [95% CI]",
        "signals",
        "lat_med_ms",
        "lat_p90_ms");
    for (Map.Entry<String, Tally> e : v.perKind().entrySet()) {
      Tally t = e.getValue();
      boolean expect = t.episodes() > 0;
      // For a decoy kind: decoys, decoys signalled and their share (lower is better).
      f(
          "%-16s %6s %8d %8d %-21s %7d %10.1f %10.1f%n",
          e.getKey(),
          expect ? "yes" : "no",
          expect ? t.episodes() : t.decoys(),
          expect ? t.detected() : t.decoysSignalled(),
          (expect ? t.recall() : t.decoysSignalledShare()).withInterval(),
          t.matching(),
          t.latency().medianMs(),
          t.latency().p90Ms());
    }

    f(
        "%n%-16s %8s %7s %9s %-21s %-21s %7s %-21s%n",
        "regime",
        "sessions",
        "signals",
        "episodes",
        "recall [95% CI]",
        "precision [95% CI]",
        "decoys",
        "decoys signalled");
    for (Map.Entry<String, Tally> e : v.perRegime().entrySet()) {
      Tally t = e.getValue();
      f(
          "%-16s %8d %7d %9d %-21s %-21s %7d %-21s%n",
          e.getKey(),
          t.sessions(),
          t.signals(),
          t.episodes(),
          t.recall().withInterval(),
          t.precision().withInterval(),
          t.decoys(),
          t.decoysSignalledShare().withInterval());
    }

    f(
        "%n%-22s %7s %-21s %-21s %6s %8s%n",
        "algorithm", "signals", "precision [95% CI]", "recall [95% CI]", "f1", "false/h");
    for (Map.Entry<String, Tally> e : v.perAlgorithm().entrySet()) {
      Tally t = e.getValue();
      f(
          "%-22s %7d %-21s %-21s %6.3f %8.2f%n",
          e.getKey(),
          t.signals(),
          t.precision().withInterval(),
          t.recall().withInterval(),
          t.f1(),
          t.falsePerHour());
    }

    f("%nreliability per confidence level; right: signals at this level or higher%n");
    calibrationHead("level");
    for (CalibrationRow c : v.confidence()) {
      calibration("", c);
    }
    if (!v.scoreBuckets().isEmpty()) {
      f(
          "%nreliability per score bucket, per algorithm (a bucket per distinct score, or"
              + " quantiles); right: score >= the bucket's low%n");
      calibrationHead("algorithm  bucket");
      for (Map.Entry<String, List<CalibrationRow>> e : v.scoreBuckets().entrySet()) {
        for (CalibrationRow c : e.getValue()) {
          calibration(e.getKey() + " ", c);
        }
      }
    }
  }

  private void calibrationHead(String what) {
    f(
        "%-40s %7s %-21s | %7s %-21s %-21s %9s%n",
        what,
        "signals",
        "share true [95% CI]",
        "signals",
        "precision [95% CI]",
        "recall [95% CI]",
        "signals/h");
  }

  private void calibration(String prefix, CalibrationRow c) {
    Tally t = c.bucket();
    Tally a = c.atLeast();
    f("%-40s %7d %-21s |", prefix + c.label(), t.signals(), t.precision().withInterval());
    if (a == null) {
      f(" %7s%n", "-");
    } else {
      f(
          " %7d %-21s %-21s %9.2f%n",
          a.signals(), a.precision().withInterval(), a.recall().withInterval(), a.signalsPerHour());
    }
  }
}
