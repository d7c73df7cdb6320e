package io.nqflow.risk.rules;

import io.nqflow.risk.book.BookKeeper;
import java.util.List;
import java.util.Locale;

/**
 * {@code time_to_expiry}: an entry's option expires known and no sooner than the minimum. An
 * opportunity's option expires with its chain ({@code expiration}; 0, the default of records
 * written before the field existed, is unknown).
 */
public final class TimeToExpiryRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.TIME_TO_EXPIRY;
  }

  @Override
  public List<String> check(SignalContext c) {
    Long expiration;
    if (c.signal() != null) {
      expiration = c.signal().getExpiration();
    } else if (c.opportunity() != null) {
      long e = c.opportunity().getExpiration();
      expiration = e > 0 ? e : null;
    } else {
      return List.of();
    }
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
