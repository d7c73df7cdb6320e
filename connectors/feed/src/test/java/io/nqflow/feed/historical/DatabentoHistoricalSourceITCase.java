package io.nqflow.feed.historical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.core.config.BudgetConfig;
import io.nqflow.core.config.QualityConfig;
import io.nqflow.databento.ApiKey;
import io.nqflow.databento.HistoricalApiStandIn;
import io.nqflow.databento.HistoricalClient;
import io.nqflow.databento.RangeRequest;
import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import io.nqflow.feed.FailoverSource;
import io.nqflow.feed.FeedSource;
import io.nqflow.feed.SourceUnavailableException;
import io.nqflow.feed.TestingClock;
import io.nqflow.feed.TestingOps;
import io.nqflow.feed.TestingSink;
import io.nqflow.feed.cost.Budget;
import io.nqflow.feed.live.LiveSessions;
import io.nqflow.feed.replay.ReplaySource;
import io.nqflow.feed.replay.Speed;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.ops.v1.CostKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databento Historical as a feed source, against the loopback historical API stand-in. */
class DatabentoHistoricalSourceITCase {
  private static final String KEY = LiveSessions.KEY;

  @TempDir Path tmp;

  private final TestingClock clock = new TestingClock(Instant.parse("2026-03-10T15:00:00Z"));
  private final TestingOps ops = new TestingOps();
  private final Budget budget =
      new Budget(new BudgetConfig(8, 200), clock, ops, "hist", List.of("hist"));
  private HistoricalApiStandIn api;
  private HistoricalClient client;
  private List<MarketEvent> expected;

  @BeforeEach
  void setUp() throws Exception {
    api = new HistoricalApiStandIn(KEY);
    Path session = tmp.resolve("session.mbo.dbn");
    api.rangeBody(LiveSessions.write(session, LiveSessions.mbo(200, 1_000)));
    expected = LiveSessions.events(session);
    client =
        HistoricalClient.builder()
            .apiKey(ApiKey.of(KEY))
            .baseUrl(api.baseUrl())
            .noBudget()
            .maxRetries(0)
            .build();
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  private DatabentoHistoricalSource source() {
    RangeRequest r =
        RangeRequest.builder()
            .dataset(LiveSessions.DATASET)
            .schema(Schema.MBO)
            .stypeIn(SType.RAW_SYMBOL)
            .symbols("ESH1")
            .start(Instant.parse("2020-12-28T00:00:00Z"))
            .end(Instant.parse("2020-12-29T00:00:00Z"))
            .build();
    return new DatabentoHistoricalSource(
        "hist",
        client,
        List.of(r),
        tmp.resolve("downloads"),
        Speed.MAX,
        QualityConfig.defaults(),
        budget);
  }

  @Test
  void chargesThePreflightCostDownloadsOnceAndReplaysTheRange() throws Exception {
    api.cost("0.25");
    TestingSink sink = new TestingSink();

    source().run(sink);

    assertThat(sink.events().stream().map(LiveSessions::anySource).toList())
        .containsExactlyElementsOf(expected);
    assertThat(sink.deadLetters()).isEmpty();
    assertThat(ops.costs).hasSize(1);
    CostEvent c = ops.costs.get(0);
    assertThat(c.getKind()).isEqualTo(CostKind.HISTORICAL_PREFLIGHT);
    assertThat(c.getAmountUsd()).isEqualTo(0.25);
    assertThat(c.getSchemaName()).isEqualTo("mbo");
    assertThat(c.getDay()).isEqualTo("2026-03-10");
    assertThat(api.requests("metadata.get_cost")).isEqualTo(1);
    assertThat(api.requests("timeseries.get_range")).isEqualTo(1);
    try (var files = Files.list(tmp.resolve("downloads"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .singleElement()
          .satisfies(n -> assertThat(n).startsWith("mbo.").endsWith(".dbn.zst"));
    }

    // A second run (a restart) finds the download: nothing is bought again.
    TestingSink again = new TestingSink();
    source().run(again);
    assertThat(again.events()).hasSize(expected.size());
    assertThat(ops.costs).hasSize(1);
    assertThat(api.requests("metadata.get_cost")).isEqualTo(1);
    assertThat(api.requests("timeseries.get_range")).isEqualTo(1);
    assertThat(api.violations()).isEmpty();
  }

  @Test
  void aRangeOverTheRemainingBudgetIsRefusedBeforeAnyDataIsBought() throws Exception {
    budget.charge("live", CostKind.LIVE_SUBSCRIPTION, 7.0, "GLBX.MDP3", "mbo", "earlier");
    api.cost("2.50");

    assertThatThrownBy(() -> source().run(new TestingSink()))
        .isInstanceOf(SourceUnavailableException.class)
        .satisfies(
            e ->
                assertThat(((SourceUnavailableException) e).until())
                    .isEqualTo(Instant.parse("2026-03-11T00:00:00Z")));

    assertThat(api.requests("timeseries.get_range")).isZero();
    assertThat(ops.costs).hasSize(1);
    assertThat(ops.actions()).containsExactly("REQUEST_REFUSED");
    assertThat(ops.audits.get(0).getDetails()).containsEntry("request_usd", "2.50");
  }

  @Test
  void aRefusedRangeFailsOverToTheNextSource() throws Exception {
    budget.charge("live", CostKind.LIVE_SUBSCRIPTION, 7.0, "GLBX.MDP3", "mbo", "earlier");
    api.cost("2.50");
    Path file = tmp.resolve("backup.mbo.dbn");
    LiveSessions.write(file, LiveSessions.mbo(200, 1_000));
    FeedSource replay =
        new ReplaySource("replay", List.of(file), Speed.MAX, QualityConfig.defaults());
    TestingSink sink = new TestingSink();

    FailoverSource.builder("hist-then-replay")
        .sources(List.of(source(), replay))
        .clock(clock)
        .budget(budget)
        .checkInterval(Duration.ofMillis(20))
        .build()
        .run(sink);

    assertThat(sink.events()).extracting(MarketEvent::getSource).containsOnly("replay");
    assertThat(sink.events()).hasSize(expected.size());
  }
}
