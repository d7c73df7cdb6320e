package io.nqflow.risk.rules;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeToExpiryRuleTest {
  private final TimeToExpiryRule rule = new TimeToExpiryRule();

  @Test
  void rejectsAnUnknownExpiration() {
    assertThat(rule.check(Contexts.of(entry(2.00).setExpiration(null))))
        .containsExactly("expiration unknown");
  }

  @Test
  void rejectsAnOptionExpiringSoonerThanTheMinimum() {
    var sig = entry(2.00).setExpiration(TUESDAY_10_CT + 10 * MINUTE);
    assertThat(rule.check(Contexts.of(sig))).containsExactly("10.0 min to expiry < 30 min");
  }

  @Test
  void passesAtExactlyTheMinimum() {
    var sig = entry(2.00).setExpiration(TUESDAY_10_CT + 30 * MINUTE);
    assertThat(rule.check(Contexts.of(sig))).isEmpty();
  }
}
