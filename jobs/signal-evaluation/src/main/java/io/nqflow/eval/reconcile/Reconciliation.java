package io.nqflow.eval.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nqflow.eval.v1.SignalOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Point-by-point comparison of a paced run (shadow/live, wall-clock paper clock) with its replay
 * (event clock) of the same market data, matched by {@code signal_id}. Every difference is paced
 * minus replay. Prices in option points (fixed point 1e-9 divided by 1e9), USD = points ×
 * multiplier_usd × quantity of the paced outcome, times in ns. When a file holds a signal more than
 * once, its last line counts.
 *
 * @param onlyPaced signal ids present in the paced run only, sorted
 * @param onlyReplay signal ids present in the replay only, sorted
 * @param decisions signals of both runs whose decision (approved, decision_reason) differs
 * @param tradedOnlyPaced signals of both runs filled in the paced run only
 * @param tradedOnlyReplay signals of both runs filled in the replay only
 * @param fills signals filled in both runs, with their differences
 * @param totals counts and mean/max absolute differences
 */
public record Reconciliation(
    List<String> onlyPaced,
    List<String> onlyReplay,
    List<DecisionDiff> decisions,
    List<String> tradedOnlyPaced,
    List<String> tradedOnlyReplay,
    List<FillDiff> fills,
    Totals totals) {
  /** Fixed-point scale of prices (1e-9). */
  static final double PRICE_SCALE = 1e9;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A signal whose risk-gate decision differs between the runs. */
  public record DecisionDiff(
      String signalId,
      boolean pacedApproved,
      String pacedReason,
      boolean replayApproved,
      String replayReason) {}

  /**
   * A signal traded in both runs.
   *
   * @param pacedFillPoints paced fill price, option points
   * @param replayFillPoints replay fill price, option points
   * @param fillPricePoints paced − replay fill price, option points
   * @param fillPriceUsd fillPricePoints × multiplier_usd × quantity (paced outcome), USD
   * @param fillTimeNs paced − replay ts_fill, ns
   * @param slippagePoints paced − replay fill_slippage_points, option points (0 when either is
   *     missing)
   * @param signalToFillNs paced − replay signal_to_fill_ns, ns (0 when either is missing)
   */
  public record FillDiff(
      String signalId,
      double pacedFillPoints,
      double replayFillPoints,
      double fillPricePoints,
      double fillPriceUsd,
      long fillTimeNs,
      double slippagePoints,
      long signalToFillNs) {}

  /** Mean and maximum of absolute differences over the signals traded in both runs (0 if none). */
  public record Stat(double meanAbs, double maxAbs) {
    static <T> Stat of(List<T> xs, ToDoubleFunction<T> f) {
      double sum = 0;
      double max = 0;
      for (T x : xs) {
        double a = Math.abs(f.applyAsDouble(x));
        sum += a;
        max = Math.max(max, a);
      }
      return new Stat(xs.isEmpty() ? 0 : sum / xs.size(), max);
    }
  }

  /** Counts and statistics of a reconciliation. */
  public record Totals(
      int pacedSignals,
      int replaySignals,
      int matched,
      int onlyPaced,
      int onlyReplay,
      int decisionsDiffering,
      int tradedBoth,
      int tradedOnlyPaced,
      int tradedOnlyReplay,
      Stat fillPricePoints,
      Stat fillPriceUsd,
      Stat fillTimeNs,
      Stat slippagePoints,
      Stat signalToFillNs) {}

  /** Compares two runs' outcomes. */
  public static Reconciliation of(List<SignalOutcome> paced, List<SignalOutcome> replay) {
    Map<String, SignalOutcome> p = byId(paced);
    Map<String, SignalOutcome> r = byId(replay);
    List<String> onlyPaced = new ArrayList<>();
    List<String> onlyReplay = new ArrayList<>();
    List<DecisionDiff> decisions = new ArrayList<>();
    List<String> tradedOnlyPaced = new ArrayList<>();
    List<String> tradedOnlyReplay = new ArrayList<>();
    List<FillDiff> fills = new ArrayList<>();
    TreeSet<String> ids = new TreeSet<>(p.keySet());
    ids.addAll(r.keySet());
    int matched = 0;
    for (String id : ids) {
      SignalOutcome a = p.get(id);
      SignalOutcome b = r.get(id);
      if (b == null) {
        onlyPaced.add(id);
        continue;
      }
      if (a == null) {
        onlyReplay.add(id);
        continue;
      }
      matched++;
      if (Boolean.compare(a.getApproved(), b.getApproved()) != 0
          || !a.getDecisionReason().toString().equals(b.getDecisionReason().toString())) {
        decisions.add(
            new DecisionDiff(
                id,
                a.getApproved(),
                a.getDecisionReason().toString(),
                b.getApproved(),
                b.getDecisionReason().toString()));
      }
      boolean fa = a.getFillPrice() != null;
      boolean fb = b.getFillPrice() != null;
      if (fa && fb) {
        fills.add(fill(id, a, b));
      } else if (fa) {
        tradedOnlyPaced.add(id);
      } else if (fb) {
        tradedOnlyReplay.add(id);
      }
    }
    Totals totals =
        new Totals(
            p.size(),
            r.size(),
            matched,
            onlyPaced.size(),
            onlyReplay.size(),
            decisions.size(),
            fills.size(),
            tradedOnlyPaced.size(),
            tradedOnlyReplay.size(),
            Stat.of(fills, FillDiff::fillPricePoints),
            Stat.of(fills, FillDiff::fillPriceUsd),
            Stat.of(fills, FillDiff::fillTimeNs),
            Stat.of(fills, FillDiff::slippagePoints),
            Stat.of(fills, FillDiff::signalToFillNs));
    return new Reconciliation(
        List.copyOf(onlyPaced),
        List.copyOf(onlyReplay),
        List.copyOf(decisions),
        List.copyOf(tradedOnlyPaced),
        List.copyOf(tradedOnlyReplay),
        List.copyOf(fills),
        totals);
  }

  private static FillDiff fill(String id, SignalOutcome a, SignalOutcome b) {
    double pa = a.getFillPrice() / PRICE_SCALE;
    double pb = b.getFillPrice() / PRICE_SCALE;
    double dp = (a.getFillPrice() - b.getFillPrice()) / PRICE_SCALE;
    long dt = a.getTsFill() != null && b.getTsFill() != null ? a.getTsFill() - b.getTsFill() : 0;
    double ds =
        a.getFillSlippagePoints() != null && b.getFillSlippagePoints() != null
            ? a.getFillSlippagePoints() - b.getFillSlippagePoints()
            : 0;
    long dl =
        a.getSignalToFillNs() != null && b.getSignalToFillNs() != null
            ? a.getSignalToFillNs() - b.getSignalToFillNs()
            : 0;
    return new FillDiff(id, pa, pb, dp, dp * a.getMultiplierUsd() * a.getQuantity(), dt, ds, dl);
  }

  private static Map<String, SignalOutcome> byId(List<SignalOutcome> outcomes) {
    Map<String, SignalOutcome> m = new LinkedHashMap<>();
    for (SignalOutcome o : outcomes) {
      m.put(o.getSignalId().toString(), o);
    }
    return m;
  }

  /** The reconciliation as a JSON object (snake_case keys, units as in the record docs). */
  public ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode t = n.putObject("totals");
    t.put("paced_signals", totals.pacedSignals());
    t.put("replay_signals", totals.replaySignals());
    t.put("matched", totals.matched());
    t.put("only_paced", totals.onlyPaced());
    t.put("only_replay", totals.onlyReplay());
    t.put("decisions_differing", totals.decisionsDiffering());
    t.put("traded_both", totals.tradedBoth());
    t.put("traded_only_paced", totals.tradedOnlyPaced());
    t.put("traded_only_replay", totals.tradedOnlyReplay());
    stat(t, "fill_price_points", totals.fillPricePoints());
    stat(t, "fill_price_usd", totals.fillPriceUsd());
    stat(t, "fill_time_ns", totals.fillTimeNs());
    stat(t, "slippage_points", totals.slippagePoints());
    stat(t, "signal_to_fill_ns", totals.signalToFillNs());
    strings(n.putArray("only_paced"), onlyPaced);
    strings(n.putArray("only_replay"), onlyReplay);
    ArrayNode d = n.putArray("decisions");
    for (DecisionDiff x : decisions) {
      ObjectNode o = d.addObject();
      o.put("signal_id", x.signalId());
      o.put("paced_approved", x.pacedApproved());
      o.put("paced_reason", x.pacedReason());
      o.put("replay_approved", x.replayApproved());
      o.put("replay_reason", x.replayReason());
    }
    strings(n.putArray("traded_only_paced"), tradedOnlyPaced);
    strings(n.putArray("traded_only_replay"), tradedOnlyReplay);
    ArrayNode f = n.putArray("fills");
    for (FillDiff x : fills) {
      ObjectNode o = f.addObject();
      o.put("signal_id", x.signalId());
      o.put("paced_fill_points", x.pacedFillPoints());
      o.put("replay_fill_points", x.replayFillPoints());
      o.put("fill_price_points", x.fillPricePoints());
      o.put("fill_price_usd", x.fillPriceUsd());
      o.put("fill_time_ns", x.fillTimeNs());
      o.put("slippage_points", x.slippagePoints());
      o.put("signal_to_fill_ns", x.signalToFillNs());
    }
    return n;
  }

  private static void stat(ObjectNode t, String name, Stat s) {
    ObjectNode o = t.putObject(name);
    o.put("mean_abs", s.meanAbs());
    o.put("max_abs", s.maxAbs());
  }

  private static void strings(ArrayNode a, List<String> xs) {
    xs.forEach(a::add);
  }
}
