package io.nqflow.eval;

import static io.nqflow.eval.EvalFixtures.MINUTE;
import static io.nqflow.eval.EvalFixtures.SECOND;
import static io.nqflow.eval.EvalFixtures.T0;
import static io.nqflow.eval.EvalFixtures.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.market.EntryBracket;
import io.nqflow.signals.v1.FlowSignal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The shadow trade's arithmetic, expectations computed by hand from the risk defaults (entry
 * slippage 2 %, stop 50 % below, target 100 % above the limit, 1 contract, NQ $20 a point) with
 * $2.50 fees per contract and side and one tick of exit slippage.
 */
class ShadowTradeTest {
  static final EvaluationSettings SETTINGS = EvaluationSettings.defaults();
  static final double EPS = 1e-9;

  static ShadowTrade open(FlowSignal s) {
    EntryBracket b = EntryBracket.of(s.getReferencePrice(), 0.02, 0.50, 1.00);
    return ShadowTrades.open(s, b, 1, 20.0, SETTINGS);
  }

  static SignalOutcome outcome(ShadowTrade t) {
    return t.toOutcome(2.50, 1, Duration.ofHours(1).toNanos());
  }

  @Test
  void targetHit() {
    // ref 10.00: limit floor(10.20 on the 0.25 grid) = 10.00, stop ceil(5.00) = 5.00,
    // target floor(20.00) = 20.00.
    ShadowTrade t = open(EvalFixtures.signal("s1", 7, T0, 10.00));
    assertThat(t.entry).isEqualTo(px(10.00));
    assertThat(t.stop).isEqualTo(px(5.00));
    assertThat(t.target).isEqualTo(px(20.00));
    t.onPrice(T0 + SECOND, px(11.00));
    t.onPrice(T0 + 2 * SECOND, px(9.00));
    t.onPrice(T0 + 3 * SECOND, px(15.50));
    t.onPrice(T0 + 4 * SECOND, px(20.25));
    t.onPrice(T0 + 5 * SECOND, px(1.00)); // after the exit: ignored
    SignalOutcome o = outcome(t);
    assertThat(o.getOutcome()).isEqualTo(OutcomeKind.TARGET);
    assertThat(o.getExitPrice()).isEqualTo(px(20.00)); // a resting target fills at its price
    assertThat(o.getTsExit()).isEqualTo(T0 + 4 * SECOND);
    assertThat(o.getTimeToOutcomeNs()).isEqualTo(4 * SECOND);
    assertThat(o.getMfePoints()).isCloseTo(10.25, within(EPS)); // 20.25 - 10.00
    assertThat(o.getMaePoints()).isCloseTo(1.00, within(EPS)); // 10.00 - 9.00
    assertThat(o.getPnlPoints()).isCloseTo(10.00, within(EPS));
    assertThat(o.getFeesUsd()).isCloseTo(5.00, within(EPS)); // 2 sides x 1 x 2.50
    assertThat(o.getPnlUsd()).isCloseTo(195.00, within(EPS)); // 10 x 20 - 5
    assertThat(o.getSlippageUsd()).isCloseTo(0.0, within(EPS)); // limit = reference, no exit slip
    assertThat(o.getEntryPrice()).isEqualTo(px(10.00));
    assertThat(o.getQuantity()).isEqualTo(1);
    assertThat(o.getMultiplierUsd()).isEqualTo(20.0);
  }

  @Test
  void stopHitFillsOneTickBelowTheGap() {
    ShadowTrade t = open(EvalFixtures.signal("s2", 7, T0, 10.00));
    t.onPrice(T0 + SECOND, px(9.50));
    t.onPrice(T0 + 90 * SECOND, px(4.80)); // gaps through the 5.00 stop
    SignalOutcome o = outcome(t);
    assertThat(o.getOutcome()).isEqualTo(OutcomeKind.STOP);
    assertThat(o.getExitPrice()).isEqualTo(px(4.75)); // 4.80 less one 0.05 tick
    assertThat(o.getTimeToOutcomeNs()).isEqualTo(90 * SECOND);
    assertThat(o.getMfePoints()).isCloseTo(0.0, within(EPS)); // never above 10.00
    assertThat(o.getMaePoints()).isCloseTo(5.20, within(EPS)); // 10.00 - 4.80
    assertThat(o.getPnlPoints()).isCloseTo(-5.25, within(EPS));
    assertThat(o.getPnlUsd()).isCloseTo(-110.00, within(EPS)); // -5.25 x 20 - 5
    assertThat(o.getSlippageUsd()).isCloseTo(1.00, within(EPS)); // 0.05 x 20
  }

  @Test
  void horizonClosesAtTheLastPrint() {
    // ref 2.50: limit floor(2.55) = 2.55, stop ceil(1.275) = 1.30, target floor(5.10) = 5.00.
    ShadowTrade t = open(EvalFixtures.signal("s3", 7, T0, 2.50));
    assertThat(t.entry).isEqualTo(px(2.55));
    assertThat(t.stop).isEqualTo(px(1.30));
    assertThat(t.target).isEqualTo(px(5.00));
    t.onPrice(T0 + MINUTE, px(2.60));
    t.onPrice(T0 + 2 * MINUTE, px(2.40));
    t.onPrice(T0 + 3 * MINUTE, px(3.00));
    t.expire(T0 + 60 * MINUTE);
    SignalOutcome o = outcome(t);
    assertThat(o.getOutcome()).isEqualTo(OutcomeKind.EXPIRY);
    assertThat(o.getExitPrice()).isEqualTo(px(2.95)); // 3.00 less one tick
    assertThat(o.getTsExit()).isEqualTo(T0 + 60 * MINUTE);
    assertThat(o.getMfePoints()).isCloseTo(0.45, within(EPS)); // 3.00 - 2.55
    assertThat(o.getMaePoints()).isCloseTo(0.15, within(EPS)); // 2.55 - 2.40
    assertThat(o.getPnlPoints()).isCloseTo(0.40, within(EPS)); // 2.95 - 2.55
    assertThat(o.getPnlUsd()).isCloseTo(3.00, within(EPS)); // 0.40 x 20 - 5
    // entry 0.05 above the reference, exit 0.05 below the print: 0.10 x 20
    assertThat(o.getSlippageUsd()).isCloseTo(2.00, within(EPS));
    assertThat(o.getHorizonNs()).isEqualTo(Duration.ofHours(1).toNanos());
  }

  @Test
  void expirationEndsTheHorizonEarlier() {
    FlowSignal s = EvalFixtures.signal("s4", 7, T0, 10.00);
    s.setExpiration(T0 + 10 * MINUTE);
    assertThat(open(s).horizonEnd).isEqualTo(T0 + 10 * MINUTE);
    assertThat(open(EvalFixtures.signal("s5", 7, T0, 10.00)).horizonEnd)
        .isEqualTo(T0 + 60 * MINUTE);
  }

  @Test
  void openTradeHasNoExitAndFillsAverage() {
    ShadowTrade t = open(EvalFixtures.signal("s6", 7, T0, 10.00));
    ShadowTrades.addFill(t, T0 + 3 * SECOND, px(10.50) * 1, 1);
    ShadowTrades.addFill(t, T0 + 2 * SECOND, px(10.00) * 1, 1);
    SignalOutcome o = outcome(t);
    assertThat(o.getOutcome()).isEqualTo(OutcomeKind.OPEN);
    assertThat(o.getExitPrice()).isNull();
    assertThat(o.getTsExit()).isNull();
    assertThat(o.getPnlUsd()).isEqualTo(0.0);
    assertThat(o.getFillPrice()).isEqualTo(px(10.25)); // (10.50 + 10.00) / 2
    assertThat(o.getTsFill()).isEqualTo(T0 + 2 * SECOND);
    assertThat(o.getSignalToFillNs()).isEqualTo(2 * SECOND);
    assertThat(o.getFillSlippagePoints()).isCloseTo(0.25, within(EPS));
  }
}
