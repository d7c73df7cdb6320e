package io.nqflow.risk.rules;

import io.nqflow.risk.book.BookKeeper;
import java.util.List;
import java.util.Locale;

/**
 * {@code time_to_expiry}: an entry's option expires known and no sooner than the minimum. An
 * opportunity carries no expiration (signals.opportunity has no such field) and is not checked.
 */
public final class TimeToExpiryRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.TIME_TO_EXPIRY;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (c.signal() == null) {
      return List.of();
    }
    Long expiration = c.signal().getExpiration();
    if (expiration == null) {
      return List.of("expiration unknown");
    }
    long left = expiration - c.ts();
    if (left >= c.settings().minTimeToExpiry().toNanos()) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "%.1f min to expiry < %d min",
            left / (double) BookKeeper.NANOS_PER_MINUTE,
            c.settings().minTimeToExpiry().toMinutes()));
  }
}
