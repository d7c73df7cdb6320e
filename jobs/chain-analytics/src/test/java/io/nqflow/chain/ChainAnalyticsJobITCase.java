package io.nqflow.chain;

import static io.nqflow.chain.ChainFixtures.EXPIRY;
import static io.nqflow.chain.ChainFixtures.FUTURE_ID;
import static io.nqflow.chain.ChainFixtures.MINUTE;
import static io.nqflow.chain.ChainFixtures.NEAR_EXPIRY;
import static io.nqflow.chain.ChainFixtures.SECOND;
import static io.nqflow.chain.ChainFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.Side;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.MarketEventTime;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.signals.v1.Opportunity;
import io.nqflow.testing.FlinkMiniCluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job graph on a MiniCluster over a five-minute session: a ranking per minute of event time,
 * each with the model's two setups, on the state the events built; the same ids on a second run;
 * events of an undefined instrument dead-lettered.
 */
class ChainAnalyticsJobITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  static final long CALL_21000 = 203;
  static final long PUT_21000 = 204;
  static final long NEAR_CALL = 301;
  static final long UNKNOWN = 999;

  static List<Instrument> instruments() {
    return List.of(
        ChainFixtures.future(),
        ChainFixtures.option(201, true, 20_950, EXPIRY),
        ChainFixtures.option(202, false, 20_950, EXPIRY),
        ChainFixtures.option(CALL_21000, true, 21_000, EXPIRY),
        ChainFixtures.option(PUT_21000, false, 21_000, EXPIRY),
        ChainFixtures.option(205, true, 21_050, EXPIRY),
        ChainFixtures.option(206, false, 21_050, EXPIRY),
        // A nearer expiry without open interest: not the one ranked.
        ChainFixtures.option(NEAR_CALL, true, 21_000, NEAR_EXPIRY),
        ChainFixtures.option(302, false, 21_000, NEAR_EXPIRY));
  }

  /**
   * Open interest of 1000 on each option of the ranked expiry; a future trade at 21020 every 10 s
   * from 0:02 to 4:52; one call of 21000 bought every 20 s from 0:05 to 4:45 (3 per minute); five
   * of the near call at 0:07; a trade of an instrument nobody defined at 0:30.
   */
  static List<MarketEvent> session() {
    List<MarketEvent> events = new ArrayList<>();
    long seq = 0;
    for (long id = 201; id <= 206; id++) {
      events.add(ChainFixtures.openInterest(id, T0 + SECOND, ++seq, 1_000));
    }
    for (int k = 0; k < 30; k++) {
      events.add(
          ChainFixtures.trade(
              FUTURE_ID, T0 + 2 * SECOND + k * 10 * SECOND, ++seq, Side.BID, 21_020, 1));
    }
    for (int k = 0; k < 15; k++) {
      events.add(
          ChainFixtures.trade(
              CALL_21000, T0 + 5 * SECOND + k * 20 * SECOND, ++seq, Side.BID, 150, 1));
    }
    events.add(ChainFixtures.trade(NEAR_CALL, T0 + 7 * SECOND, ++seq, Side.BID, 40, 5));
    events.add(ChainFixtures.trade(UNKNOWN, T0 + 30 * SECOND, ++seq, Side.ASK, 10, 1));
    events.sort(Comparator.comparingLong(MarketEvent::getTsEvent));
    return events;
  }

  record Run(List<Opportunity> opportunities, List<DeadLetter> deadLetters) {}

  static Run run() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    env.configure(conf);
    JobSettings js = JobSettings.local("unused:9092");
    DataStream<MarketEvent> ev =
        env.fromData(session(), new AvroTypeInfo<>(MarketEvent.class))
            .assignTimestampsAndWatermarks(MarketEventTime.watermarks(js));
    DataStream<Instrument> in = env.fromData(instruments(), new AvroTypeInfo<>(Instrument.class));
    ChainOutputs out =
        ChainAnalyticsJob.defineWorkflow(
            env, ev, in, ChainAnalyticsSettings.defaults(), s -> new ChainFixtures.EchoModel());
    CloseableIterator<Opportunity> oppIt = out.opportunities().collectAsync();
    CloseableIterator<DeadLetter> deadIt = out.deadLetters().collectAsync();
    JobClient job = env.executeAsync("chain-analytics-itcase");
    CompletableFuture<List<DeadLetter>> dead = CompletableFuture.supplyAsync(() -> drain(deadIt));
    List<Opportunity> opps = drain(oppIt);
    List<DeadLetter> dl = dead.get();
    job.getJobExecutionResult().get();
    opps.sort(
        Comparator.comparingLong(Opportunity::getTsEvent).thenComparingInt(Opportunity::getRank));
    return new Run(opps, dl);
  }

  private static <T> List<T> drain(CloseableIterator<T> it) {
    List<T> all = new ArrayList<>();
    try (it) {
      it.forEachRemaining(all::add);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return all;
  }

  @Test
  void ranksEveryMinuteOfEventTimeWithStableIds() throws Exception {
    Run first = run();
    List<Opportunity> opps = first.opportunities();

    // Events from 0:01 to 4:52: rankings at 1, 2, 3, 4 and 5 minutes, two setups each; the end
    // of the input adds none (nothing came after the 5-minute ranking).
    assertThat(opps).hasSize(10);
    for (int m = 1; m <= 5; m++) {
      long ts = T0 + m * MINUTE;
      List<Opportunity> at = opps.subList(2 * (m - 1), 2 * m);
      assertThat(at).extracting(Opportunity::getTsEvent).containsOnly(ts);
      assertThat(at).extracting(Opportunity::getRank).containsExactly(1, 2);
      Opportunity longCall = at.get(0);
      Opportunity shortPut = at.get(1);
      assertThat(longCall.getDirection()).isEqualTo(Direction.BULLISH);
      assertThat(longCall.getInstrumentId()).isEqualTo(CALL_21000);
      assertThat(shortPut.getDirection()).isEqualTo(Direction.BEARISH);
      assertThat(shortPut.getInstrumentId()).isEqualTo(PUT_21000);
      // The ranked expiry is the one with open interest; its state: 3 calls a minute, 6 x 1000 OI.
      assertThat(longCall.getExpiration()).isEqualTo(EXPIRY);
      assertThat(longCall.getFactors())
          .containsEntry("call_volume", 3.0 * m)
          .containsEntry("oi", 6_000.0)
          .containsEntry("underlying", 21_020.0);
      assertThat(longCall.getUnderlyingPrice()).isEqualTo(21_020.0);
      assertThat(longCall.getTargetLevel()).isEqualTo(21_070.0);
      // The call's mark is its last trade, 150.
      assertThat(longCall.getEntryPrice()).isEqualTo(150_000_000_000L);
      assertThat(longCall.getModel()).isEqualTo("echo");
      assertThat(longCall.getOpportunityId())
          .isEqualTo(OpportunityMapper.opportunityId("baseline", "NQH6", EXPIRY, ts, 1, "echo"));
      assertThat(shortPut.getOpportunityId())
          .isEqualTo(OpportunityMapper.opportunityId("baseline", "NQH6", EXPIRY, ts, 2, "echo"));
    }

    assertThat(first.deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getSource()).isEqualTo("md.events");
              assertThat(d.getStage()).isEqualTo(ChainRouter.STAGE);
              assertThat(d.getReason())
                  .isEqualTo(
                      "no definition of instrument 999 on md.instruments by the end of the input");
            });

    Run second = run();
    assertThat(second.opportunities()).isEqualTo(opps);
  }
}
