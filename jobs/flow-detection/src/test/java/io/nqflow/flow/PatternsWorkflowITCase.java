package io.nqflow.flow;

import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.Side;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.MarketEventTime;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.testing.FlinkMiniCluster;
import io.nqflow.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job graph ({@link FlowDetectionJob#defineWorkflow}) on a MiniCluster with bounded
 * in-memory inputs: every pattern finds its episode, and parallelism 1 and 2 give the same signals.
 */
class PatternsWorkflowITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private static final long LADDER_1 = 301;
  private static final long LADDER_2 = 302;
  private static final long LADDER_3 = 303;
  private static final long BLOCK = 311;
  private static final long ICEBERG = 321;
  private static final long ACCUMULATION = 331;
  private static final long QUIET = 341;

  private final List<MarketEvent> events = new ArrayList<>();
  private long seq;

  private void trade(long id, long ts, Side side, double price, long size) {
    events.add(Fixtures.trade(id, ts, ++seq, side, price, size));
  }

  private void mbo(long id, long ts, Action a, Side side, double price, long size) {
    events.add(Fixtures.mbo(id, ts, ++seq, a, side, price, size));
  }

  private List<Instrument> instruments() {
    return List.of(
        Fixtures.future(),
        Fixtures.call(LADDER_1, 21_000),
        Fixtures.call(LADDER_2, 21_050),
        Fixtures.call(LADDER_3, 21_100),
        Fixtures.put(BLOCK, 20_900),
        Fixtures.call(ICEBERG, 21_200),
        Fixtures.put(ACCUMULATION, 21_000),
        Fixtures.call(QUIET, 20_500));
  }

  /** One episode of each kind, apart in time, over a quiet background; in event-time order. */
  private List<MarketEvent> session() {
    for (int k = 0; k < 60; k++) {
      trade(Fixtures.FUTURE_ID, T0 + k * MINUTE, Side.BID, 21_050, 1);
      trade(QUIET, T0 + k * MINUTE + SECOND, k % 2 == 0 ? Side.BID : Side.ASK, 80, 5);
    }
    // Ladder: buyers lift three adjacent call strikes within 4 s.
    long t = T0 + 5 * MINUTE;
    trade(LADDER_1, t, Side.BID, 150, 30);
    trade(LADDER_2, t + 2 * SECOND, Side.BID, 120, 30);
    trade(LADDER_3, t + 4 * SECOND, Side.BID, 95, 30);
    // Block of 200 puts sold, then two more sells.
    t = T0 + 15 * MINUTE;
    trade(BLOCK, t, Side.ASK, 110, 200);
    trade(BLOCK, t + MINUTE, Side.ASK, 110, 20);
    trade(BLOCK, t + 2 * MINUTE, Side.ASK, 109, 25);
    // Iceberg: a hidden call buyer at 60, filled three times and refilled in each fill's match
    // event (as an exchange-managed iceberg; a re-quote 200 ms later is no refill).
    t = T0 + 25 * MINUTE;
    for (int r = 0; r < 3; r++) {
      long at = t + r * 5 * SECOND;
      mbo(ICEBERG, at, Action.TRADE, Side.ASK, 60, 40);
      mbo(ICEBERG, at, Action.FILL, Side.BID, 60, 40);
      mbo(ICEBERG, at, Action.ADD, Side.BID, 60, 40);
    }
    // Accumulation: ten buys of 6 puts ($12k each) over eight minutes, one small sell among them.
    t = T0 + 35 * MINUTE;
    for (int i = 0; i < 10; i++) {
      trade(ACCUMULATION, t + i * 50 * SECOND, Side.BID, 100, 6);
    }
    trade(ACCUMULATION, t + 100 * SECOND, Side.ASK, 100, 2);
    events.sort(Comparator.comparingLong(MarketEvent::getTsEvent));
    return events;
  }

  private List<FlowSignal> run(int parallelism, List<MarketEvent> input) throws Exception {
    return run(parallelism, input, false);
  }

  /** Counts market events read; definitions can be made to wait for all of them. */
  private static final java.util.concurrent.atomic.AtomicInteger READ =
      new java.util.concurrent.atomic.AtomicInteger();

  private static final java.util.concurrent.atomic.AtomicInteger EXPECTED =
      new java.util.concurrent.atomic.AtomicInteger();

  private List<FlowSignal> run(int parallelism, List<MarketEvent> input, boolean definitionsLast)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    env.configure(conf);
    JobSettings js = JobSettings.local("unused:9092");
    DataStream<MarketEvent> ev =
        env.fromData(input, new AvroTypeInfo<>(MarketEvent.class))
            .assignTimestampsAndWatermarks(MarketEventTime.watermarks(js));
    DataStream<Instrument> in = env.fromData(instruments(), new AvroTypeInfo<>(Instrument.class));
    if (definitionsLast) {
      READ.set(0);
      EXPECTED.set(input.size());
      ev =
          ev.map(
                  e -> {
                    READ.incrementAndGet();
                    return e;
                  })
              .returns(new AvroTypeInfo<>(MarketEvent.class));
      in =
          in.map(
                  i -> {
                    Poll.until(
                        Duration.ofSeconds(60),
                        "all market events read",
                        () -> READ.get() >= EXPECTED.get());
                    return i;
                  })
              .returns(new AvroTypeInfo<>(Instrument.class));
    }
    FlowDetectionSettings settings =
        FlowDetectionSettings.defaults().toBuilder().cooldown(Duration.ofMinutes(2)).build();
    FlowOutputs out = FlowDetectionJob.defineWorkflow(env, ev, in, settings);
    List<FlowSignal> signals = new ArrayList<>();
    try (CloseableIterator<FlowSignal> it = out.signals().executeAndCollect()) {
      it.forEachRemaining(signals::add);
    }
    return signals;
  }

  @Test
  void everyPatternFindsItsEpisodeAndParallelismDoesNotChangeTheSignals() throws Exception {
    List<MarketEvent> input = session();
    List<FlowSignal> one = run(1, input);
    Map<String, List<Long>> byAlgorithm =
        one.stream()
            .collect(
                Collectors.groupingBy(
                    FlowSignal::getAlgorithm,
                    Collectors.mapping(FlowSignal::getInstrumentId, Collectors.toList())));

    assertThat(byAlgorithm.get("cep_ladder")).containsExactly(LADDER_3);
    assertThat(byAlgorithm.get("cep_block")).containsExactly(BLOCK);
    assertThat(byAlgorithm.get("cep_iceberg")).containsExactly(ICEBERG);
    assertThat(byAlgorithm.get("cep_accumulation")).containsExactly(ACCUMULATION);
    assertThat(one).noneMatch(s -> s.getInstrumentId() == QUIET);
    assertThat(one)
        .filteredOn(s -> s.getAlgorithm().equals("cep_block"))
        .allMatch(s -> s.getDirection() == Direction.BULLISH, "puts sold are bullish");
    assertThat(one)
        .filteredOn(s -> s.getAlgorithm().startsWith("cep_"))
        .allMatch(s -> s.getUnderlyingPrice() != null, "patterns carry the underlying price");

    List<FlowSignal> two = run(2, input);
    assertThat(ids(two)).isEqualTo(ids(one));
  }

  @Test
  void definitionsThatArriveAfterTheMarketDataChangeNothing() throws Exception {
    List<MarketEvent> input = session();
    List<FlowSignal> normal = run(1, input);
    assertThat(normal).isNotEmpty();

    // The market data (an hour of event time) is read before any definition: the router holds
    // the events and the watermark until the definitions come.
    List<FlowSignal> late = run(2, input, true);

    assertThat(ids(late)).isEqualTo(ids(normal));
  }

  private static List<String> ids(List<FlowSignal> signals) {
    return signals.stream().map(FlowSignal::getSignalId).sorted().toList();
  }

  @Test
  void unknownInstrumentsEndAsDeadLetters() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    JobSettings js = JobSettings.local("unused:9092");
    DataStream<MarketEvent> ev =
        env.fromData(
                List.of(Fixtures.trade(999, T0, 1, Side.BID, 10, 1)),
                new AvroTypeInfo<>(MarketEvent.class))
            .assignTimestampsAndWatermarks(MarketEventTime.watermarks(js));
    DataStream<Instrument> in = env.fromData(instruments(), new AvroTypeInfo<>(Instrument.class));
    FlowOutputs out =
        FlowDetectionJob.defineWorkflow(env, ev, in, FlowDetectionSettings.defaults());
    List<DeadLetter> dead = new ArrayList<>();
    try (CloseableIterator<DeadLetter> it = out.deadLetters().executeAndCollect()) {
      it.forEachRemaining(dead::add);
    }
    assertThat(dead)
        .singleElement()
        .satisfies(d -> assertThat(d.getReason()).contains("no definition of instrument 999"));
  }

  @Test
  void boundedDetectionWritesSignalsAsJsonLines(@TempDir Path dir) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    JobSettings js = JobSettings.local("unused:9092");
    List<MarketEvent> input = new ArrayList<>(session());
    input.add(Fixtures.trade(999, T0, 1, Side.BID, 10, 1));
    input.sort(Comparator.comparingLong(MarketEvent::getTsEvent));
    DataStream<MarketEvent> ev =
        env.fromData(input, new AvroTypeInfo<>(MarketEvent.class))
            .assignTimestampsAndWatermarks(MarketEventTime.watermarks(js));
    DataStream<Instrument> in = env.fromData(instruments(), new AvroTypeInfo<>(Instrument.class));
    Path out = dir.resolve("signals.jsonl");

    BoundedDetection.Result r =
        BoundedDetection.run(env, ev, in, FlowDetectionSettings.defaults(), out);

    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(r.signals().size()).isNotEmpty();
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode n = json.readTree(lines.get(i));
      FlowSignal s = r.signals().get(i);
      assertThat(n.get("signal_id").asText()).isEqualTo(s.getSignalId());
      assertThat(n.get("ts_event").isIntegralNumber()).isTrue();
      assertThat(n.get("ts_event").asLong()).isEqualTo(s.getTsEvent());
      assertThat(n.get("confidence").asText()).isEqualTo(s.getConfidence().name());
      assertThat(n.get("rationale").asText()).isEqualTo(s.getRationale());
      assertThat(n.has("ts_emit")).isFalse();
    }
    assertThat(r.deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.getReason()).contains("instrument 999"));
  }
}
