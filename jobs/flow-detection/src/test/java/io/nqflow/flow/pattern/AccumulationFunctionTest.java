package io.nqflow.flow.pattern;

import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.PUT_ID;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.Side;
import io.nqflow.core.ids.Ids;
import io.nqflow.flow.AccumulationRun;
import io.nqflow.flow.Fixtures;
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
 * The accumulation rule on one instrument (defaults: 5 trades, $100k, 70% share, 10 minutes), with
 * the router's buy/sell tally set on each trade as the router would.
 */
class AccumulationFunctionTest {
  private static final Instrument PUT = Fixtures.put(PUT_ID, 21_000);

  private final AccumulationFunction function = new AccumulationFunction(Fixtures.settings());
  private KeyedBroadcastOperatorTestHarness<Long, OptionEvent, UnderlyingPrice, FlowSignal> h;
  private long seq;
  private long bought;
  private long sold;

  @BeforeEach
  void setUp() throws Exception {
    h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            function, e -> e.instrumentId, Types.LONG, AlignedDetector.UNDERLYING);
  }

  /** A trade, with the tally of every trade so far (the window never ends in these tests). */
  private void trade(long ts, Side side, double price, long size) throws Exception {
    if (side == Side.BID) {
      bought += size;
    } else {
      sold += size;
    }
    OptionEvent e = Fixtures.optionTrade(PUT, ts, ++seq, side, price, size);
    e.recentBuy = bought;
    e.recentSell = sold;
    h.processElement(e, ts / 1_000_000);
  }

  private List<FlowSignal> signalsUpTo(long ts) throws Exception {
    h.watermark(ts / 1_000_000);
    return h.extractOutputValues();
  }

  private AccumulationRun run(String side) throws Exception {
    h.getOperator().setCurrentKey(PUT_ID);
    return h.getOperator()
        .getKeyedStateBackend()
        .getPartitionedState(
            VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, function.descriptor(side))
        .value();
  }

  @Test
  void signalsOnTheTradeThatCrossesTheMinimumPremium() throws Exception {
    // $20k each (100 points x 10 x $20): the fifth trade makes $100k.
    for (int i = 0; i < 5; i++) {
      trade(T0 + i * MINUTE, Side.BID, 100, 10);
    }

    FlowSignal s = signalsUpTo(T0 + 5 * MINUTE).get(0);
    assertThat(s.getAlgorithm()).isEqualTo("cep_accumulation");
    assertThat(s.getSignalId())
        .isEqualTo(Ids.signalId(PUT_ID, T0 + 4 * MINUTE, 5, "cep_accumulation", "baseline"));
    assertThat(s.getAttributes()).containsEntry("trades", "5");
    assertThat(s.getContracts()).isEqualTo(50);
    assertThat(s.getPremiumUsd()).isEqualTo(100_000.0);
    assertThat(s.getConfidence()).isEqualTo(Confidence.MODERATE);
    assertThat(s.getWindowStart()).isEqualTo(T0);
    assertThat(s.getAggressor()).isEqualTo(Side.BID);
    assertThat(s.getDirection()).isEqualTo(Direction.BEARISH);
    assertThat(s.getRationale()).contains("accumulation, 5 trades lifting offers over 4.0 minutes");
    assertThat(run(AccumulationFunction.BUYING)).as("the run ends with its signal").isNull();
  }

  @Test
  void fourTradesOrTradesFurtherApartThanTheWindowAreNoAccumulation() throws Exception {
    for (int i = 0; i < 4; i++) {
      trade(T0 + i * MINUTE, Side.BID, 250, 10);
    }
    // Ten minutes after the first: the first is out of the run, four remain.
    trade(T0 + 10 * MINUTE, Side.BID, 250, 10);
    assertThat(signalsUpTo(T0 + 10 * MINUTE)).isEmpty();

    trade(T0 + 10 * MINUTE + SECOND, Side.BID, 250, 10);
    assertThat(signalsUpTo(T0 + 11 * MINUTE))
        .singleElement()
        .satisfies(s -> assertThat(s.getAttributes()).containsEntry("trades", "5"))
        .satisfies(s -> assertThat(s.getWindowStart()).isEqualTo(T0 + MINUTE));
  }

  @Test
  void aPrintWithHalfThePremiumIsNoPartOfAnAccumulation() throws Exception {
    // $120k, then $10k trades: with the large print no run passes the half rule until the small
    // trades have $120k, and by then those alone have the $100k; the run that signals starts after
    // the large print.
    trade(T0, Side.BID, 300, 20);
    for (int i = 1; i <= 9; i++) {
      trade(T0 + i * 20 * SECOND, Side.BID, 50, 10);
    }
    assertThat(signalsUpTo(T0 + 180 * SECOND)).isEmpty();

    trade(T0 + 200 * SECOND, Side.BID, 50, 10);
    assertThat(signalsUpTo(T0 + 201 * SECOND))
        .singleElement()
        .satisfies(s -> assertThat(s.getAttributes()).containsEntry("trades", "10"))
        .satisfies(s -> assertThat(s.getWindowStart()).isEqualTo(T0 + 20 * SECOND))
        .satisfies(s -> assertThat(s.getPremiumUsd()).isEqualTo(100_000.0));
  }

  @Test
  void twoSidedFlowIsNoAccumulation() throws Exception {
    // The buyers hold 60% of the aggressive contracts: below the 70% share.
    for (int i = 0; i < 6; i++) {
      trade(T0 + i * 10 * SECOND, Side.BID, 100, 10);
      trade(T0 + i * 10 * SECOND + SECOND, Side.ASK, 100, 7);
    }
    assertThat(signalsUpTo(T0 + MINUTE)).isEmpty();
  }

  @Test
  void aRunKeepsAtMostItsCapOfTrades() throws Exception {
    // $97 trades ten a second: 1,031 of them would make $100k, the run keeps 1,024 ($99.3k).
    int n = AccumulationRun.CAP + 200;
    for (int i = 0; i < n; i++) {
      trade(T0 + i * 100_000_000L, Side.BID, 4.85, 1);
    }
    assertThat(signalsUpTo(T0 + n * 100_000_000L)).isEmpty();

    AccumulationRun r = run(AccumulationFunction.BUYING);
    assertThat(r.count).isEqualTo(AccumulationRun.CAP);
    assertThat(r.tsEvent.length).isEqualTo(AccumulationRun.CAP);
    assertThat(r.ts(0)).isEqualTo(T0 + 200 * 100_000_000L);
  }

  @Test
  void aRunIsDroppedOnceEventTimeLeavesItsWindow() throws Exception {
    trade(T0, Side.BID, 100, 10);
    trade(T0 + MINUTE, Side.ASK, 100, 10);
    h.watermark((T0 + MINUTE) / 1_000_000);
    assertThat(run(AccumulationFunction.BUYING).count).isEqualTo(1);
    assertThat(run(AccumulationFunction.SELLING).count).isEqualTo(1);

    h.watermark((T0 + 11 * MINUTE) / 1_000_000);

    assertThat(run(AccumulationFunction.BUYING)).isNull();
    assertThat(run(AccumulationFunction.SELLING)).isNull();
  }
}
