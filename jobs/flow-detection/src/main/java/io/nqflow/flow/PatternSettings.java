package io.nqflow.flow;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Thresholds of the institutional patterns (docs/algorithms.md). Every pattern also needs the
 * premium notional of {@code FlowDetectionSettings.minPremiumUsd}.
 *
 * @param sweepMinLevels distinct prices one match event must trade through
 * @param sweepMinContracts contracts of the sweep, at least
 * @param ladderMinStrikes distinct strikes hit on the same side
 * @param ladderMaxStrikeStep largest gap between consecutive strikes of a ladder, index points
 * @param ladderWithin all legs within this long
 * @param ladderMinContracts contracts per leg, at least
 * @param icebergMinRefills refills of the same level
 * @param icebergWithin all refills within this long
 * @param blockMinContracts contracts of the block trade, at least
 * @param blockFollowTrades same-side trades that must follow the block
 * @param blockFollowMinContracts contracts per follow-through trade, at least
 * @param blockWithin follow-through within this long of the block
 * @param accumulationMinTrades same-side trades in the accumulation
 * @param accumulationMinTradeContracts contracts per trade, at least
 * @param accumulationMinContracts contracts of the accumulation in total, at least
 * @param accumulationWithin all trades within this long
 */
public record PatternSettings(
    int sweepMinLevels,
    long sweepMinContracts,
    int ladderMinStrikes,
    double ladderMaxStrikeStep,
    Duration ladderWithin,
    long ladderMinContracts,
    int icebergMinRefills,
    Duration icebergWithin,
    long blockMinContracts,
    int blockFollowTrades,
    long blockFollowMinContracts,
    Duration blockWithin,
    int accumulationMinTrades,
    long accumulationMinTradeContracts,
    long accumulationMinContracts,
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
        50,
        3,
        100.0,
        Duration.ofSeconds(10),
        20,
        3,
        Duration.ofSeconds(60),
        100,
        2,
        10,
        Duration.ofMinutes(5),
        5,
        10,
        200,
        Duration.ofMinutes(10));
  }
}
