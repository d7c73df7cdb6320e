package io.nqflow.eval.report;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.market.CmeCalendar;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evaluation figures of a set of outcomes (one variant, day, algorithm, confidence or hour).
 * Formulas and units: docs/evaluation.md. A figure that is undefined for the set (no decided
 * outcome, no loss, fewer than two days, ...) is {@link Double#NaN}.
 *
 * <p>"Decided" means the outcome is TARGET, STOP or EXPIRY (not OPEN); a win is a decided outcome
 * with {@code pnl_usd > 0}, a loss one with {@code pnl_usd < 0} (a 0 USD outcome is neither).
 *
 * @param signals outcomes in the set, open ones included
 * @param decided outcomes that are not OPEN
 * @param wins decided outcomes with pnl_usd &gt; 0
 * @param losses decided outcomes with pnl_usd &lt; 0
 * @param accuracy wins / decided (fraction)
 * @param meanWinUsd mean pnl_usd of the wins, USD
 * @param meanLossUsd mean |pnl_usd| of the losses, USD
 * @param winLoss meanWinUsd / meanLossUsd (NaN without a win or without a loss)
 * @param grossProfitUsd sum of the wins, USD
 * @param grossLossUsd sum of |losses|, USD
 * @param profitFactor grossProfitUsd / grossLossUsd (NaN without a loss)
 * @param totalPnlUsd sum of pnl_usd over the decided outcomes, USD
 * @param expectancyUsd totalPnlUsd / decided, USD per decided signal
 * @param days CME trading days (of ts_signal) with at least one decided outcome
 * @param sharpe mean / sample standard deviation of the per-day P&amp;L, x sqrt(252)
 * @param sortino mean / downside deviation (root mean square of min(0, day P&amp;L) over all days)
 *     of the per-day P&amp;L, x sqrt(252)
 * @param maxDrawdownUsd largest drawdown of the equity curve in exit order, USD ({@link Equity})
 * @param maxDrawdownNs duration of that drawdown, event time ns ({@link Equity})
 * @param falsePositiveRate decided outcomes that hit the stop or lost (STOP or pnl_usd &lt; 0) /
 *     decided (fraction)
 * @param costPerSignalUsd mean of fees_usd + slippage_usd over the decided outcomes, USD
 * @param approved outcomes whose signal the risk gate approved
 * @param approvedShare approved / signals (fraction)
 * @param capitalAtRiskUsd sum over the decided outcomes of entry price (points) x multiplier_usd x
 *     quantity, i.e. the premium a long option can lose, USD
 * @param roi totalPnlUsd / capitalAtRiskUsd (fraction)
 */
public record Figures(
    int signals,
    int decided,
    int wins,
    int losses,
    double accuracy,
    double meanWinUsd,
    double meanLossUsd,
    double winLoss,
    double grossProfitUsd,
    double grossLossUsd,
    double profitFactor,
    double totalPnlUsd,
    double expectancyUsd,
    int days,
    double sharpe,
    double sortino,
    double maxDrawdownUsd,
    long maxDrawdownNs,
    double falsePositiveRate,
    double costPerSignalUsd,
    int approved,
    double approvedShare,
    double capitalAtRiskUsd,
    double roi) {

  /** Trading days a year, the annualization factor's square: sqrt(252) x per-day ratio. */
  public static final int TRADING_DAYS_PER_YEAR = 252;

  /** The figures of {@code outcomes}. */
  public static Figures of(List<SignalOutcome> outcomes) {
    int decided = 0;
    int wins = 0;
    int losses = 0;
    int falsePositives = 0;
    int approved = 0;
    double grossProfit = 0;
    double grossLoss = 0;
    double total = 0;
    double cost = 0;
    double capital = 0;
    Map<LocalDate, Double> perDay = new TreeMap<>();
    for (SignalOutcome o : outcomes) {
      if (o.getApproved()) {
        approved++;
      }
      if (o.getOutcome() == OutcomeKind.OPEN) {
        continue;
      }
      decided++;
      double pnl = o.getPnlUsd();
      total += pnl;
      if (pnl > 0) {
        wins++;
        grossProfit += pnl;
      } else if (pnl < 0) {
        losses++;
        grossLoss += -pnl;
      }
      if (o.getOutcome() == OutcomeKind.STOP || pnl < 0) {
        falsePositives++;
      }
      cost += o.getFeesUsd() + o.getSlippageUsd();
      capital += o.getEntryPrice() / 1e9 * o.getMultiplierUsd() * o.getQuantity();
      perDay.merge(CmeCalendar.tradingDay(o.getTsSignal()), pnl, Double::sum);
    }
    Equity equity = Equity.of(outcomes);
    double meanWin = wins == 0 ? Double.NaN : grossProfit / wins;
    double meanLoss = losses == 0 ? Double.NaN : grossLoss / losses;
    double[] days = perDay.values().stream().mapToDouble(Double::doubleValue).toArray();
    return new Figures(
        outcomes.size(),
        decided,
        wins,
        losses,
        ratio(wins, decided),
        meanWin,
        meanLoss,
        wins == 0 || losses == 0 ? Double.NaN : meanWin / meanLoss,
        grossProfit,
        grossLoss,
        grossLoss == 0 ? Double.NaN : grossProfit / grossLoss,
        total,
        ratio(total, decided),
        days.length,
        sharpe(days),
        sortino(days),
        equity.maxDrawdownUsd(),
        equity.maxDrawdownNs(),
        ratio(falsePositives, decided),
        ratio(cost, decided),
        approved,
        ratio(approved, outcomes.size()),
        capital,
        capital == 0 ? Double.NaN : total / capital);
  }

  private static double ratio(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Annualized Sharpe ratio of a per-day P&L series; NaN for fewer than 2 days or no spread. */
  static double sharpe(double[] days) {
    if (days.length < 2) {
      return Double.NaN;
    }
    double m = mean(days);
    double ss = 0;
    for (double v : days) {
      ss += (v - m) * (v - m);
    }
    double sd = Math.sqrt(ss / (days.length - 1));
    return sd == 0 ? Double.NaN : m / sd * Math.sqrt(TRADING_DAYS_PER_YEAR);
  }

  /** Annualized Sortino ratio of a per-day P&L series; NaN for fewer than 2 days or no loss day. */
  static double sortino(double[] days) {
    if (days.length < 2) {
      return Double.NaN;
    }
    double ss = 0;
    for (double v : days) {
      double d = Math.min(0, v);
      ss += d * d;
    }
    double dd = Math.sqrt(ss / days.length);
    return dd == 0 ? Double.NaN : mean(days) / dd * Math.sqrt(TRADING_DAYS_PER_YEAR);
  }
}
