package io.nqflow.execution.engine;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.orders.v1.OrderIntent;
import java.util.ArrayList;
import java.util.List;

/** Checks that an approved intent is well formed before anything is written for it. */
final class IntentChecks {
  private IntentChecks() {}

  /** Why an intent is malformed (every problem at once), or null. */
  static String invalid(OrderIntent i) {
    List<String> errors = new ArrayList<>();
    if (i.getClientOrderId().isBlank() || i.getClientOrderId().length() > 60) {
      errors.add("client_order_id must be 1..60 characters");
    }
    if (i.getQuantity() <= 0) {
      errors.add("quantity must be > 0, got " + i.getQuantity());
    }
    if (i.getLimitPrice() <= 0) {
      errors.add("limit_price must be > 0, got " + i.getLimitPrice());
    }
    if (i.getMultiplierUsd() <= 0) {
      errors.add("multiplier_usd must be > 0, got " + i.getMultiplierUsd());
    }
    if (!i.getReduceOnly()) {
      boolean buy = i.getSide() == OrderSide.BUY;
      long stop = i.getStopLossPrice();
      long target = i.getProfitTargetPrice();
      boolean ordered =
          buy
              ? stop < i.getLimitPrice() && i.getLimitPrice() < target
              : stop > i.getLimitPrice() && i.getLimitPrice() > target;
      if (stop <= 0 || target <= 0 || !ordered) {
        errors.add(
            "bracket must have stop "
                + (buy ? "<" : ">")
                + " limit "
                + (buy ? "<" : ">")
                + " target, got "
                + stop
                + " / "
                + i.getLimitPrice()
                + " / "
                + target);
      }
    }
    return errors.isEmpty() ? null : "invalid intent: " + String.join("; ", errors);
  }
}
