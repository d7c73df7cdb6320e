package io.nqflow.core.trades;

import java.util.List;

/**
 * One order as the audit trail tells it: what was asked (from its first record), the furthest state
 * it reached, and its fills.
 *
 * @param parentClientOrderId the entry this order belongs to (a bracket leg or an exit), null for
 *     an entry
 * @param price limit, 1e-9 fixed point
 * @param reason the rationale of a CANCELLED or REJECTED record, else null
 * @param duplicatesRefused intents for this order refused as duplicates
 */
public record TradeOrder(
    String clientOrderId,
    String parentClientOrderId,
    String role,
    String signalId,
    String variant,
    String symbol,
    long instrumentId,
    String side,
    int quantity,
    long price,
    String state,
    String reason,
    int duplicatesRefused,
    List<TradeFill> fills) {

  public TradeOrder {
    fills = List.copyOf(fills);
  }

  /** Time of the first fill, or {@link Long#MAX_VALUE} when there is none. */
  public long firstFillTs() {
    return fills.stream().mapToLong(TradeFill::ts).min().orElse(Long.MAX_VALUE);
  }
}
