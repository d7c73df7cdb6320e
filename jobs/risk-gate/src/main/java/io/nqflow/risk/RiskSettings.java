package io.nqflow.risk;

import io.nqflow.common.v1.Confidence;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every limit of the risk-and-budget gate (DESIGN §6), immutable; docs/risk.md lists each with its
 * config key and default. The runner maps the profile's YAML onto it; a broken combination fails at
 * construction with every problem listed at once.
 *
 * @param variant A/B variant whose signals this gate decides; part of every id it derives
 * @param account trading account the gate trades and whose exec.events it follows
 * @param minConfidence lowest signal confidence that may trade
 * @param orderQuantity contracts per entry order before limits cut it
 * @param maxContractsPerPosition contracts per instrument, open plus pending, after the order
 * @param maxTotalContracts contracts over all instruments, open plus pending, after the order
 * @param maxDailyLossUsd realized plus unrealized loss of the CME trading day that halts trading,
 *     USD; an entry whose stop-out would pass it is rejected too
 * @param maxTotalRiskUsd dollars to the stops over open, pending and the new order, USD
 * @param maxOrdersPerMinute approved orders (entries and exits) in any 60 s of signal event time
 * @param dailyDataBudgetUsd data spend per UTC day from ops.costs that stops new entries, USD
 * @param monthlyDataBudgetUsd data spend per UTC month from ops.costs that stops new entries, USD
 * @param maxCostPerSignalUsd data spend of the budget day divided by the signals decided that day,
 *     USD
 * @param stopLossFraction stop-loss below the entry as a fraction of the premium (0.30 = 30 %)
 * @param profitTargetFraction profit target above the entry as a fraction of the premium
 * @param entrySlippageFraction how far above the signal's price a buy limit may be set (0.02 = 2%),
 *     so an entry that follows aggressive flow stays marketable; exits are limited at the price. 0
 *     here; the strategies in config/ set it (entry_slippage_pct)
 * @param minRiskReward lowest (target - entry) / (entry - stop) after rounding to the tick grid
 * @param minTimeToExpiry shortest time from the signal to the option's expiration for an entry
 * @param enforceTradingHours reject signals outside CME Globex hours for NQ options
 * @param cooldown shortest event-time gap between two entries on one instrument
 * @param dedupeTtl how long a signal id, fill execution id and cost id are remembered
 * @param nqMultiplierUsd USD per index point per contract for NQ options
 * @param mnqMultiplierUsd USD per index point per contract for MNQ (micro) options
 */
public record RiskSettings(
    String variant,
    String account,
    Confidence minConfidence,
    int orderQuantity,
    int maxContractsPerPosition,
    int maxTotalContracts,
    double maxDailyLossUsd,
    double maxTotalRiskUsd,
    int maxOrdersPerMinute,
    double dailyDataBudgetUsd,
    double monthlyDataBudgetUsd,
    double maxCostPerSignalUsd,
    double stopLossFraction,
    double profitTargetFraction,
    double entrySlippageFraction,
    double minRiskReward,
    Duration minTimeToExpiry,
    boolean enforceTradingHours,
    Duration cooldown,
    Duration dedupeTtl,
    double nqMultiplierUsd,
    double mnqMultiplierUsd)
    implements Serializable {

  public RiskSettings {
    List<String> errors = new ArrayList<>();
    if (variant == null || variant.isBlank()) {
      errors.add("variant must not be blank");
    }
    if (account == null || account.isBlank()) {
      errors.add("account must not be blank");
    }
    if (minConfidence == null) {
      errors.add("min-confidence must be set");
    }
    positive(errors, "order-quantity", orderQuantity);
    positive(errors, "max-contracts-per-position", maxContractsPerPosition);
    positive(errors, "max-total-contracts", maxTotalContracts);
    positive(errors, "max-daily-loss-usd", maxDailyLossUsd);
    positive(errors, "max-total-risk-usd", maxTotalRiskUsd);
    positive(errors, "max-orders-per-minute", maxOrdersPerMinute);
    positive(errors, "data-budget.daily-usd", dailyDataBudgetUsd);
    positive(errors, "data-budget.monthly-usd", monthlyDataBudgetUsd);
    positive(errors, "max-cost-per-signal-usd", maxCostPerSignalUsd);
    if (!(stopLossFraction > 0 && stopLossFraction < 1)) {
      errors.add("stop-loss-fraction must be in (0, 1), got " + stopLossFraction);
    }
    positive(errors, "profit-target-fraction", profitTargetFraction);
    if (!(entrySlippageFraction >= 0 && entrySlippageFraction < 1)) {
      errors.add("entry-slippage-fraction must be in [0, 1), got " + entrySlippageFraction);
    }
    positive(errors, "min-risk-reward", minRiskReward);
    nonNegative(errors, "min-time-to-expiry", minTimeToExpiry);
    nonNegative(errors, "cooldown", cooldown);
    if (dedupeTtl == null || dedupeTtl.isZero() || dedupeTtl.isNegative()) {
      errors.add("dedupe-ttl must be positive, got " + dedupeTtl);
    }
    positive(errors, "multiplier.nq-usd", nqMultiplierUsd);
    positive(errors, "multiplier.mnq-usd", mnqMultiplierUsd);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid risk settings: " + String.join("; ", errors));
    }
  }

  /** DESIGN §6 defaults for the {@code limited-live} profile on the paper account. */
  public static RiskSettings defaults() {
    return new RiskSettings(
        "baseline",
        "paper",
        Confidence.MODERATE,
        1,
        1,
        2,
        50.0,
        200.0,
        5,
        8.0,
        200.0,
        5.0,
        0.30,
        0.60,
        0.0,
        1.5,
        Duration.ofMinutes(30),
        true,
        Duration.ofMinutes(2),
        Duration.ofDays(7),
        20.0,
        2.0);
  }

  public RiskSettings withVariant(String v) {
    return new Builder(this).variant(v).build();
  }

  public RiskSettings withAccount(String a) {
    return new Builder(this).account(a).build();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void positive(List<String> errors, String key, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      errors.add(key + " must be a positive number, got " + v);
    }
  }

  private static void nonNegative(List<String> errors, String key, Duration d) {
    if (d == null || d.isNegative()) {
      errors.add(key + " must be zero or positive, got " + d);
    }
  }

  /** Changes a few settings of a copy; {@link #build()} validates them all. */
  public static final class Builder {
    private String variant;
    private String account;
    private Confidence minConfidence;
    private int orderQuantity;
    private int maxContractsPerPosition;
    private int maxTotalContracts;
    private double maxDailyLossUsd;
    private double maxTotalRiskUsd;
    private int maxOrdersPerMinute;
    private double dailyDataBudgetUsd;
    private double monthlyDataBudgetUsd;
    private double maxCostPerSignalUsd;
    private double stopLossFraction;
    private double profitTargetFraction;
    private double entrySlippageFraction;
    private double minRiskReward;
    private Duration minTimeToExpiry;
    private boolean enforceTradingHours;
    private Duration cooldown;
    private Duration dedupeTtl;
    private double nqMultiplierUsd;
    private double mnqMultiplierUsd;

    private Builder(RiskSettings s) {
      variant = s.variant;
      account = s.account;
      minConfidence = s.minConfidence;
      orderQuantity = s.orderQuantity;
      maxContractsPerPosition = s.maxContractsPerPosition;
      maxTotalContracts = s.maxTotalContracts;
      maxDailyLossUsd = s.maxDailyLossUsd;
      maxTotalRiskUsd = s.maxTotalRiskUsd;
      maxOrdersPerMinute = s.maxOrdersPerMinute;
      dailyDataBudgetUsd = s.dailyDataBudgetUsd;
      monthlyDataBudgetUsd = s.monthlyDataBudgetUsd;
      maxCostPerSignalUsd = s.maxCostPerSignalUsd;
      stopLossFraction = s.stopLossFraction;
      profitTargetFraction = s.profitTargetFraction;
      entrySlippageFraction = s.entrySlippageFraction;
      minRiskReward = s.minRiskReward;
      minTimeToExpiry = s.minTimeToExpiry;
      enforceTradingHours = s.enforceTradingHours;
      cooldown = s.cooldown;
      dedupeTtl = s.dedupeTtl;
      nqMultiplierUsd = s.nqMultiplierUsd;
      mnqMultiplierUsd = s.mnqMultiplierUsd;
    }

    public Builder variant(String v) {
      variant = v;
      return this;
    }

    public Builder account(String v) {
      account = v;
      return this;
    }

    public Builder minConfidence(Confidence v) {
      minConfidence = v;
      return this;
    }

    public Builder orderQuantity(int v) {
      orderQuantity = v;
      return this;
    }

    public Builder maxContractsPerPosition(int v) {
      maxContractsPerPosition = v;
      return this;
    }

    public Builder maxTotalContracts(int v) {
      maxTotalContracts = v;
      return this;
    }

    public Builder maxDailyLossUsd(double v) {
      maxDailyLossUsd = v;
      return this;
    }

    public Builder maxTotalRiskUsd(double v) {
      maxTotalRiskUsd = v;
      return this;
    }

    public Builder maxOrdersPerMinute(int v) {
      maxOrdersPerMinute = v;
      return this;
    }

    public Builder dailyDataBudgetUsd(double v) {
      dailyDataBudgetUsd = v;
      return this;
    }

    public Builder monthlyDataBudgetUsd(double v) {
      monthlyDataBudgetUsd = v;
      return this;
    }

    public Builder maxCostPerSignalUsd(double v) {
      maxCostPerSignalUsd = v;
      return this;
    }

    public Builder stopLossFraction(double v) {
      stopLossFraction = v;
      return this;
    }

    public Builder entrySlippageFraction(double v) {
      entrySlippageFraction = v;
      return this;
    }

    public Builder profitTargetFraction(double v) {
      profitTargetFraction = v;
      return this;
    }

    public Builder minRiskReward(double v) {
      minRiskReward = v;
      return this;
    }

    public Builder minTimeToExpiry(Duration v) {
      minTimeToExpiry = v;
      return this;
    }

    public Builder enforceTradingHours(boolean v) {
      enforceTradingHours = v;
      return this;
    }

    public Builder cooldown(Duration v) {
      cooldown = v;
      return this;
    }

    public Builder dedupeTtl(Duration v) {
      dedupeTtl = v;
      return this;
    }

    public Builder nqMultiplierUsd(double v) {
      nqMultiplierUsd = v;
      return this;
    }

    public Builder mnqMultiplierUsd(double v) {
      mnqMultiplierUsd = v;
      return this;
    }

    public RiskSettings build() {
      return new RiskSettings(
          variant,
          account,
          minConfidence,
          orderQuantity,
          maxContractsPerPosition,
          maxTotalContracts,
          maxDailyLossUsd,
          maxTotalRiskUsd,
          maxOrdersPerMinute,
          dailyDataBudgetUsd,
          monthlyDataBudgetUsd,
          maxCostPerSignalUsd,
          stopLossFraction,
          profitTargetFraction,
          entrySlippageFraction,
          minRiskReward,
          minTimeToExpiry,
          enforceTradingHours,
          cooldown,
          dedupeTtl,
          nqMultiplierUsd,
          mnqMultiplierUsd);
    }
  }
}
