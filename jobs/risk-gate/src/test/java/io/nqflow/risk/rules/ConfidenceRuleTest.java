package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Confidence;
import org.junit.jupiter.api.Test;

class ConfidenceRuleTest {
  private final ConfidenceRule rule = new ConfidenceRule();

  @Test
  void rejectsWhenConfidenceBelowMinimum() {
    assertThat(rule.check(Contexts.of(entry(2.00).setConfidence(Confidence.LOW))))
        .containsExactly("confidence LOW < MODERATE");
  }

  @Test
  void passesAtAndAboveTheMinimum() {
    assertThat(rule.check(Contexts.of(entry(2.00).setConfidence(Confidence.MODERATE)))).isEmpty();
    assertThat(rule.check(Contexts.of(entry(2.00).setConfidence(Confidence.EXTREME)))).isEmpty();
  }
}
