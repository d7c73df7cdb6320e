package io.nqflow.flow.pattern;

import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.FlowOutputs;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.MarketEventTime;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.testing.FlinkMiniCluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CEP patterns on dense flow over two sessions a day apart, as the local stack replays them: a
 * steady one-sided stream of small trades and a busy two-sided book must not make the partial
 * matches grow combinatorially. Before the patterns were bounded this run never finished.
 */
class DensePatternsITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private static final long DAY = 24 * 60 * MINUTE;
  private static final long ACCUMULATION = 431;
  private static final long BUSY_BOOK = 441;

  private final List<MarketEvent> events = new ArrayList<>();
  private long seq;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void denseFlowOverTwoSessionsADayApartEndsAndSignalsInBoth() throws Exception {
    session(T0);
    session(T0 + DAY);
    events.sort(Comparator.comparingLong(MarketEvent::getTsEvent));

    List<FlowSignal> signals = run(events);

    List<FlowSignal> accumulations =
        signals.stream().filter(s -> s.getAlgorithm().equals("cep_accumulation")).toList();
    assertThat(accumulations).extracting(FlowSignal::getInstrumentId).containsOnly(ACCUMULATION);
    assertThat(accumulations)
        .as("one accumulation per session, the second a day after the first")
        .anyMatch(s -> s.getTsEvent() < T0 + DAY)
        .anyMatch(s -> s.getTsEvent() > T0 + DAY);
  }

  /**
   * Ten minutes of one-sided buying, one put per second at 50 points ($1,000 each: the $100k
   * minimum needs a hundred trades), and a two-sided book filled and refilled at five levels.
   */
  private void session(long open) {
    for (int k = 0; k < 12; k++) {
      add(Fixtures.trade(Fixtures.FUTURE_ID, open + k * MINUTE, ++seq, Side.BID, 21_050, 1));
    }
    for (int i = 0; i < 600; i++) {
      long t = open + MINUTE + i * SECOND;
      add(Fixtures.trade(ACCUMULATION, t, ++seq, Side.BID, 50, 1));
      double level = 40 + (i % 5);
      Side side = i % 2 == 0 ? Side.BID : Side.ASK;
      add(Fixtures.mbo(BUSY_BOOK, t, ++seq, Action.FILL, side, level, 2));
      add(Fixtures.mbo(BUSY_BOOK, t + 100_000_000L, ++seq, Action.ADD, side, level, 2));
      add(Fixtures.mbo(BUSY_BOOK, t + 300_000_000L, ++seq, Action.CANCEL, side, level, 2));
    }
  }

  private void add(MarketEvent e) {
    events.add(e);
  }

  private static List<Instrument> instruments() {
    return List.of(
        Fixtures.future(), Fixtures.put(ACCUMULATION, 21_000), Fixtures.call(BUSY_BOOK, 21_100));
  }

  private static List<FlowSignal> run(List<MarketEvent> input) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    env.configure(conf);
    JobSettings js = JobSettings.local("unused:9092");
    DataStream<MarketEvent> ev =
        env.fromData(input, new AvroTypeInfo<>(MarketEvent.class))
            .assignTimestampsAndWatermarks(MarketEventTime.watermarks(js));
    DataStream<Instrument> in = env.fromData(instruments(), new AvroTypeInfo<>(Instrument.class));
    // $1,000 trades every second, every day: what the accumulation's premium-per-trade and
    // volume-ratio rules reject as the option's normal flow (and, arriving like clockwork in equal
    // sizes, what the slicing rules would keep); off here, where the load is the point.
    FlowDetectionSettings s =
        Fixtures.withPatterns(
            "accumulation: {min_avg_trade_premium_usd: 0, max_p_value: 1, min_volume_ratio: 0,"
                + " min_clip_share: 0, max_gap_cv: 0}");
    FlowOutputs out = FlowDetectionJob.defineWorkflow(env, ev, in, s);
    List<FlowSignal> signals = new ArrayList<>();
    try (CloseableIterator<FlowSignal> it = out.signals().executeAndCollect()) {
      it.forEachRemaining(signals::add);
    }
    return signals;
  }
}
