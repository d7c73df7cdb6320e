package io.nqflow.flow.pattern;

import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.Side;
import io.nqflow.flow.BoundedDetection;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.FlowOutputs;
import io.nqflow.flow.PatternSession;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.MarketEventTime;
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
    DataStream<Instrument> in =
        env.fromData(PatternSession.instruments(), new AvroTypeInfo<>(Instrument.class));
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
        Fixtures.settings().toBuilder().cooldown(Duration.ofMinutes(2)).build();
    FlowOutputs out = FlowDetectionJob.defineWorkflow(env, ev, in, settings);
    List<FlowSignal> signals = new ArrayList<>();
    try (CloseableIterator<FlowSignal> it = out.signals().executeAndCollect()) {
      it.forEachRemaining(signals::add);
    }
    return signals;
  }

  @Test
  void everyPatternFindsItsEpisodeAndParallelismDoesNotChangeTheSignals() throws Exception {
    List<MarketEvent> input = new PatternSession().session();
    List<FlowSignal> one = run(1, input);
    Map<String, List<Long>> byAlgorithm =
        one.stream()
            .collect(
                Collectors.groupingBy(
                    FlowSignal::getAlgorithm,
                    Collectors.mapping(FlowSignal::getInstrumentId, Collectors.toList())));

    assertThat(byAlgorithm.get("cep_ladder")).containsExactly(PatternSession.LADDER_3);
    assertThat(byAlgorithm.get("cep_block")).containsExactly(PatternSession.BLOCK);
    assertThat(byAlgorithm.get("cep_iceberg")).containsExactly(PatternSession.ICEBERG);
    assertThat(byAlgorithm.get("cep_accumulation")).containsExactly(PatternSession.ACCUMULATION);
    assertThat(byAlgorithm.get("cep_sweep")).containsExactly(PatternSession.SWEEP);
    assertThat(one).noneMatch(s -> s.getInstrumentId() == PatternSession.QUIET);
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
    List<MarketEvent> input = new PatternSession().session();
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
    DataStream<Instrument> in =
        env.fromData(PatternSession.instruments(), new AvroTypeInfo<>(Instrument.class));
    FlowOutputs out = FlowDetectionJob.defineWorkflow(env, ev, in, Fixtures.settings());
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
    List<MarketEvent> input = new ArrayList<>(new PatternSession().session());
    input.add(Fixtures.trade(999, T0, 1, Side.BID, 10, 1));
    input.sort(Comparator.comparingLong(MarketEvent::getTsEvent));
    DataStream<MarketEvent> ev =
        env.fromData(input, new AvroTypeInfo<>(MarketEvent.class))
            .assignTimestampsAndWatermarks(MarketEventTime.watermarks(js));
    DataStream<Instrument> in =
        env.fromData(PatternSession.instruments(), new AvroTypeInfo<>(Instrument.class));
    Path out = dir.resolve("signals.jsonl");

    BoundedDetection.Result r = BoundedDetection.run(env, ev, in, Fixtures.settings(), out);

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
