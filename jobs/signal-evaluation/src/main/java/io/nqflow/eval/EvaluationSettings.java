package io.nqflow.eval;

import io.nqflow.core.config.Checks;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.Doc;
import io.nqflow.core.config.Key;
import io.nqflow.core.config.Validating;
import io.nqflow.market.EntryBracket;
import io.nqflow.market.Multipliers;
import java.io.Serializable;
import java.time.Duration;

/**
 * The {@code evaluation:} section of a profile: how the signal-evaluation job follows each signal's
 * shadow trade (docs/evaluation.md). The bracket (entry slippage, stop and target fractions), the
 * quantity and the multipliers are read from the {@code risk:} section's keys, so the shadow trade
 * is the order the risk gate would make ({@link EntryBracket}, the gate's own arithmetic).
 *
 * @param variant A/B variant whose signals are evaluated
 * @param horizon longest holding time of a shadow trade, event time
 * @param feePerContractUsd fee per contract and side, USD
 * @param exitSlippageTicks option ticks a stop or horizon exit fills below the deciding print
 * @param joinWait event time an outcome waits after the signal for its risk decision and fill
 * @param retention event time the job keeps prices and emitted outcomes for late input
 * @param orderQuantity contracts per trade ({@code risk.order_quantity})
 * @param entrySlippageFraction the entry limit's allowance above the reference ({@code
 *     risk.entry_slippage_fraction})
 * @param stopLossFraction the stop below the limit ({@code risk.stop_loss_fraction})
 * @param profitTargetFraction the target above the limit ({@code risk.profit_target_fraction})
 * @param nqMultiplierUsd USD per point of an NQ option ({@code risk.nq_multiplier_usd})
 * @param mnqMultiplierUsd USD per point of an MNQ option ({@code risk.mnq_multiplier_usd})
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
    @Key("/risk.order_quantity") int orderQuantity,
    @Key("/risk.entry_slippage_fraction") double entrySlippageFraction,
    @Key("/risk.stop_loss_fraction") double stopLossFraction,
    @Key("/risk.profit_target_fraction") double profitTargetFraction,
    @Key("/risk.nq_multiplier_usd") double nqMultiplierUsd,
    @Key("/risk.mnq_multiplier_usd") double mnqMultiplierUsd)
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

  /** USD per point of an option on {@code underlying}: NQ or MNQ, 0 for any other. */
  public double multiplierOf(String underlying) {
    return switch (Multipliers.ofSymbol(underlying)) {
      case Multipliers.MNQ_USD -> mnqMultiplierUsd;
      case Multipliers.NQ_USD -> nqMultiplierUsd;
      default -> 0;
    };
  }

  /** The bracket of the long entry the risk gate would place at {@code reference}. */
  public EntryBracket bracket(long reference) {
    return EntryBracket.of(
        reference, entrySlippageFraction, stopLossFraction, profitTargetFraction);
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
    checks.range("risk.order_quantity", orderQuantity, 1, 1_000_000);
  }
}
