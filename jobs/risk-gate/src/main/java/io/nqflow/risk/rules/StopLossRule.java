package io.nqflow.risk.rules;

import io.nqflow.market.Prices;
import java.util.List;
import java.util.Locale;

/**
 * {@code stop_loss}: the entry's stop lands on a positive tick below its limit (a signal's stop is
 * the configured fraction below it, an opportunity's its own stop price).
 */
public final class StopLossRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.STOP_LOSS;
  }

  @Override
  public List<String> check(SignalContext c) {
    Bracket b = c.bracket();
    // An unpriced signal has no stop to check; reference_price rejects it.
    if (!b.priced() || b.stopBelowLimit()) {
      return List.of();
    }
    if (c.opportunity() != null) {
      return List.of(
          "the opportunity's stop "
              + Prices.toDouble(c.opportunity().getStopPrice())
              + " does not round to a tick below its entry "
              + Prices.toDouble(b.limit()));
    }
    return List.of(
        "a "
            + String.format(Locale.ROOT, "%.0f%%", c.settings().stopLossFraction() * 100)
            + " stop below an entry of "
            + Prices.toDouble(b.limit())
            + " does not fall on a lower tick");
  }
}
