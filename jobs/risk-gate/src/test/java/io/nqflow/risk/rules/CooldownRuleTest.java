package io.nqflow.risk.rules;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.SECOND;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.risk.Fixtures;
import io.nqflow.risk.RiskBook;
import org.junit.jupiter.api.Test;

class CooldownRuleTest {
  private final CooldownRule rule = new CooldownRule();

  @Test
  void rejectsASecondEntryOnTheSameInstrumentWithinTheCooldown() {
    RiskBook b = new RiskBook();
    b.lastEntryByInstrument.put(7L, TUESDAY_10_CT - 90 * SECOND);

    assertThat(rule.check(Contexts.of(b, entry(2.00))))
        .containsExactly("last entry on instrument 7 90.0 s before, cooldown 120 s");
  }

  @Test
  void rejectsAnEntryJustBeforeALaterOneOutOfOrder() {
    RiskBook b = new RiskBook();
    b.lastEntryByInstrument.put(7L, TUESDAY_10_CT + MINUTE);
    assertThat(rule.check(Contexts.of(b, entry(2.00)))).hasSize(1);
  }

  @Test
  void passesAfterTheCooldownAndOnOtherInstruments() {
    RiskBook b = new RiskBook();
    b.lastEntryByInstrument.put(7L, TUESDAY_10_CT - 2 * MINUTE);
    b.lastEntryByInstrument.put(8L, TUESDAY_10_CT);
    assertThat(rule.check(Contexts.of(b, entry(2.00)))).isEmpty();
    assertThat(rule.check(Contexts.of(b, Fixtures.signal("s2", 9, TUESDAY_10_CT, 2.00)))).isEmpty();
  }
}
