package io.nqflow.flow.pattern;

import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.PUT_ID;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.Side;
import io.nqflow.core.ids.Ids;
import io.nqflow.flow.AccumulationRun;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.FlowDetectionSettings;
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
 * The accumulation rule on one instrument, with the router's buy/sell tally set on each trade as
 * the router would. The run mechanics are tested with 5 trades and no premium-per-trade, p-value or
 * volume-ratio rule ($100k, 70% share, 10 minutes); those rules and the 8-trade default with {@link
 * #defaults}.
 */
class AccumulationFunctionTest {
  private static final Instrument PUT = Fixtures.put(PUT_ID, 21_000);

  private static final FlowDetectionSettings FIVE_TRADES =
      Fixtures.withPatterns(
          "accumulation: {min_trades: 5, min_avg_trade_premium_usd: 0, max_p_value: 1,"
              + " min_volume_ratio: 0, min_clip_share: 0, max_gap_cv: 0}");

  private AccumulationFunction function = new AccumulationFunction(FIVE_TRADES);
  private KeyedBroadcastOperatorTestHarness<Long, OptionEvent, UnderlyingPrice, FlowSignal> h;
  private long seq;
  private final List<long[]> tally = new java.util.ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    open(new AccumulationFunction(FIVE_TRADES));
  }

  /** Tests the rule with the default settings instead. */
  private void defaults() throws Exception {
    open(new AccumulationFunction(Fixtures.settings()));
  }

  private void open(AccumulationFunction f) throws Exception {
    function = f;
    h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            function, e -> e.instrumentId, Types.LONG, AlignedDetector.UNDERLYING);
  }

  /** A trade, with the tally of the last ten minutes' trades as the router keeps it. */
  private void trade(long ts, Side side, double price, long size) throws Exception {
    tally.add(new long[] {ts, side == Side.BID ? size : 0, side == Side.BID ? 0 : size});
    tally.removeIf(t -> ts - t[0] >= 10 * MINUTE);
    OptionEvent e = Fixtures.optionTrade(PUT, ts, ++seq, side, price, size);
    e.recentBuy = tally.stream().mapToLong(t -> t[1]).sum();
    e.recentSell = tally.stream().mapToLong(t -> t[2]).sum();
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

  /** Two-sided background: one buy and one sell of {@code size} every {@code gap} ns. */
  private void background(long from, long to, long gap, long size) throws Exception {
    for (long t = from; t < to; t += gap) {
      trade(t, Side.BID, 100, size);
      trade(t + gap / 2, Side.ASK, 100, size);
    }
  }

  @Test
  void byDefaultARunMustStandOutSixFoldFromTheOptionsOwnFlow() throws Exception {
    defaults();
    // 30 minutes of 2 contracts a minute, one each side: one side expects 5 in five minutes.
    background(T0, T0 + 30 * MINUTE, MINUTE, 1);
    long t = T0 + 30 * MINUTE;
    // Eight $20k buys of 3 contracts over 3.5 minutes: 24 contracts, below 6 x 5 = 30 (the tally
    // of the last ten minutes holds the same rate).
    for (int i = 0; i < 8; i++) {
      trade(t + i * 30 * SECOND, Side.BID, 1000.0 / 3, 3);
    }
    assertThat(signalsUpTo(t + 4 * MINUTE)).as("24 contracts against 5 expected").isEmpty();

    // Eight of 5 contracts after 16 more minutes of background: 40 against 6 x 5.4 (the first
    // run now counts in the session's flow: 116 contracts in 54 minutes).
    background(t + 4 * MINUTE, t + 20 * MINUTE, MINUTE, 1);
    long u = t + 20 * MINUTE;
    for (int i = 0; i < 8; i++) {
      trade(u + i * 30 * SECOND, Side.BID, 200, 5);
    }
    assertThat(signalsUpTo(u + 4 * MINUTE))
        .singleElement()
        // The last background buy (no sell after it) and seven 5-lots: 1 + 35 contracts; earlier
        // starts have background sells since them (p > 0.02).
        .satisfies(s -> assertThat(s.getAttributes()).containsEntry("trades", "8"))
        .satisfies(s -> assertThat(s.getContracts()).isEqualTo(36));
  }

  @Test
  void byDefaultSevenTradesAreNoAccumulation() throws Exception {
    defaults();
    background(T0, T0 + 30 * MINUTE, 10 * MINUTE, 1);
    long t = T0 + 30 * MINUTE;
    for (int i = 0; i < 7; i++) {
      trade(t + i * 30 * SECOND, Side.BID, 500, 10);
    }
    assertThat(signalsUpTo(t + 4 * MINUTE)).isEmpty();
    trade(t + 4 * MINUTE, Side.BID, 500, 10);
    assertThat(signalsUpTo(t + 5 * MINUTE)).hasSize(1);
  }

  @Test
  void byDefaultNothingIsAnAccumulationInTheFirstFiveMinutesOfAnOptionWithoutHistory()
      throws Exception {
    defaults();
    for (int i = 0; i < 10; i++) {
      trade(T0 + i * 20 * SECOND, Side.BID, 500, 10);
    }
    assertThat(signalsUpTo(T0 + 4 * MINUTE)).as("3 minutes into its first session").isEmpty();
  }

  @Test
  void theBinomialPValueOfARunAgainstTheOtherSidesTrades() {
    // Hand-computed: 1/2^8; (C(10,8) + C(10,9) + C(10,10)) / 2^10 = 56/1024.
    assertThat(AccumulationFunction.pValue(8, 0)).isCloseTo(1 / 256.0, within(1e-12));
    assertThat(AccumulationFunction.pValue(8, 2)).isCloseTo(56 / 1024.0, within(1e-12));
    assertThat(AccumulationFunction.pValue(0, 5)).isCloseTo(1.0, within(1e-12));
    // Normal approximation beyond 1,000 trades: 600 of 1,200 is a coin's even split.
    assertThat(AccumulationFunction.pValue(600, 600)).isCloseTo(0.5, within(0.02));
  }

  @Test
  void byDefaultAStreakAmongTradesOfTheOtherSideIsChance() throws Exception {
    defaults();
    background(T0, T0 + 30 * MINUTE, 10 * MINUTE, 1);
    long t = T0 + 30 * MINUTE;
    // Eight $20k buys with three one-lot sells among them: p = 0.11 > 0.02.
    for (int i = 0; i < 8; i++) {
      trade(t + i * 30 * SECOND, Side.BID, 500, 2);
      if (i % 3 == 1) {
        trade(t + i * 30 * SECOND + SECOND, Side.ASK, 500, 1);
      }
    }
    assertThat(signalsUpTo(t + 5 * MINUTE)).isEmpty();
  }

  /** Eight buys at {@code t} + the given offsets (seconds) of the given sizes, $10k a contract. */
  private void buys(long t, long[] offsetsSeconds, long[] sizes) throws Exception {
    for (int i = 0; i < sizes.length; i++) {
      trade(t + offsetsSeconds[i] * SECOND, Side.BID, 500, sizes[i]);
    }
  }

  private static final long[] REGULAR = {0, 30, 60, 90, 120, 150, 180, 210};

  /** Gaps of 5, 70, 10, 120, 15, 40 and 8 s: a coefficient of variation of 1.0. */
  private static final long[] RANDOM = {0, 5, 75, 85, 205, 220, 260, 268};

  private static final long[] EQUAL = {2, 2, 2, 2, 2, 2, 2, 2};

  /** A chance run seen on a simulated high-volatility day. */
  private static final long[] ASSORTED = {1, 6, 5, 1, 2, 1, 2, 1};

  @Test
  void byDefaultEqualClipsAtRegularIntervalsAreAnAccumulation() throws Exception {
    defaults();
    background(T0, T0 + 30 * MINUTE, 10 * MINUTE, 1);
    buys(T0 + 30 * MINUTE, REGULAR, EQUAL);
    assertThat(signalsUpTo(T0 + 35 * MINUTE)).hasSize(1);
  }

  @Test
  void byDefaultClipsArrivingAtRandomAreNoSlicing() throws Exception {
    defaults();
    background(T0, T0 + 30 * MINUTE, 10 * MINUTE, 1);
    buys(T0 + 30 * MINUTE, RANDOM, EQUAL);
    assertThat(signalsUpTo(T0 + 35 * MINUTE)).as("gaps vary as much as they average").isEmpty();
  }

  @Test
  void byDefaultAssortedSizesAreNoSlicing() throws Exception {
    defaults();
    background(T0, T0 + 30 * MINUTE, 10 * MINUTE, 1);
    buys(T0 + 30 * MINUTE, REGULAR, ASSORTED);
    // Median premium $15k: none of $10k, $20k, $50k or $60k is within 25% of it.
    assertThat(signalsUpTo(T0 + 35 * MINUTE)).as("no trade near the median").isEmpty();
  }

  @Test
  void theClipRulesAreOffAtZero() throws Exception {
    open(
        new AccumulationFunction(
            Fixtures.withPatterns("accumulation: {min_clip_share: 0, max_gap_cv: 0}")));
    background(T0, T0 + 30 * MINUTE, 10 * MINUTE, 1);
    buys(T0 + 30 * MINUTE, RANDOM, ASSORTED);
    assertThat(signalsUpTo(T0 + 35 * MINUTE)).hasSize(1);
  }

  @Test
  void anAccumulationThatGoesOnIsSignalledOncePerWindow() throws Exception {
    defaults();
    background(T0, T0 + 30 * MINUTE, 10 * MINUTE, 1);
    long t = T0 + 30 * MINUTE;
    // Sixteen clips 30 s apart: the first eight signal, the next eight are the same flow.
    for (int i = 0; i < 16; i++) {
      trade(t + i * 30 * SECOND, Side.BID, 500, 2);
    }
    assertThat(signalsUpTo(t + 9 * MINUTE)).hasSize(1);
    // Eight more, starting 10 minutes after the signal at t + 3.5 min: a new signal.
    long u = t + 14 * MINUTE;
    for (int i = 0; i < 8; i++) {
      trade(u + i * 30 * SECOND, Side.BID, 500, 2);
    }
    assertThat(signalsUpTo(u + 5 * MINUTE))
        .as("every signal so far")
        .hasSize(2)
        .last()
        .satisfies(s -> assertThat(s.getTsEvent()).isEqualTo(u + 210 * SECOND));
  }
}
