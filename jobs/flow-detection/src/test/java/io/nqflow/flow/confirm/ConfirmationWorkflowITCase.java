package io.nqflow.flow.confirm;

import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.MarketEventTime;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.testing.FlinkMiniCluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job graph on a MiniCluster: a call sweep that a market maker hedges in the futures 2 ms later
 * is not signalled, the same sweep unhedged is; without the confirmation stage both are.
 */
class ConfirmationWorkflowITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private static final long HEDGED = 401;
  private static final long UNHEDGED = 402;
  private static final long MS = 1_000_000L;

  private static List<Instrument> instruments() {
    return List.of(
        Fixtures.future(), Fixtures.call(HEDGED, 21_000), Fixtures.call(UNHEDGED, 21_025));
  }

  /** Quiet futures for the underlying price; two sweeps of 45 calls ($135k) through 3 levels. */
  private static List<MarketEvent> session() {
    List<MarketEvent> events = new ArrayList<>();
    long seq = 0;
    for (int k = 0; k < 30; k++) {
      events.add(Fixtures.trade(Fixtures.FUTURE_ID, T0 + k * MINUTE, ++seq, Side.BID, 21_050, 1));
    }
    long[] ids = {HEDGED, UNHEDGED};
    for (int n = 0; n < ids.length; n++) {
      long t = T0 + (5 + 10 * n) * MINUTE + 500 * MS;
      for (int level = 0; level < 3; level++) {
        events.add(Fixtures.trade(ids[n], t, ++seq, Side.BID, 150 + 0.5 * level, 15));
      }
      if (ids[n] == HEDGED) {
        // The maker who sold the calls sells about their delta (0.55 x 45) in futures, 2 ms on.
        events.add(Fixtures.trade(Fixtures.FUTURE_ID, t + 2 * MS, ++seq, Side.ASK, 21_050, 25));
      }
    }
    events.sort(Comparator.comparingLong(MarketEvent::getTsEvent));
    return events;
  }

  private static List<FlowSignal> run(FlowDetectionSettings settings) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    env.configure(conf);
    JobSettings js = JobSettings.local("unused:9092");
    DataStream<MarketEvent> ev =
        env.fromData(session(), new AvroTypeInfo<>(MarketEvent.class))
            .assignTimestampsAndWatermarks(MarketEventTime.watermarks(js));
    DataStream<Instrument> in = env.fromData(instruments(), new AvroTypeInfo<>(Instrument.class));
    List<FlowSignal> signals = new ArrayList<>();
    try (CloseableIterator<FlowSignal> it =
        FlowDetectionJob.defineWorkflow(env, ev, in, settings).signals().executeAndCollect()) {
      it.forEachRemaining(signals::add);
    }
    return signals;
  }

  @Test
  void aSweepHedgedInTheFuturesIsNotSignalledAndAnUnhedgedOneIs() throws Exception {
    FlowDetectionSettings on = Fixtures.settings();
    assertThat(on.confirmation().enabled()).isTrue();

    List<FlowSignal> confirmed = run(on);

    assertThat(confirmed)
        .extracting(FlowSignal::getAlgorithm)
        .as("the unhedged sweep is signalled")
        .contains("cep_sweep");
    assertThat(confirmed).allMatch(s -> s.getInstrumentId() == UNHEDGED);

    FlowDetectionSettings off =
        on.toBuilder().confirmation(on.confirmation().withEnabled(false)).build();
    List<FlowSignal> unconfirmed = run(off);
    assertThat(unconfirmed)
        .filteredOn(s -> s.getInstrumentId() == HEDGED)
        .as("without the stage the hedged sweep is signalled too")
        .extracting(FlowSignal::getAlgorithm)
        .contains("cep_sweep");
    assertThat(unconfirmed)
        .filteredOn(s -> s.getInstrumentId() == UNHEDGED)
        .extracting(FlowSignal::getSignalId)
        .containsExactlyInAnyOrderElementsOf(
            confirmed.stream().map(FlowSignal::getSignalId).toList());
  }
}
