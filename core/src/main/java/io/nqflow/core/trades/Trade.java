package io.nqflow.core.trades;

import java.util.List;

/**
 * One trade: the entry order, its legs and exits, and the P&amp;L of what was closed.
 *
 * @param legs bracket legs first, then exits in the order they acted
 * @param signalRationale the risk gate's approval of the entry's signal, null when not in the audit
 * @param multiplierUsd USD per point per contract, or null when exec.events has no position
 *     snapshot of the instrument (P&amp;L is then unknown)
 * @param openQuantity signed contracts still open after the trade's fills
 * @param realizedUsd P&amp;L of the closed contracts net of all fees, or null without multiplier
 */
public record Trade(
    TradeOrder entry,
    List<TradeOrder> legs,
    String signalRationale,
    Double multiplierUsd,
    int openQuantity,
    Double realizedUsd,
    double feesUsd) {

  public Trade {
    legs = List.copyOf(legs);
  }

  /** Whether the entry or any leg has a fill. */
  public boolean anyFill() {
    return !entry.fills().isEmpty() || legs.stream().anyMatch(l -> !l.fills().isEmpty());
  }
}
