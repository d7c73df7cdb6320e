package io.nqflow.eval;

import static io.nqflow.eval.EvalFixtures.MINUTE;
import static io.nqflow.eval.EvalFixtures.SECOND;
import static io.nqflow.eval.EvalFixtures.T0;
import static io.nqflow.eval.EvalFixtures.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.signals.v1.FlowSignal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The keyed outcome function with a test harness: event-time order whatever the arrival order, the
 * join wait, late decisions and fills as updated records, the horizon, the end of the input and
 * dead letters. Prices as in {@link ShadowTradeTest}: ref 10.00 -> entry 10.00, stop 5.00, target
 * 20.00; ref 2.50 -> entry 2.55, stop 1.30, target 5.00.
 */
class OutcomeFunctionTest {
  static final long OPTION = 7;

  static KeyedOneInputStreamOperatorTestHarness<Long, EvalEvent, SignalOutcome> harness(
      EvaluationSettings s) throws Exception {
    var h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new OutcomeFunction(s), (EvalEvent e) -> e.instrumentId, Types.LONG);
    h.open();
    return h;
  }

  static void add(
      KeyedOneInputStreamOperatorTestHarness<Long, EvalEvent, SignalOutcome> h, EvalEvent e)
      throws Exception {
    h.processElement(new StreamRecord<>(e, e.tsMs()));
  }

  static EvalEvent print(long ts, double price) {
    return EvalEvent.print(OPTION, ts, ts, px(price));
  }

  static void watermark(
      KeyedOneInputStreamOperatorTestHarness<Long, EvalEvent, SignalOutcome> h, long ns)
      throws Exception {
    h.processWatermark(Math.floorDiv(ns, 1_000_000L));
  }

  @Test
  void targetOutcomeWaitsForTheJoinAndCarriesTheDecision() throws Exception {
    var h = harness(EvaluationSettings.defaults());
    FlowSignal s = EvalFixtures.signal("s1", OPTION, T0, 10.00);
    add(h, print(T0, 10.00)); // the trigger print itself: not after the signal
    add(h, EvalEvent.signal(s));
    add(h, print(T0 + SECOND, 11.00));
    add(h, print(T0 + 2 * SECOND, 9.00));
    add(h, print(T0 + 3 * SECOND, 20.25));
    add(h, EvalEvent.decision(OPTION, "s1", T0, false, "max_total_risk"));
    watermark(h, T0 + 5 * SECOND);
    // closed at 0:03, but the join wait (10 s) is not over
    assertThat(h.extractOutputValues()).isEmpty();
    watermark(h, T0 + 10 * SECOND);
    List<SignalOutcome> out = h.extractOutputValues();
    assertThat(out).hasSize(1);
    SignalOutcome o = out.get(0);
    assertThat(o.getOutcome()).isEqualTo(OutcomeKind.TARGET);
    assertThat(o.getTsExit()).isEqualTo(T0 + 3 * SECOND);
    assertThat(o.getMfePoints()).isCloseTo(10.25, within(1e-9));
    assertThat(o.getMaePoints()).isCloseTo(1.00, within(1e-9));
    assertThat(o.getPnlUsd()).isCloseTo(195.0, within(1e-9));
    assertThat(o.getApproved()).isFalse();
    assertThat(o.getDecisionReason()).isEqualTo("max_total_risk");
    assertThat(o.getFillPrice()).isNull();
  }

  @Test
  void aLateSignalGetsTheOutcomeOfAnInOrderOne() throws Exception {
    var inOrder = harness(EvaluationSettings.defaults());
    var late = harness(EvaluationSettings.defaults());
    FlowSignal s = EvalFixtures.signal("s2", OPTION, T0, 10.00);
    List<EvalEvent> prints =
        List.of(
            print(T0 + SECOND, 9.50),
            print(T0 + 30 * SECOND, 12.00),
            print(T0 + 90 * SECOND, 4.80));
    add(inOrder, EvalEvent.signal(s));
    for (EvalEvent p : prints) {
      add(inOrder, p);
      add(late, p);
    }
    watermark(inOrder, T0 + 2 * MINUTE);
    watermark(late, T0 + 2 * MINUTE);
    add(late, EvalEvent.signal(s)); // two minutes behind the market
    watermark(late, T0 + 2 * MINUTE + SECOND);

    SignalOutcome expected = inOrder.extractOutputValues().get(0);
    assertThat(expected.getOutcome()).isEqualTo(OutcomeKind.STOP);
    assertThat(expected.getExitPrice()).isEqualTo(px(4.75));
    assertThat(expected.getMfePoints()).isCloseTo(2.00, within(1e-9));
    assertThat(late.extractOutputValues()).containsExactly(expected);
  }

  @Test
  void aFillAfterTheOutcomeEmitsAnUpdatedRecord() throws Exception {
    var h = harness(EvaluationSettings.defaults());
    FlowSignal s = EvalFixtures.signal("s3", OPTION, T0, 10.00);
    add(h, EvalEvent.signal(s));
    add(h, EvalEvent.decision(OPTION, "s3", T0, true, "approved"));
    add(h, print(T0 + SECOND, 20.00));
    watermark(h, T0 + 11 * SECOND);
    assertThat(h.extractOutputValues()).hasSize(1);
    assertThat(h.extractOutputValues().get(0).getFillPrice()).isNull();
    String cid =
        ShadowTrades.open(
                s,
                ShadowTrades.bracket(EvaluationSettings.defaults(), s.getReferencePrice()),
                1,
                20,
                EvaluationSettings.defaults())
            .clientOrderId;
    add(h, EvalEvent.fill(OPTION, cid, T0 + 4 * SECOND, px(10.25), 1));
    List<SignalOutcome> out = h.extractOutputValues();
    assertThat(out).hasSize(2);
    SignalOutcome updated = out.get(1);
    assertThat(updated.getSignalId()).isEqualTo("s3");
    assertThat(updated.getApproved()).isTrue();
    assertThat(updated.getDecisionReason()).isEqualTo("approved");
    assertThat(updated.getFillPrice()).isEqualTo(px(10.25));
    assertThat(updated.getTsFill()).isEqualTo(T0 + 4 * SECOND);
    assertThat(updated.getSignalToFillNs()).isEqualTo(4 * SECOND);
    assertThat(updated.getFillSlippagePoints()).isCloseTo(0.25, within(1e-9));
    // the shadow trade itself is unchanged
    assertThat(updated.getPnlUsd()).isEqualTo(out.get(0).getPnlUsd());
  }

  @Test
  void horizonExitIgnoresLaterPrints() throws Exception {
    var h = harness(EvaluationSettings.defaults().withHorizon(Duration.ofMinutes(1)));
    add(h, EvalEvent.signal(EvalFixtures.signal("s4", OPTION, T0, 2.50)));
    add(h, print(T0 + 10 * SECOND, 2.40));
    add(h, print(T0 + 20 * SECOND, 3.00));
    add(h, print(T0 + 61 * SECOND, 4.00)); // after the horizon
    watermark(h, T0 + 2 * MINUTE);
    SignalOutcome o = h.extractOutputValues().get(0);
    assertThat(o.getOutcome()).isEqualTo(OutcomeKind.EXPIRY);
    assertThat(o.getTsExit()).isEqualTo(T0 + MINUTE);
    assertThat(o.getExitPrice()).isEqualTo(px(2.95));
    assertThat(o.getMfePoints()).isCloseTo(0.45, within(1e-9));
    assertThat(o.getMaePoints()).isCloseTo(0.15, within(1e-9));
    assertThat(o.getPnlUsd()).isCloseTo(3.00, within(1e-9));
  }

  @Test
  void theEndOfTheInputClosesOpenTradesAtTheLastPrint() throws Exception {
    var h = harness(EvaluationSettings.defaults());
    add(h, EvalEvent.signal(EvalFixtures.signal("s5", OPTION, T0, 2.50)));
    add(h, print(T0 + 10 * SECOND, 2.70));
    h.processWatermark(Long.MAX_VALUE);
    SignalOutcome o = h.extractOutputValues().get(0);
    // closed at its horizon's end (one hour), at the last price it saw (2.70 less one tick)
    assertThat(o.getOutcome()).isEqualTo(OutcomeKind.EXPIRY);
    assertThat(o.getTsExit()).isEqualTo(T0 + 60 * MINUTE);
    assertThat(o.getExitPrice()).isEqualTo(px(2.65));
  }

  @Test
  void latePrintsAndUnpricedSignalsAreDeadLettered() throws Exception {
    var h = harness(EvaluationSettings.defaults());
    watermark(h, T0 + MINUTE);
    add(h, print(T0, 3.00));
    FlowSignal unpriced = EvalFixtures.signal("s6", OPTION, T0 + 2 * MINUTE, 0.0);
    add(h, EvalEvent.signal(unpriced));
    FlowSignal tooLate = EvalFixtures.signal("s7", OPTION, T0 - 20 * MINUTE, 2.0);
    add(h, EvalEvent.signal(tooLate));
    watermark(h, T0 + 3 * MINUTE);
    ConcurrentLinkedQueue<StreamRecord<DeadLetter>> dead = h.getSideOutput(DeadLetters.TAG);
    assertThat(dead).hasSize(3);
    List<String> reasons = dead.stream().map(r -> r.getValue().getReason()).toList();
    assertThat(reasons.get(0)).contains("behind the watermark");
    assertThat(reasons.get(1)).contains("s7").contains("evaluation.retention");
    assertThat(reasons.get(2)).contains("s6").contains("no positive reference price");
    assertThat(h.extractOutputValues()).isEmpty();
  }
}
