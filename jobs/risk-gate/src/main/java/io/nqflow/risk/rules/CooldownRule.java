package io.nqflow.risk.rules;

import java.util.List;
import java.util.Locale;

/**
 * {@code cooldown}: no entry on the same instrument less than the cooldown earlier (event time,
 * either side, so a replay out of order is held too).
 */
public final class CooldownRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.COOLDOWN;
  }

  @Override
  public List<String> check(SignalContext c) {
    Long last = c.book().lastEntryByInstrument.get(c.instrument());
    if (last == null || Math.abs(c.ts() - last) >= c.settings().cooldown().toNanos()) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "last entry on instrument %d %.1f s before, cooldown %d s",
            c.instrument(),
            (c.ts() - last) / 1e9,
            c.settings().cooldown().toSeconds()));
  }
}
