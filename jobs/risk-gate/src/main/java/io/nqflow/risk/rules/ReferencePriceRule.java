package io.nqflow.risk.rules;

import io.nqflow.market.Prices;
import java.util.List;

/** {@code reference_price}: the signal's price rounds to a positive price on the tick grid. */
public final class ReferencePriceRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.REFERENCE_PRICE;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (c.bracket().priced()) {
      return List.of();
    }
    return List.of(
        "reference price "
            + Prices.toDouble(c.bracket().reference())
            + " is below one tick of the option price grid; nothing to limit at");
  }
}
