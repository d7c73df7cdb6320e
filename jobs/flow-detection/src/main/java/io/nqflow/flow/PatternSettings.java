package io.nqflow.flow;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Thresholds of the institutional patterns (docs/algorithms.md). Every pattern also needs the
 * premium notional of {@code FlowDetectionSettings.minPremiumUsd} in total; sizes of single trades
 * are set in premium where the contract price varies too much for a contract count to mean the same
 * thing on every strike.
 *
 * @param sweepMinLevels distinct prices one match event must trade through
 * @param sweepMinContracts contracts of the sweep, at least
 * @param ladderMinStrikes distinct strikes hit on the same side
 * @param ladderMaxStrikeStep largest gap between consecutive strikes of a ladder, index points
 * @param ladderWithin all legs within this long
 * @param ladderMinLegPremiumUsd premium of each leg trade, USD, at least
 * @param icebergMinRefills refills of the same level
 * @param icebergWithin all refills within this long
 * @param icebergRefillWindow an add or modify back at the level counts as the iceberg's refill only
 *     this soon after the fill: an exchange-managed iceberg replenishes in the fill's own match
 *     event, a market maker re-quotes after a round trip (tens of ms or more)
 * @param blockMinPremiumUsd premium of the single block print, USD, at least
 * @param blockFollowTrades same-side trades that must follow the block
 * @param blockFollowMinContracts contracts per follow-through trade, at least
 * @param blockWithin follow-through within this long of the block
 * @param accumulationMinTrades same-side trades in the accumulation
 * @param accumulationMinTradeContracts contracts per trade, at least
 * @param accumulationMinShare the accumulating side's share of all aggressive contracts of the
 *     instrument over {@code accumulationWithin}, at least (one-sidedness)
 * @param accumulationWithin all trades within this long
 */
public record PatternSettings(
    int sweepMinLevels,
    long sweepMinContracts,
    int ladderMinStrikes,
    double ladderMaxStrikeStep,
    Duration ladderWithin,
    double ladderMinLegPremiumUsd,
    int icebergMinRefills,
    Duration icebergWithin,
    Duration icebergRefillWindow,
    double blockMinPremiumUsd,
    int blockFollowTrades,
    long blockFollowMinContracts,
    Duration blockWithin,
    int accumulationMinTrades,
    long accumulationMinTradeContracts,
    double accumulationMinShare,
    Duration accumulationWithin)
    implements Serializable {

  public PatternSettings {
    List<String> errors = new ArrayList<>();
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

  public static PatternSettings defaults() {
    return new PatternSettings(
        3,
        1,
        3,
        100.0,
        Duration.ofSeconds(10),
        50_000,
        1,
        Duration.ofMinutes(5),
        Duration.ofMillis(10),
        200_000,
        2,
        1,
        Duration.ofMinutes(5),
        5,
        1,
        0.7,
        Duration.ofMinutes(10));
  }
}
