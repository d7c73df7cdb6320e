package io.nqflow.risk.budget;

import io.nqflow.market.CmeCalendar;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskEmitter;
import io.nqflow.risk.RiskInputException;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.audit.GateAudits;
import io.nqflow.risk.book.BookKeeper;
import io.nqflow.risk.book.Usd;
import io.nqflow.schemas.AuditDetails;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The data budget (ops.costs): spend per UTC day and month, deduplicated by cost id, and the
 * signals decided per budget day for the cost per signal. Audits the moment a budget is used up.
 */
public final class DataBudget implements Serializable {
  private static final int BUDGET_DAYS_KEPT = 62;

  private final RiskSettings s;
  private final GateAudits audits;

  public DataBudget(RiskSettings settings, GateAudits audits) {
    this.s = settings;
    this.audits = audits;
  }

  /**
   * Counts one data-spend event (deduplicated by cost id) against the daily and monthly budget.
   *
   * @throws RiskInputException for a negative or non-finite amount or a malformed day; the book is
   *     then unchanged
   */
  public void onCost(RiskBook b, CostEvent c, long nowNs, RiskEmitter out) {
    double amount = c.getAmountUsd();
    if (!Double.isFinite(amount) || amount < 0) {
      throw new RiskInputException(
          "cost " + c.getCostId() + " has amount_usd " + amount + "; must be finite and >= 0");
    }
    String day = c.getDay();
    try {
      LocalDate.parse(day);
    } catch (DateTimeParseException ex) {
      throw new RiskInputException(
          "cost " + c.getCostId() + " has day '" + day + "'; expected yyyy-MM-dd");
    }
    if (b.seenCostIds.containsKey(c.getCostId())) {
      return;
    }
    b.seenCostIds.put(c.getCostId(), c.getTs());
    BookKeeper.pruneSeen(b.seenCostIds, c.getTs(), s.dedupeTtl());
    double before = b.spendByDay.getOrDefault(day, 0.0);
    double monthBefore = monthSpend(b, day);
    b.spendByDay.put(day, before + amount);
    if (day.compareTo(b.latestCostDay) > 0) {
      b.latestCostDay = day;
      String oldest = LocalDate.parse(day).minusDays(BUDGET_DAYS_KEPT).toString();
      b.spendByDay.keySet().removeIf(d -> d.compareTo(oldest) < 0);
    }
    if (before < s.dailyDataBudgetUsd() && before + amount >= s.dailyDataBudgetUsd()) {
      out.audit(
          exhausted(day, "daily", before + amount, s.dailyDataBudgetUsd(), nowNs, "day " + day));
    }
    double monthAfter = monthBefore + amount;
    if (monthBefore < s.monthlyDataBudgetUsd() && monthAfter >= s.monthlyDataBudgetUsd()) {
      out.audit(
          exhausted(
              day.substring(0, 7),
              "monthly",
              monthAfter,
              s.monthlyDataBudgetUsd(),
              nowNs,
              "month " + day.substring(0, 7)));
    }
  }

  /**
   * Counts a signal (entry or exit) on its budget day and returns that day's spend; the count feeds
   * the cost per signal.
   */
  public BudgetDay countSignal(RiskBook b, long tsSignal) {
    String day = budgetDay(b, tsSignal);
    int signals = b.signalsByBudgetDay.merge(day, 1, Integer::sum);
    pruneSignalCounts(b, day);
    return new BudgetDay(day, signals, b.spendByDay.getOrDefault(day, 0.0), monthSpend(b, day));
  }

  /**
   * The budget day: the later of the signal's UTC date and the latest day a cost was reported for,
   * so a replay of history is held to today's spend.
   */
  static String budgetDay(RiskBook b, long ts) {
    String signalDay = CmeCalendar.utcDay(ts).toString();
    return signalDay.compareTo(b.latestCostDay) >= 0 ? signalDay : b.latestCostDay;
  }

  private static double monthSpend(RiskBook b, String day) {
    String month = day.substring(0, 7);
    double sum = 0;
    for (Map.Entry<String, Double> e : b.spendByDay.entrySet()) {
      if (e.getKey().startsWith(month)) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  private static void pruneSignalCounts(RiskBook b, String budgetDay) {
    if (b.signalsByBudgetDay.size() > 3) {
      String oldest = LocalDate.parse(budgetDay).minusDays(2).toString();
      b.signalsByBudgetDay.keySet().removeIf(d -> d.compareTo(oldest) < 0);
    }
  }

  private AuditEvent exhausted(
      String period, String kind, double spent, double budget, long nowNs, String what) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.SPENT_USD, Usd.text(spent));
    d.put(AuditDetails.BUDGET_USD, Usd.text(budget));
    return audits.audit(
        "budget",
        kind + ":" + period,
        "DATA_BUDGET_EXHAUSTED",
        nowNs,
        String.format(
            Locale.ROOT,
            "data spend $%.2f reached the %s budget $%.2f for %s; new entries stop",
            spent,
            kind,
            budget,
            what),
        d,
        "budget");
  }
}
