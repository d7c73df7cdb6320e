package io.nqflow.flow;

import io.nqflow.core.config.Doc;
import io.nqflow.core.config.Key;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Switches and thresholds of the institutional patterns ({@code detection.patterns:},
 * docs/algorithms.md). Every pattern also needs the premium notional of {@code
 * FlowDetectionSettings.minPremiumUsd} in total; sizes of single trades are set in premium where
 * the contract price varies too much for a contract count to mean the same thing on every strike.
 */
public record PatternSettings(
    @Key("sweep.enabled") @Doc("Whether the sweep pattern runs") boolean sweepEnabled,
    @Key("sweep.version") @Doc("Version of the sweep logic, written into its signals")
        int sweepVersion,
    @Key("sweep.min_levels")
        @Doc(value = "Distinct prices one match event must trade through", unit = "price levels")
        int sweepMinLevels,
    @Key("sweep.min_contracts") @Doc(value = "Contracts of the sweep, at least", unit = "contracts")
        long sweepMinContracts,
    @Key("ladder.enabled") @Doc("Whether the ladder pattern runs") boolean ladderEnabled,
    @Key("ladder.version") @Doc("Version of the ladder logic") int ladderVersion,
    @Key("ladder.min_strikes")
        @Doc(value = "Distinct strikes hit on the same side", unit = "strikes")
        int ladderMinStrikes,
    @Key("ladder.max_strike_step")
        @Doc(
            value =
                "Largest gap between consecutive strikes of a ladder (NQ lists strikes 25 points"
                    + " apart near the money: a ladder takes adjacent strikes; wider gaps let"
                    + " unrelated large trades of a busy chain form one)",
            unit = "index points")
        double ladderMaxStrikeStep,
    @Key("ladder.within") @Doc(value = "All legs within this long", unit = "duration")
        Duration ladderWithin,
    @Key("ladder.min_leg_premium_usd")
        @Doc(
            value =
                "Premium of each leg's aggressive order (its trades at one ts_event, one per price"
                    + " level; trades below a quarter of it are not read), at least",
            unit = "USD")
        double ladderMinLegPremiumUsd,
    @Key("iceberg.enabled") @Doc("Whether the iceberg pattern runs") boolean icebergEnabled,
    @Key("iceberg.version") @Doc("Version of the iceberg logic") int icebergVersion,
    @Key("iceberg.min_refills") @Doc(value = "Refills of the same level", unit = "refills")
        int icebergMinRefills,
    @Key("iceberg.within") @Doc(value = "All refills within this long", unit = "duration")
        Duration icebergWithin,
    @Key("iceberg.refill_window")
        @Doc(
            value =
                "An add or modify back at the level counts as a refill only this soon after the"
                    + " fill: an exchange-managed iceberg replenishes in the fill's own match"
                    + " event, a market maker re-quotes after a round trip",
            unit = "duration")
        Duration icebergRefillWindow,
    @Key("block.enabled") @Doc("Whether the block pattern runs") boolean blockEnabled,
    @Key("block.version") @Doc("Version of the block logic") int blockVersion,
    @Key("block.min_premium_usd")
        @Doc(value = "Premium of the single block print, at least", unit = "USD")
        double blockMinPremiumUsd,
    @Key("block.follow_trades")
        @Doc(value = "Same-side trades that must follow the block", unit = "trades")
        int blockFollowTrades,
    @Key("block.follow_min_contracts")
        @Doc(value = "Contracts per follow-through trade, at least", unit = "contracts")
        long blockFollowMinContracts,
    @Key("block.within")
        @Doc(value = "Follow-through within this long of the block", unit = "duration")
        Duration blockWithin,
    @Key("block.min_share")
        @Doc(
            value =
                "The block side's share of all aggressive contracts of the instrument over the"
                    + " last 10 minutes when the follow-through completes, at least (a two-sided"
                    + " burst of equal buys and sells is market making, not a block)",
            unit = "fraction")
        double blockMinShare,
    @Key("block.min_contracts")
        @Doc(
            value =
                "Contracts of the single block print, at least: a block is large in size as well"
                    + " as in premium (a few lots of a deep in-the-money option reach the premium)",
            unit = "contracts")
        long blockMinContracts,
    @Key("accumulation.enabled") @Doc("Whether the accumulation pattern runs")
        boolean accumulationEnabled,
    @Key("accumulation.version") @Doc("Version of the accumulation logic") int accumulationVersion,
    @Key("accumulation.min_trades")
        @Doc(value = "Same-side trades in the accumulation", unit = "trades")
        int accumulationMinTrades,
    @Key("accumulation.min_trade_contracts")
        @Doc(value = "Contracts per trade, at least", unit = "contracts")
        long accumulationMinTradeContracts,
    @Key("accumulation.min_share")
        @Doc(
            value =
                "The accumulating side's share of all aggressive contracts of the instrument over"
                    + " accumulation.within, at least (one-sidedness)",
            unit = "fraction")
        double accumulationMinShare,
    @Key("accumulation.within") @Doc(value = "All trades within this long", unit = "duration")
        Duration accumulationWithin,
    @Key("accumulation.min_avg_trade_premium_usd")
        @Doc(
            value =
                "The run's premium per trade, at least: institutions accumulate in clips worth"
                    + " thousands of dollars each, retail buys one to four lots at a time",
            unit = "USD")
        double accumulationMinAvgTradePremiumUsd,
    @Key("accumulation.max_p_value")
        @Doc(
            value =
                "Chance that balanced flow gives the run's side as many of the window's trades"
                    + " (one-sided binomial test, p = 1/2), at most: a streak of one side among"
                    + " several trades of the other is chance",
            unit = "probability")
        double accumulationMaxPValue,
    @Key("accumulation.min_volume_ratio")
        @Doc(
            value =
                "The run's contracts over what one side of the option's other flow lets one"
                    + " expect in the run's duration (at least 5 minutes), at least; the option's"
                    + " flow outside the run is the highest of this session's rate, the last"
                    + " accumulation.within's rate and the previous session's rate, so a run must"
                    + " stand out from the option's normal trading",
            unit = "ratio")
        double accumulationMinVolumeRatio,
    @Key("accumulation.clip_tolerance")
        @Doc(
            value =
                "A trade of the run is one of its clips when its premium is within this fraction"
                    + " of the run's median trade premium",
            unit = "fraction")
        double accumulationClipTolerance,
    @Key("accumulation.min_clip_share")
        @Doc(
            value =
                "Share of the run's trades that are clips, at least: an institution slices an"
                    + " order into child orders of about the same size, unrelated traders do not;"
                    + " 0 switches the rule off",
            unit = "fraction")
        double accumulationMinClipShare,
    @Key("accumulation.max_gap_cv")
        @Doc(
            value =
                "Coefficient of variation (standard deviation over mean) of the times between"
                    + " the run's clips, at most: a slicing algorithm sends its child orders at"
                    + " about regular intervals, independent traders arrive at random (about 1);"
                    + " 0 switches the rule off",
            unit = "ratio")
        double accumulationMaxGapCv)
    implements Serializable {

  /** Whether the named pattern runs. */
  public boolean enabled(String name) {
    return switch (name) {
      case "sweep" -> sweepEnabled;
      case "ladder" -> ladderEnabled;
      case "iceberg" -> icebergEnabled;
      case "block" -> blockEnabled;
      case "accumulation" -> accumulationEnabled;
      default -> throw new IllegalArgumentException("unknown pattern " + name);
    };
  }

  /** Version of the named pattern's logic. */
  public int version(String name) {
    return switch (name) {
      case "sweep" -> sweepVersion;
      case "ladder" -> ladderVersion;
      case "iceberg" -> icebergVersion;
      case "block" -> blockVersion;
      case "accumulation" -> accumulationVersion;
      default -> throw new IllegalArgumentException("unknown pattern " + name);
    };
  }

  /** A copy with the named pattern switched on or off. */
  public PatternSettings withEnabled(String name, boolean on) {
    enabled(name); // rejects an unknown name
    return new PatternSettings(
        name.equals("sweep") ? on : sweepEnabled,
        sweepVersion,
        sweepMinLevels,
        sweepMinContracts,
        name.equals("ladder") ? on : ladderEnabled,
        ladderVersion,
        ladderMinStrikes,
        ladderMaxStrikeStep,
        ladderWithin,
        ladderMinLegPremiumUsd,
        name.equals("iceberg") ? on : icebergEnabled,
        icebergVersion,
        icebergMinRefills,
        icebergWithin,
        icebergRefillWindow,
        name.equals("block") ? on : blockEnabled,
        blockVersion,
        blockMinPremiumUsd,
        blockFollowTrades,
        blockFollowMinContracts,
        blockWithin,
        blockMinShare,
        blockMinContracts,
        name.equals("accumulation") ? on : accumulationEnabled,
        accumulationVersion,
        accumulationMinTrades,
        accumulationMinTradeContracts,
        accumulationMinShare,
        accumulationWithin,
        accumulationMinAvgTradePremiumUsd,
        accumulationMaxPValue,
        accumulationMinVolumeRatio,
        accumulationClipTolerance,
        accumulationMinClipShare,
        accumulationMaxGapCv);
  }

  public PatternSettings {
    List<String> errors = new ArrayList<>();
    for (int v : new int[] {sweepVersion, ladderVersion, icebergVersion, blockVersion}) {
      if (v < 1) {
        errors.add("pattern versions must be >= 1, got " + v);
      }
    }
    if (accumulationVersion < 1) {
      errors.add("accumulation.version must be >= 1, got " + accumulationVersion);
    }
    if (sweepMinLevels < 2) {
      errors.add("sweepMinLevels must be >= 2, got " + sweepMinLevels);
    }
    if (ladderMinStrikes < 2) {
      errors.add("ladderMinStrikes must be >= 2, got " + ladderMinStrikes);
    }
    if (!(ladderMaxStrikeStep > 0)) {
      errors.add("ladderMaxStrikeStep must be > 0, got " + ladderMaxStrikeStep);
    }
    if (icebergMinRefills < 1) {
      errors.add("icebergMinRefills must be >= 1, got " + icebergMinRefills);
    }
    if (!(accumulationMinShare > 0.5 && accumulationMinShare <= 1)) {
      errors.add("accumulationMinShare must be in (0.5, 1], got " + accumulationMinShare);
    }
    if (!(blockMinShare >= 0.5 && blockMinShare <= 1)) {
      errors.add("blockMinShare must be in [0.5, 1], got " + blockMinShare);
    }
    if (!(accumulationMaxPValue > 0 && accumulationMaxPValue <= 1)) {
      errors.add("accumulationMaxPValue must be in (0, 1], got " + accumulationMaxPValue);
    }
    if (!(accumulationMinVolumeRatio >= 0)) {
      errors.add("accumulationMinVolumeRatio must be >= 0, got " + accumulationMinVolumeRatio);
    }
    if (!(accumulationClipTolerance >= 0 && accumulationClipTolerance < 1)) {
      errors.add("accumulationClipTolerance must be in [0, 1), got " + accumulationClipTolerance);
    }
    if (!(accumulationMinClipShare >= 0 && accumulationMinClipShare <= 1)) {
      errors.add("accumulationMinClipShare must be in [0, 1], got " + accumulationMinClipShare);
    }
    if (!(accumulationMaxGapCv >= 0)) {
      errors.add("accumulationMaxGapCv must be >= 0, got " + accumulationMaxGapCv);
    }
    if (blockFollowTrades < 1) {
      errors.add("blockFollowTrades must be >= 1, got " + blockFollowTrades);
    }
    if (accumulationMinTrades < 2) {
      errors.add("accumulationMinTrades must be >= 2, got " + accumulationMinTrades);
    }
    for (var d :
        List.of(
            java.util.Map.entry("ladderWithin", nn(ladderWithin)),
            java.util.Map.entry("icebergWithin", nn(icebergWithin)),
            java.util.Map.entry("icebergRefillWindow", nn(icebergRefillWindow)),
            java.util.Map.entry("blockWithin", nn(blockWithin)),
            java.util.Map.entry("accumulationWithin", nn(accumulationWithin)))) {
      if (d.getValue().isNegative() || d.getValue().isZero()) {
        errors.add(d.getKey() + " must be a positive duration, got " + d.getValue());
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid pattern settings: " + String.join("; ", errors));
    }
  }

  private static Duration nn(Duration d) {
    return d == null ? Duration.ZERO : d;
  }

  /** The tuned thresholds (docs/detection.md), every pattern on at version 1. */
  public static PatternSettings defaults() {
    return new PatternSettings(
        true,
        1,
        3,
        1,
        true,
        1,
        3,
        25.0,
        Duration.ofSeconds(10),
        100_000,
        true,
        1,
        1,
        Duration.ofMinutes(5),
        Duration.ofMillis(10),
        true,
        1,
        200_000,
        2,
        5,
        Duration.ofMinutes(5),
        0.7,
        12,
        true,
        1,
        8,
        1,
        0.7,
        Duration.ofMinutes(10),
        10_000,
        0.02,
        6.0,
        0.25,
        0.7,
        0.6);
  }
}
