package io.nqflow.risk.rules;

import io.nqflow.risk.book.BookKeeper;
import java.util.List;

/**
 * {@code order_rate}: fewer than the per-minute maximum of approvals (entries and exits) within 60
 * s of the signal's event time, which bounds every 60-second window.
 */
public final class OrderRateRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.ORDER_RATE;
  }

  @Override
  public List<String> check(SignalContext c) {
    int recent = BookKeeper.ordersNear(c.book(), c.ts());
    int max = c.settings().maxOrdersPerMinute();
    if (recent < max) {
      return List.of();
    }
    return List.of(
        recent + " orders approved within 60 s of this signal; limit " + max + " per minute");
  }
}
