package io.nqflow.runner.analyze;

import static io.nqflow.runner.analyze.AnalysisJson.fmt;

import io.nqflow.chain.model.BattleZone;
import io.nqflow.chain.model.ModelResult;
import io.nqflow.chain.model.Positioning;
import io.nqflow.chain.model.RiskAnalysis;
import io.nqflow.chain.model.Setup;
import io.nqflow.chain.state.ChainSnapshotJson;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The readable {@code nqflow analyze} report: verdict, battle zones, positioning and setups. */
final class AnalysisText {
  /** Battle zones printed. */
  static final int ZONES = 10;

  private AnalysisText() {}

  static void print(PrintWriter out, ModelResult r, long asOfNs, int top, String priceSource) {
    out.printf(
        Locale.ROOT,
        "%s expiry %s, as of %s, model %s%n",
        r.chain().underlying(),
        ChainSnapshotJson.expirationText(r.chain().expirationNs()),
        asOfNs == ChainSnapshotJson.UNKNOWN_AS_OF
            ? "unknown"
            : ChainSnapshotJson.instantText(asOfNs),
        r.model());
    out.printf(
        Locale.ROOT,
        "underlying %s (%s), %d strikes, multiplier %s USD/point%n",
        fmt(r.underlying(), 3),
        r.underlyingEstimated() ? "estimated from the chain" : priceSource,
        r.chain().strikes().size(),
        fmt(r.chain().multiplier(), 0));
    out.println();
    risk(out, r.risk());
    out.println();
    positioning(out, r.positioning());
    out.println();
    setups(out, r, top);
    out.flush();
  }

  private static void risk(PrintWriter out, RiskAnalysis risk) {
    if (risk == null) {
      out.println("Verdict: n/a");
      out.println("Battle zones: n/a");
      return;
    }
    out.printf(
        Locale.ROOT,
        "Verdict: %s   Rc %s USD   Rp %s USD   Rc/Rp %s%n",
        risk.verdict(),
        fmt(risk.callRiskUsd(), 0),
        fmt(risk.putRiskUsd(), 0),
        fmt(risk.ratio(), 2));
    int n = Math.min(ZONES, risk.zones().size());
    out.printf(Locale.ROOT, "Battle zones (top %d of %d)%n", n, risk.zones().size());
    if (n == 0) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "  %10s %4s %14s %9s %-11s %14s %7s  %s%n",
        "strike",
        "side",
        "risk USD",
        "distance",
        "urgency",
        "danger USD",
        "vol/OI",
        "reinforcement");
    for (BattleZone z : risk.zones().subList(0, n)) {
      out.printf(
          Locale.ROOT,
          "  %10s %4s %14s %9s %-11s %14s %7s  %s%n",
          fmt(z.strike(), 2),
          z.right().code(),
          fmt(z.riskUsd(), 0),
          fmt(z.distance(), 2),
          z.urgency(),
          fmt(z.danger(), 0),
          fmt(z.volumeOverOi(), 2),
          z.reinforcement());
    }
  }

  private static void positioning(PrintWriter out, Positioning p) {
    if (p == null) {
      out.println("Positioning: n/a");
      return;
    }
    out.printf(
        Locale.ROOT,
        "Positioning: call wall %s   put wall %s   zero gamma %s   max pain %s%n",
        level(p.callWall()),
        level(p.putWall()),
        level(p.zeroGamma()),
        level(p.maxPain()));
    out.printf(
        Locale.ROOT,
        "  total GEX %s USD/point, %s USD per 1%% move, ATM volatility %s%%%n",
        fmt(p.totalGexPerPoint(), 0),
        fmt(p.totalGexPerPct(), 0),
        fmt(100 * p.volatility(), 1));
  }

  private static void setups(PrintWriter out, ModelResult r, int top) {
    int n = Math.min(top, r.setups().size());
    out.printf(
        Locale.ROOT,
        "Setups (top %d of %d quality setups, %d candidates)%n",
        n,
        r.setups().size(),
        r.candidates());
    if (n == 0) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "  %2s %-5s %10s %10s %8s %8s %6s %6s %8s  %s%n",
        "#",
        "dir",
        "target",
        "stop",
        "reward",
        "risk",
        "R/R",
        "prob",
        "EV",
        "factors");
    for (int i = 0; i < n; i++) {
      Setup s = r.setups().get(i);
      StringBuilder f = new StringBuilder();
      for (Map.Entry<String, Double> e : s.factors().entrySet()) {
        f.append(f.length() == 0 ? "" : " ")
            .append(e.getKey())
            .append('=')
            .append(fmt(e.getValue() == null ? Double.NaN : e.getValue(), 3));
      }
      out.printf(
          Locale.ROOT,
          "  %2d %-5s %10s %10s %8s %8s %6s %6s %8s  %s%n",
          i + 1,
          s.direction(),
          fmt(s.target(), 2),
          fmt(s.stop(), 2),
          fmt(s.reward(), 2),
          fmt(s.risk(), 2),
          fmt(s.rewardRisk(), 2),
          fmt(s.probability(), 3),
          fmt(s.ev(), 2),
          f);
    }
  }

  private static String level(Double v) {
    return v == null ? "n/a" : fmt(v, 2);
  }
}
