package io.nqflow.flow.pattern;

import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.core.ids.Ids;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.LadderRuns;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.PatternSettings;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.ifd.AlignedDetector;
import io.nqflow.md.v1.Instrument;
import io.nqflow.signals.v1.FlowSignal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ladder rule on the calls of one underlying bought by aggressors (the default minimum of
 * strikes, largest step, window and leg premium; legs of $120k: 120 points x 50 x $20).
 */
class LadderFunctionTest {
  private static final long MS = 1_000_000L;
  private static final FlowDetectionSettings SETTINGS = Fixtures.settings();
  private static final PatternSettings P = SETTINGS.patternSettings();
  private static final int N = P.ladderMinStrikes();
  private static final double STEP = P.ladderMaxStrikeStep();
  private static final long KEY =
      LadderFunction.key(Fixtures.UNDERLYING, InstrumentClass.CALL, Side.BID);

  private final LadderFunction function = new LadderFunction(SETTINGS);
  private KeyedBroadcastOperatorTestHarness<Long, OptionEvent, UnderlyingPrice, FlowSignal> h;
  private long seq;

  @BeforeEach
  void setUp() throws Exception {
    h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            function,
            e -> LadderFunction.key(e.underlying, e.instrumentClass, e.side),
            Types.LONG,
            AlignedDetector.UNDERLYING);
  }

  /** A $120k leg at {@code strike}, as the pattern hands it on (its expiration hidden). */
  private OptionEvent leg(long ts, double strike, Side side) throws Exception {
    Instrument call = Fixtures.call(1_000 + (long) strike, strike);
    OptionEvent e =
        LadderPattern.expirationHidden(Fixtures.optionTrade(call, ts, ++seq, side, 120, 50));
    h.processElement(e, ts / MS);
    return e;
  }

  private OptionEvent leg(long ts, double strike) throws Exception {
    return leg(ts, strike, Side.BID);
  }

  private List<FlowSignal> signalsUpTo(long ts) throws Exception {
    h.watermark(ts / MS);
    return h.extractOutputValues();
  }

  private LadderRuns runs() throws Exception {
    h.getOperator().setCurrentKey(KEY);
    return h.getOperator()
        .getKeyedStateBackend()
        .getPartitionedState(
            VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, function.descriptor())
        .value();
  }

  @Test
  void buyersAcrossTheMinimumOfAdjacentStrikesSignal() throws Exception {
    OptionEvent last = null;
    for (int i = 0; i < N; i++) {
      last = leg(T0 + i * SECOND, 21_200 + i * STEP);
    }

    FlowSignal s = signalsUpTo(T0 + N * SECOND).get(0);
    assertThat(s.getAlgorithm()).isEqualTo("cep_ladder");
    assertThat(s.getSignalId())
        .isEqualTo(
            Ids.signalId(last.instrumentId, last.tsEvent, last.sequence, "cep_ladder", "baseline"));
    assertThat(s.getAttributes()).containsEntry("strikes", String.valueOf(N));
    assertThat(s.getContracts()).isEqualTo(50L * N);
    assertThat(s.getPremiumUsd()).isEqualTo(120_000.0 * N);
    assertThat(s.getScore()).isEqualTo(N);
    assertThat(s.getAggressor()).isEqualTo(Side.BID);
    assertThat(s.getDirection()).isEqualTo(Direction.BULLISH);
    assertThat(s.getWindowStart()).isEqualTo(T0);
    assertThat(s.getExpiration())
        .as("the trigger's own, restored")
        .isEqualTo(Fixtures.call(1, 21_200).getExpiration())
        .isPositive();
    assertThat(runs()).as("every open run ends with the signal").isNull();
  }

  @Test
  void fewerStrikesOrARepeatedStrikeDoNotSignal() throws Exception {
    for (int i = 0; i < N - 1; i++) {
      leg(T0 + i * SECOND, 21_200 + i * STEP);
    }
    // The last strike again: a leg of no run (each has it), and a run of its own.
    leg(T0 + N * SECOND, 21_200 + (N - 2) * STEP);
    assertThat(signalsUpTo(T0 + (N + 1) * SECOND)).isEmpty();
    assertThat(runs().count).isEqualTo(N);
    assertThat(runs().legs[0]).isEqualTo(N - 1);
  }

  @Test
  void aRepeatedStrikeDoesNotCountTwiceButTheLadderGoesOnPastIt() throws Exception {
    leg(T0, 21_200);
    leg(T0 + SECOND, 21_200 + STEP);
    leg(T0 + 2 * SECOND, 21_200); // repeated: passed over by the first run
    for (int i = 2; i < N; i++) {
      leg(T0 + (i + 1) * SECOND, 21_200 + i * STEP);
    }
    assertThat(signalsUpTo(T0 + (N + 2) * SECOND))
        .singleElement()
        .satisfies(s -> assertThat(s.getWindowStart()).isEqualTo(T0))
        .satisfies(s -> assertThat(s.getContracts()).isEqualTo(50L * N));
  }

  @Test
  void aStepWiderThanTheLargestBreaksTheLadder() throws Exception {
    for (int i = 0; i < N - 1; i++) {
      leg(T0 + i * SECOND, 21_200 + i * STEP);
    }
    leg(T0 + N * SECOND, 21_200 + (N - 2) * STEP + 2 * STEP);
    assertThat(signalsUpTo(T0 + (N + 1) * SECOND)).isEmpty();
  }

  @Test
  void otherSidesAndClassesAreOtherLadders() throws Exception {
    for (int i = 0; i < N - 1; i++) {
      leg(T0 + i * SECOND, 21_200 + i * STEP);
    }
    leg(T0 + N * SECOND, 21_200 + (N - 1) * STEP, Side.ASK);
    assertThat(signalsUpTo(T0 + (N + 1) * SECOND)).isEmpty();

    Set<Long> keys = new HashSet<>();
    for (InstrumentClass c : InstrumentClass.values()) {
      for (Side side : List.of(Side.BID, Side.ASK)) {
        for (String u : List.of("NQH6", "NQM6", "NQ", "NQH26", "MNQH6", "averylongunderlying")) {
          keys.add(LadderFunction.key(u, c, side));
        }
      }
    }
    assertThat(keys).hasSize(InstrumentClass.values().length * 2 * 6);
  }

  @Test
  void legsMustFallWithinTheWindowOfTheFirst() throws Exception {
    long within = P.ladderWithin().toNanos();
    for (int i = 0; i < N - 1; i++) {
      leg(T0 + i * MS, 21_200 + i * STEP);
    }
    leg(T0 + within, 21_200 + (N - 1) * STEP);
    assertThat(signalsUpTo(T0 + within + SECOND)).isEmpty();

    // The same just inside the window signals.
    h.getOutput().clear();
    long t1 = T0 + 10 * within;
    for (int i = 0; i < N - 1; i++) {
      leg(t1 + i * MS, 21_200 + i * STEP);
    }
    leg(t1 + within - MS, 21_200 + (N - 1) * STEP);
    assertThat(signalsUpTo(t1 + within + SECOND)).hasSize(1);
  }

  @Test
  void aKeyKeepsAtMostItsCapOfRuns() throws Exception {
    // Every trade at one strike starts a run that can take no other leg there.
    for (int i = 0; i < LadderRuns.CAP + 6; i++) {
      leg(T0 + i * MS, 21_200);
    }
    h.watermark(T0 / MS + LadderRuns.CAP + 6);
    assertThat(runs().count).isEqualTo(LadderRuns.CAP);

    // A full key still completes its open runs.
    for (int i = 1; i < N; i++) {
      leg(T0 + SECOND + i * MS, 21_200 + i * STEP);
    }
    assertThat(signalsUpTo(T0 + 2 * SECOND))
        .singleElement()
        .satisfies(s -> assertThat(s.getWindowStart()).isEqualTo(T0));
  }

  @Test
  void stateIsClearedOnceEventTimeLeavesTheWindow() throws Exception {
    for (int i = 0; i < N - 1; i++) {
      leg(T0 + i * SECOND, 21_200 + i * STEP);
    }
    h.watermark((T0 + (N - 1) * SECOND) / MS);
    assertThat(runs().count).isEqualTo(N - 1);

    h.watermark((T0 + (N - 1) * SECOND + P.ladderWithin().toNanos()) / MS);
    assertThat(runs()).isNull();
    assertThat(Fixtures.keyedEntries(h)).isZero();
  }

  /** One trade of {@code contracts} at {@code price} on the call at {@code strike}. */
  private void trade(long ts, double strike, double price, long contracts) throws Exception {
    Instrument call = Fixtures.call(1_000 + (long) strike, strike);
    h.processElement(
        LadderPattern.expirationHidden(
            Fixtures.optionTrade(call, ts, ++seq, Side.BID, price, contracts)),
        ts / MS);
  }

  @Test
  void aLegIsOneAggressiveOrderThroughItsPriceLevels() throws Exception {
    // Each leg: one order through two levels, $60k + $54k at one ts_event: $114k, one leg.
    for (int i = 0; i < N; i++) {
      long t = T0 + i * SECOND;
      double strike = 21_200 + i * STEP;
      trade(t, strike, 60, 50);
      trade(t, strike, 60.25 - 6.25, 50);
    }
    List<FlowSignal> s = signalsUpTo(T0 + N * SECOND);
    assertThat(s).singleElement();
    assertThat(s.get(0).getContracts()).isEqualTo(100L * N);
    assertThat(s.get(0).getPremiumUsd()).isCloseTo(114_000.0 * N, within(1e-6));
  }

  @Test
  void tradesOfDifferentOrdersAreNotSummedIntoALeg() throws Exception {
    // $60k at each strike, twice, a millisecond apart: two orders, neither a leg.
    for (int i = 0; i < N; i++) {
      long t = T0 + i * SECOND;
      double strike = 21_200 + i * STEP;
      trade(t, strike, 60, 50);
      trade(t + MS, strike, 60, 50);
    }
    assertThat(signalsUpTo(T0 + N * SECOND)).isEmpty();
  }
}
