package io.nqflow.eval;

import io.nqflow.core.config.Checks;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.Doc;
import io.nqflow.core.config.Key;
import io.nqflow.core.config.Validating;
import java.io.Serializable;
import java.time.Duration;

/**
 * The {@code evaluation:} section of a profile: how the signal-evaluation job follows each signal's
 * shadow trade (docs/evaluation.md). The bracket (entry slippage, stop and target fractions), the
 * quantity and the multipliers must be the risk gate's, so that the shadow trade is the order the
 * gate would make (io.nqflow.market.EntryBracket, the gate's arithmetic): their defaults are the
 * gate's, {@code nqflow local} copies the {@code risk:} section's values into them, and a cluster
 * profile that changes {@code risk:} sets them alike.
 *
 * @param variant A/B variant whose signals are evaluated
 * @param horizon longest holding time of a shadow trade, event time
 * @param feePerContractUsd fee per contract and side, USD
 * @param exitSlippageTicks option ticks a stop or horizon exit fills below the deciding print
 * @param joinWait event time an outcome waits after the signal for its risk decision and fill
 * @param retention event time the job keeps prices and emitted outcomes for late input
 * @param orderQuantity contracts per trade (as {@code risk.order_quantity})
 * @param entrySlippageFraction the entry limit's allowance above the reference (as {@code
 *     risk.entry_slippage_fraction})
 * @param stopLossFraction the stop below the limit (as {@code risk.stop_loss_fraction})
 * @param profitTargetFraction the target above the limit (as {@code risk.profit_target_fraction})
 * @param nqMultiplierUsd USD per point of an NQ option (as {@code risk.nq_multiplier_usd})
 * @param mnqMultiplierUsd USD per point of an MNQ option (as {@code risk.mnq_multiplier_usd})
 */
public record EvaluationSettings(
    @Key("/variant") String variant,
    @Doc(
            value =
                "Longest holding time of a shadow trade (event time); the option's expiration"
                    + " ends it earlier",
            unit = "duration")
        Duration horizon,
    @Key("fee_per_contract_usd")
        @Doc(value = "Fee per contract and side (entry and exit each pay it)", unit = "USD")
        double feePerContractUsd,
    @Key("exit_slippage_ticks")
        @Doc(
            value =
                "A stop or horizon exit fills this many option ticks below the print that"
                    + " decided it (a target fills at the target)",
            unit = "ticks")
        int exitSlippageTicks,
    @Key("join_wait")
        @Doc(
            value =
                "Event time after the signal an outcome waits (at least until its exit) for the"
                    + " risk decision and the paper entry fill; later ones update the record",
            unit = "duration")
        Duration joinWait,
    @Doc(
            value =
                "Event time the job keeps an instrument's prices and emitted outcomes: a signal"
                    + " later than this behind the market is dead-lettered, a decision or fill"
                    + " later than this after the exit is not joined",
            unit = "duration")
        Duration retention,
    @Key("order_quantity")
        @Doc(
            value = "Contracts of a shadow trade; keep equal to risk.order_quantity",
            unit = "contracts")
        int orderQuantity,
    @Key("entry_slippage_fraction")
        @Doc(
            value =
                "Entry limit above the signal's price, fraction of it; keep equal to"
                    + " risk.entry_slippage_fraction",
            unit = "fraction")
        double entrySlippageFraction,
    @Key("stop_loss_fraction")
        @Doc(
            value = "Stop below the entry, fraction of it; keep equal to risk.stop_loss_fraction",
            unit = "fraction")
        double stopLossFraction,
    @Key("profit_target_fraction")
        @Doc(
            value =
                "Target above the entry, fraction of it; keep equal to"
                    + " risk.profit_target_fraction",
            unit = "fraction")
        double profitTargetFraction,
    @Key("nq_multiplier_usd")
        @Doc(
            value = "USD per point of an NQ option; keep equal to risk.nq_multiplier_usd",
            unit = "USD per point")
        double nqMultiplierUsd,
    @Key("mnq_multiplier_usd")
        @Doc(
            value = "USD per point of an MNQ option; keep equal to risk.mnq_multiplier_usd",
            unit = "USD per point")
        double mnqMultiplierUsd)
    implements Validating, Serializable {

  public static final ConfigSection<EvaluationSettings> SECTION =
      ConfigSection.of("evaluation", EvaluationSettings.class, EvaluationSettings::defaults);

  /**
   * One hour's horizon, $2.50 per contract and side, one tick, 10 s join wait, 15 min kept; the
   * risk gate's defaults for the bracket (1 contract, 2 % entry slippage, stop 50 % below and
   * target 100 % above the limit, NQ $20 and MNQ $2 a point).
   */
  public static EvaluationSettings defaults() {
    return new EvaluationSettings(
        "baseline",
        Duration.ofHours(1),
        2.50,
        1,
        Duration.ofSeconds(10),
        Duration.ofMinutes(15),
        1,
        0.02,
        0.50,
        1.00,
        20.0,
        2.0);
  }

  public EvaluationSettings withVariant(String value) {
    return new EvaluationSettings(
        value,
        horizon,
        feePerContractUsd,
        exitSlippageTicks,
        joinWait,
        retention,
        orderQuantity,
        entrySlippageFraction,
        stopLossFraction,
        profitTargetFraction,
        nqMultiplierUsd,
        mnqMultiplierUsd);
  }

  public EvaluationSettings withHorizon(Duration value) {
    return new EvaluationSettings(
        variant,
        value,
        feePerContractUsd,
        exitSlippageTicks,
        joinWait,
        retention,
        orderQuantity,
        entrySlippageFraction,
        stopLossFraction,
        profitTargetFraction,
        nqMultiplierUsd,
        mnqMultiplierUsd);
  }

  public EvaluationSettings withRetention(Duration value) {
    return new EvaluationSettings(
        variant,
        horizon,
        feePerContractUsd,
        exitSlippageTicks,
        joinWait,
        value,
        orderQuantity,
        entrySlippageFraction,
        stopLossFraction,
        profitTargetFraction,
        nqMultiplierUsd,
        mnqMultiplierUsd);
  }

  /**
   * A copy with the risk gate's bracket, quantity and multipliers (the {@code risk:} section's).
   */
  public EvaluationSettings withBracket(
      int quantity,
      double entrySlippage,
      double stopLoss,
      double profitTarget,
      double nqMultiplier,
      double mnqMultiplier) {
    return new EvaluationSettings(
        variant,
        horizon,
        feePerContractUsd,
        exitSlippageTicks,
        joinWait,
        retention,
        quantity,
        entrySlippage,
        stopLoss,
        profitTarget,
        nqMultiplier,
        mnqMultiplier);
  }

  @Override
  public void validate(Checks checks) {
    checks.notBlank("variant", variant);
    checks.positive("horizon", horizon);
    checks.require(
        feePerContractUsd >= 0 && Double.isFinite(feePerContractUsd),
        "fee_per_contract_usd",
        "must be a finite amount >= 0, got " + feePerContractUsd);
    checks.range("exit_slippage_ticks", exitSlippageTicks, 0, 100);
    checks.require(
        joinWait != null && !joinWait.isNegative(), "join_wait", "must be set and not negative");
    checks.positive("retention", retention);
    checks.range("order_quantity", orderQuantity, 1, 1_000_000);
    checks.require(
        entrySlippageFraction >= 0 && entrySlippageFraction < 1,
        "entry_slippage_fraction",
        "must be in [0, 1), got " + entrySlippageFraction);
    checks.require(
        stopLossFraction > 0 && stopLossFraction < 1,
        "stop_loss_fraction",
        "must be in (0, 1), got " + stopLossFraction);
    checks.above("profit_target_fraction", profitTargetFraction, 0);
    checks.above("nq_multiplier_usd", nqMultiplierUsd, 0);
    checks.above("mnq_multiplier_usd", mnqMultiplierUsd, 0);
  }
}
