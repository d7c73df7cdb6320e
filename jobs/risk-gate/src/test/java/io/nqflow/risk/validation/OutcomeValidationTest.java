package io.nqflow.risk.validation;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.risk.Fixtures;
import io.nqflow.risk.Outcomes;
import io.nqflow.risk.RiskInputException;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.ValidationSettings;
import org.junit.jupiter.api.Test;

class OutcomeValidationTest {
  private static final String V1 = "ifd_v1_volume_ratio";
  private static final long T0 = TUESDAY_10_CT - 60 * MINUTE;

  /** Window 5, measured from 3 outcomes, accuracy at least 0.5. */
  private static final RiskSettings SETTINGS =
      Fixtures.settings().toBuilder().validation(new ValidationSettings(true, 0.5, 5, 3)).build();

  private final OutcomeValidation validation = new OutcomeValidation(SETTINGS);

  private AuditEvent add(ValidationWindow w, SignalOutcome o) {
    String bucket = validation.bucketOf(o);
    assertThat(bucket).isEqualTo(V1 + "/HIGH");
    return validation.record(w, bucket, o, 0);
  }

  @Test
  void keepsTheLastWindowOutcomesByExitTimeAndMeasuresTheirShareOfWins() {
    ValidationWindow w = new ValidationWindow();
    // Exits one minute apart, P&L + - - + - + + : the last five are - + - + +, 3 wins of 5.
    double[] pnl = {10, -5, -5, 10, -5, 10, 10};
    for (int i = 0; i < pnl.length; i++) {
      add(w, Outcomes.decided("s" + i, V1, T0 + i * MINUTE, pnl[i]).build());
    }

    ValidationVerdict v = validation.verdict(V1 + "/HIGH", w, TUESDAY_10_CT);

    assertThat(w.samples).extracting(x -> x.signalId).containsExactly("s2", "s3", "s4", "s5", "s6");
    assertThat(v.samples()).isEqualTo(5);
    assertThat(v.wins()).isEqualTo(3);
    assertThat(v.accuracy()).isEqualTo(0.6);
    assertThat(v.fails()).isFalse();
  }

  @Test
  void aSignalSeesOnlyOutcomesThatExitedAtOrBeforeItsOwnEventTime() {
    ValidationWindow w = new ValidationWindow();
    add(w, Outcomes.decided("a", V1, T0, -5).build());
    add(w, Outcomes.decided("b", V1, T0 + MINUTE, -5).build());
    add(w, Outcomes.decided("c", V1, T0 + 2 * MINUTE, -5).build());
    add(w, Outcomes.decided("d", V1, T0 + 3 * MINUTE, 10).build());

    // At T0 + 2 min: a, b, c (0 of 3) -> fails; at T0 + 1 min: a, b only (2 < min_samples 3).
    assertThat(validation.verdict("x", w, T0 + 2 * MINUTE).fails()).isTrue();
    ValidationVerdict early = validation.verdict("x", w, T0 + MINUTE);
    assertThat(early.samples()).isEqualTo(2);
    assertThat(early.fails()).isFalse();
    // All four: 1 of 4 = 0.25 < 0.5.
    assertThat(validation.verdict("x", w, T0 + 3 * MINUTE).accuracy()).isEqualTo(0.25);
  }

  @Test
  void anOutcomeArrivingOutOfOrderIsPlacedByExitAndTheOldestExitIsDropped() {
    ValidationWindow w = new ValidationWindow();
    for (int i = 1; i <= 5; i++) {
      add(w, Outcomes.decided("s" + i, V1, T0 + i * MINUTE, 10).build());
    }
    add(w, Outcomes.decided("late", V1, T0 + 150 * MINUTE / 100, -5).build());

    assertThat(w.samples)
        .extracting(x -> x.signalId)
        .containsExactly("late", "s2", "s3", "s4", "s5");
  }

  @Test
  void aSecondOutcomeOfTheSameSignalReplacesTheFirst() {
    ValidationWindow w = new ValidationWindow();
    add(w, Outcomes.decided("s1", V1, T0, -5).build());
    add(w, Outcomes.decided("s1", V1, T0 + MINUTE, 10).build());

    assertThat(w.samples).hasSize(1);
    assertThat(w.samples.get(0).win).isTrue();
    assertThat(w.samples.get(0).tsExit).isEqualTo(T0 + MINUTE);
  }

  @Test
  void aBreakEvenOutcomeIsNotAWin() {
    ValidationWindow w = new ValidationWindow();
    add(w, Outcomes.decided("s1", V1, T0, 0.0).build());
    assertThat(w.samples.get(0).win).isFalse();
  }

  @Test
  void auditsABucketWhenItStartsFailingAndWhenItRecovers() {
    ValidationWindow w = new ValidationWindow();
    assertThat(add(w, Outcomes.decided("s1", V1, T0, -5).build())).isNull();
    assertThat(add(w, Outcomes.decided("s2", V1, T0 + MINUTE, 10).build())).isNull();
    // Third sample: 1 of 3 = 0.333 < 0.5 with min_samples 3.
    AuditEvent blocked = add(w, Outcomes.decided("s3", V1, T0 + 2 * MINUTE, -5).build());
    assertThat(blocked.getAction()).isEqualTo(OutcomeValidation.BLOCKED);
    assertThat(blocked.getEntityType()).isEqualTo("validation_bucket");
    assertThat(blocked.getEntityId()).isEqualTo(V1 + "/HIGH");
    assertThat(blocked.getRationale()).contains("accuracy 0.333 (1 of 3");
    assertThat(blocked.getDetails())
        .containsEntry("samples", "3")
        .containsEntry("wins", "1")
        .containsEntry("min_accuracy", "0.5");
    assertThat(w.blocked).isTrue();
    // Still failing: no second audit.
    assertThat(add(w, Outcomes.decided("s4", V1, T0 + 3 * MINUTE, -5).build())).isNull();
    assertThat(add(w, Outcomes.decided("s5", V1, T0 + 4 * MINUTE, 10).build())).isNull();
    // Window 5 keeps s2..s6 = + - - + + : 3 of 5 = 0.6 >= 0.5.
    AuditEvent cleared = add(w, Outcomes.decided("s6", V1, T0 + 5 * MINUTE, 10).build());
    assertThat(cleared.getAction()).isEqualTo(OutcomeValidation.CLEARED);
    assertThat(w.blocked).isFalse();
  }

  @Test
  void skipsOpenOutcomesAndOtherVariants() {
    assertThat(
            validation.bucketOf(
                Outcomes.decided("s1", V1, T0, 10)
                    .setOutcome(OutcomeKind.OPEN)
                    .setTsExit(null)
                    .setExitPrice(null)
                    .build()))
        .isNull();
    assertThat(validation.bucketOf(Outcomes.decided("s1", V1, T0, 10).setVariant("other").build()))
        .isNull();
  }

  @Test
  void refusesADecidedOutcomeThatCannotBeCounted() {
    assertThatThrownBy(
            () -> validation.bucketOf(Outcomes.decided("s1", V1, T0, 10).setConfidence("").build()))
        .isInstanceOf(RiskInputException.class)
        .hasMessageContaining("no confidence bucket");
    assertThatThrownBy(
            () -> validation.bucketOf(Outcomes.decided("s1", V1, T0, 10).setTsExit(null).build()))
        .isInstanceOf(RiskInputException.class)
        .hasMessageContaining("no ts_exit");
    assertThatThrownBy(
            () ->
                validation.bucketOf(
                    Outcomes.decided("s1", V1, T0, 10).setPnlUsd(Double.NaN).build()))
        .isInstanceOf(RiskInputException.class)
        .hasMessageContaining("pnl_usd NaN");
    assertThatThrownBy(() -> validation.bucketOf(Outcomes.decided("s1", "", T0, 10).build()))
        .isInstanceOf(RiskInputException.class)
        .hasMessageContaining("no algorithm");
  }
}
