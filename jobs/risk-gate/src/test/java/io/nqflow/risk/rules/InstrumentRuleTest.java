package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.InstrumentClass;
import org.junit.jupiter.api.Test;

class InstrumentRuleTest {
  private final InstrumentRule rule = new InstrumentRule();

  @Test
  void rejectsAFutureOfAnUnknownUnderlyingOnceForEachReason() {
    var sig = entry(2.00).setInstrumentClass(InstrumentClass.FUTURE).setUnderlying("ESH5");

    assertThat(rule.check(Contexts.of(sig)))
        .containsExactly(
            "instrument class FUTURE is not an option (CALL or PUT)",
            "underlying 'ESH5' is neither NQ nor MNQ; no known multiplier");
  }

  @Test
  void passesNqCallsAndMnqPuts() {
    assertThat(rule.check(Contexts.of(entry(2.00)))).isEmpty();
    var mnqPut = entry(2.00).setInstrumentClass(InstrumentClass.PUT).setUnderlying("MNQM5");
    assertThat(rule.check(Contexts.of(mnqPut))).isEmpty();
    assertThat(Contexts.of(mnqPut).multiplierUsd()).isEqualTo(2.0);
  }
}
