package io.nqflow.flow.pattern;

import static io.nqflow.flow.Fixtures.CALL_ID;
import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.Side;
import io.nqflow.core.ids.Ids;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.IcebergRuns;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.ifd.AlignedDetector;
import io.nqflow.md.v1.Instrument;
import io.nqflow.signals.v1.FlowSignal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The iceberg rule on one instrument's book (defaults: 1 refill within 10 ms of its fill, $100k of
 * fills, 5 minutes).
 */
class IcebergFunctionTest {
  private static final Instrument CALL = Fixtures.call(CALL_ID, 21_200);
  private static final long MS = 1_000_000L;

  private final IcebergFunction function = new IcebergFunction(Fixtures.settings());
  private KeyedBroadcastOperatorTestHarness<Long, OptionEvent, UnderlyingPrice, FlowSignal> h;
  private long seq;

  @BeforeEach
  void setUp() throws Exception {
    h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            function, e -> e.instrumentId, Types.LONG, AlignedDetector.UNDERLYING);
  }

  private void book(EventKind kind, long ts, Side side, double price, long size) throws Exception {
    OptionEvent e = Fixtures.optionTrade(CALL, ts, ++seq, side, price, size);
    e.kind = kind;
    e.depth = -1;
    h.processElement(e, ts / MS);
  }

  /** A fill of a resting order at the level and, {@code refillAfter} ns later, an add there. */
  private void fillAndRefill(long ts, Side side, double price, long size, long refillAfter)
      throws Exception {
    book(EventKind.FILL, ts, side, price, size);
    book(EventKind.ADD, ts + refillAfter, side, price, size);
  }

  private List<FlowSignal> signalsUpTo(long ts) throws Exception {
    h.watermark(ts / MS);
    return h.extractOutputValues();
  }

  private IcebergRuns runs() throws Exception {
    h.getOperator().setCurrentKey(CALL_ID);
    return h.getOperator()
        .getKeyedStateBackend()
        .getPartitionedState(
            VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, function.descriptor())
        .value();
  }

  @Test
  void signalsAHiddenBuyerFilledAndRefilledInEachMatchEventUntilThePremium() throws Exception {
    // $48k per fill (60 points x 40 x $20): the third fill brings the fills to $144k.
    fillAndRefill(T0, Side.BID, 60, 40, 0);
    fillAndRefill(T0 + 5 * SECOND, Side.BID, 60, 40, 0);
    assertThat(signalsUpTo(T0 + 6 * SECOND)).isEmpty();
    book(EventKind.FILL, T0 + 10 * SECOND, Side.BID, 60, 40);

    FlowSignal s = signalsUpTo(T0 + 11 * SECOND).get(0);
    assertThat(s.getAlgorithm()).isEqualTo("cep_iceberg");
    assertThat(s.getSignalId())
        .isEqualTo(Ids.signalId(CALL_ID, T0 + 10 * SECOND, 5, "cep_iceberg", "baseline"));
    assertThat(s.getAttributes())
        .containsEntry("fills", "3")
        .containsEntry("refills", "2")
        .containsEntry("level_price", "60");
    assertThat(s.getContracts()).isEqualTo(120);
    assertThat(s.getPremiumUsd()).isEqualTo(144_000.0);
    assertThat(s.getScore()).isEqualTo(2.0);
    assertThat(s.getAggressor()).as("the resting side").isEqualTo(Side.BID);
    assertThat(s.getDirection()).isEqualTo(Direction.BULLISH);
    assertThat(s.getWindowStart()).isEqualTo(T0);
    assertThat(runs()).as("every run at the level ends with the signal").isNull();
  }

  @Test
  void aReQuoteAfterTheRefillWindowOrAnAddAtAnotherLevelIsNoRefill() throws Exception {
    for (int r = 0; r < 4; r++) {
      fillAndRefill(T0 + r * SECOND, Side.BID, 60, 40, 200 * MS);
    }
    for (int r = 0; r < 4; r++) {
      long at = T0 + MINUTE + r * SECOND;
      book(EventKind.FILL, at, Side.ASK, 60, 40);
      book(EventKind.ADD, at, Side.ASK, 60.05, 40);
      book(EventKind.ADD, at, Side.BID, 60, 40);
    }
    assertThat(signalsUpTo(T0 + 2 * MINUTE)).isEmpty();
  }

  @Test
  void aLaterFillCompletesTheRunItPassedOverAFillThatWasNotRefilled() throws Exception {
    fillAndRefill(T0, Side.ASK, 60, 40, 0); // $48k, refilled
    book(EventKind.FILL, T0 + SECOND, Side.ASK, 60, 5); // $6k: $54k, not refilled
    book(EventKind.ADD, T0 + 2 * SECOND, Side.ASK, 60, 40); // too late for a refill
    assertThat(signalsUpTo(T0 + 2 * SECOND)).isEmpty();

    // $60k: the refilled first fill and this one make $108k.
    book(EventKind.FILL, T0 + 3 * SECOND, Side.ASK, 60, 50);

    assertThat(signalsUpTo(T0 + 4 * SECOND))
        .singleElement()
        .satisfies(s -> assertThat(s.getAttributes()).containsEntry("fills", "2"))
        .satisfies(s -> assertThat(s.getAttributes()).containsEntry("refills", "1"))
        .satisfies(s -> assertThat(s.getPremiumUsd()).isEqualTo(108_000.0))
        .satisfies(s -> assertThat(s.getAggressor()).isEqualTo(Side.ASK));
  }

  @Test
  void anInstrumentKeepsAtMostItsCapOfRuns() throws Exception {
    int levels = IcebergRuns.CAP + 6;
    for (int l = 0; l < levels; l++) {
      book(EventKind.FILL, T0, Side.BID, 60 + l, 40);
    }
    h.watermark(T0 / MS);
    assertThat(runs().count).isEqualTo(IcebergRuns.CAP);

    for (int l = 0; l < levels; l++) {
      book(EventKind.ADD, T0, Side.BID, 60 + l, 40);
    }
    for (int l = 0; l < levels; l++) {
      book(EventKind.FILL, T0 + SECOND, Side.BID, 60 + l, 50);
    }

    // Each of the first CAP levels completes ($108k+ of fills, 1 refill); the rest had no run.
    assertThat(signalsUpTo(T0 + 2 * SECOND))
        .hasSize(IcebergRuns.CAP)
        .allSatisfy(s -> assertThat(s.getReferencePrice()).isLessThan(Fixtures.px(60 + 64)));
    assertThat(runs().count).as("the fills of the last levels start runs now").isEqualTo(6);
  }

  @Test
  void runsAreDroppedOnceEventTimeLeavesTheirWindow() throws Exception {
    fillAndRefill(T0, Side.BID, 60, 40, 0);
    book(EventKind.FILL, T0 + MINUTE, Side.BID, 61, 40);
    h.watermark((T0 + MINUTE) / MS);
    assertThat(runs().count).isEqualTo(2);

    h.watermark((T0 + 5 * MINUTE) / MS);
    assertThat(runs().count).as("the run at 61 is a minute younger").isEqualTo(1);

    h.watermark((T0 + 6 * MINUTE) / MS);
    assertThat(runs()).isNull();
  }
}
