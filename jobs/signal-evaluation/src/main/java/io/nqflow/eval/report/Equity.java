package io.nqflow.eval.report;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The equity curve of a set of outcomes: the decided ones (not {@code OPEN}) in exit order ({@code
 * ts_exit}, then {@code ts_signal}, then {@code signal_id}), cumulative {@code pnl_usd} from 0 USD,
 * with the drawdown below the running peak (the peak starts at 0 USD).
 *
 * @param points one point per decided outcome, in exit order
 * @param maxDrawdownUsd the largest drawdown, USD (>= 0; 0 without any)
 * @param maxDrawdownNs event time from the peak of the largest drawdown to the first point at or
 *     above that peak again, or to the last point when equity never gets back, ns; the peak at 0
 *     USD before the first trade is timed at the earliest {@code ts_signal} of the decided outcomes
 * @param recovered whether equity got back to the peak of the largest drawdown
 */
public record Equity(
    List<Point> points, double maxDrawdownUsd, long maxDrawdownNs, boolean recovered) {

  /**
   * One decided outcome on the curve.
   *
   * @param outcome the outcome
   * @param tsNs its exit time (its signal time when it has no exit time), ns since the UNIX epoch
   * @param equityUsd cumulative P&L after it, USD
   * @param drawdownUsd running peak minus equity after it, USD (>= 0)
   */
  public record Point(SignalOutcome outcome, long tsNs, double equityUsd, double drawdownUsd) {}

  /** Whether an outcome is decided (target, stop or expiry), i.e. not {@code OPEN}. */
  public static boolean decided(SignalOutcome o) {
    return o.getOutcome() != OutcomeKind.OPEN;
  }

  static long exitTime(SignalOutcome o) {
    return o.getTsExit() != null ? o.getTsExit() : o.getTsSignal();
  }

  /** The exit order of the decided outcomes. */
  public static List<SignalOutcome> inExitOrder(List<SignalOutcome> outcomes) {
    return outcomes.stream()
        .filter(Equity::decided)
        .sorted(
            Comparator.comparingLong(Equity::exitTime)
                .thenComparingLong(SignalOutcome::getTsSignal)
                .thenComparing(o -> o.getSignalId().toString()))
        .toList();
  }

  /** The curve of the decided outcomes among {@code outcomes}. */
  public static Equity of(List<SignalOutcome> outcomes) {
    List<SignalOutcome> ordered = inExitOrder(outcomes);
    List<Point> points = new ArrayList<>(ordered.size());
    if (ordered.isEmpty()) {
      return new Equity(points, 0, 0, true);
    }
    long start = ordered.stream().mapToLong(SignalOutcome::getTsSignal).min().orElse(0);
    double equity = 0;
    double peak = 0;
    long peakTime = start;
    double maxDd = 0;
    double maxDdPeak = 0;
    long maxDdPeakTime = start;
    int troughIndex = -1;
    for (int i = 0; i < ordered.size(); i++) {
      SignalOutcome o = ordered.get(i);
      long t = exitTime(o);
      equity += o.getPnlUsd();
      if (equity >= peak) {
        peak = equity;
        peakTime = t;
      }
      double dd = peak - equity;
      points.add(new Point(o, t, equity, dd));
      if (dd > maxDd) {
        maxDd = dd;
        maxDdPeak = peak;
        maxDdPeakTime = peakTime;
        troughIndex = i;
      }
    }
    if (troughIndex < 0) {
      return new Equity(points, 0, 0, true);
    }
    for (int i = troughIndex + 1; i < points.size(); i++) {
      if (points.get(i).equityUsd() >= maxDdPeak) {
        return new Equity(points, maxDd, points.get(i).tsNs() - maxDdPeakTime, true);
      }
    }
    return new Equity(points, maxDd, points.get(points.size() - 1).tsNs() - maxDdPeakTime, false);
  }
}
