package io.nqflow.core.config;

import io.nqflow.common.v1.Confidence;
import java.time.Duration;

/**
 * Risk-and-budget gate limits ({@code risk:}); filled from the strategy file, then the profile.
 *
 * @param account trading account the gate approves orders for
 * @param minConfidence signals below this confidence are rejected
 * @param maxContractsPerPosition contracts per open position
 * @param maxTotalPosition contracts over all open positions of the account
 * @param maxDailyLossUsd realized + unrealized loss per day that halts entries, USD
 * @param maxTotalRiskUsd sum of open positions' risk to their stops, USD
 * @param maxOrdersPerMinute order-rate limit
 * @param maxCostPerSignalUsd data spend attributed to one signal above which it is rejected, USD
 * @param stopLossPct stop distance, percent of the entry premium
 * @param profitTargetPct target distance, percent of the entry premium
 * @param entrySlippagePct how far above the signal's price an entry limit may be, percent
 * @param minRiskReward minimum reward / risk of a setup
 * @param minTimeToExpiry options closer than this to expiry are not traded
 * @param enforceTradingHours reject entries outside the instrument's trading hours
 * @param dedupeTtl how long seen signal ids are remembered for duplicate suppression
 * @param ev expected-value filter
 */
public record RiskConfig(
    String account,
    Confidence minConfidence,
    int maxContractsPerPosition,
    int maxTotalPosition,
    double maxDailyLossUsd,
    double maxTotalRiskUsd,
    int maxOrdersPerMinute,
    double maxCostPerSignalUsd,
    double stopLossPct,
    double profitTargetPct,
    double entrySlippagePct,
    double minRiskReward,
    Duration minTimeToExpiry,
    boolean enforceTradingHours,
    Duration dedupeTtl,
    EvConfig ev)
    implements Validating {

  public static RiskConfig defaults() {
    return new RiskConfig(
        "paper",
        Confidence.HIGH,
        1,
        2,
        50,
        200,
        10,
        5,
        50,
        100,
        2,
        1.5,
        Duration.ofHours(2),
        true,
        Duration.ofDays(1),
        EvConfig.defaults());
  }

  @Override
  public void validate(Checks c) {
    c.notBlank("account", account);
    c.range("max_contracts_per_position", maxContractsPerPosition, 1, 1_000);
    c.range("max_total_position", maxTotalPosition, 1, 10_000);
    c.require(
        maxTotalPosition >= maxContractsPerPosition,
        "max_total_position",
        "must be at least max_contracts_per_position (" + maxContractsPerPosition + ")");
    c.range("max_daily_loss_usd", maxDailyLossUsd, 1, 10_000_000);
    c.range("max_total_risk_usd", maxTotalRiskUsd, 1, 100_000_000);
    c.range("max_orders_per_minute", maxOrdersPerMinute, 1, 10_000);
    c.range("max_cost_per_signal_usd", maxCostPerSignalUsd, 0, 10_000);
    c.range("stop_loss_pct", stopLossPct, 1, 100);
    c.range("profit_target_pct", profitTargetPct, 1, 10_000);
    c.range("entry_slippage_pct", entrySlippagePct, 0, 50);
    c.range("min_risk_reward", minRiskReward, 0.1, 100);
    c.atLeast("min_time_to_expiry", minTimeToExpiry, Duration.ZERO);
    c.positive("dedupe_ttl", dedupeTtl);
  }
}
