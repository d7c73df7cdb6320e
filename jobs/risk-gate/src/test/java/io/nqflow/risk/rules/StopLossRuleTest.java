package io.nqflow.risk.rules;

import static io.nqflow.risk.Fixtures.px;
import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StopLossRuleTest {
  private final StopLossRule rule = new StopLossRule();

  @Test
  void rejectsAnEntryWhoseStopRoundsBackUpToTheEntry() {
    // 0.10 - 30% = 0.07, which rounds up to 0.10 on the 0.05 grid.
    assertThat(rule.check(Contexts.of(entry(0.10))))
        .containsExactly("a 30% stop below an entry of 0.1 does not fall on a lower tick");
  }

  @Test
  void passesAStopOnALowerTick() {
    assertThat(rule.check(Contexts.of(entry(0.20)))).isEmpty();
    assertThat(Contexts.of(entry(0.20)).bracket().stop()).isEqualTo(px(0.15));
  }

  @Test
  void leavesAnUnpricedSignalToTheReferencePriceRule() {
    assertThat(rule.check(Contexts.of(entry(0.01)))).isEmpty();
  }
}
