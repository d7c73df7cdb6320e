package io.nqflow.feed.live;

import static io.nqflow.feed.live.LiveSessions.DATASET;
import static io.nqflow.feed.live.LiveSessions.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.BudgetConfig;
import io.nqflow.core.config.QualityConfig;
import io.nqflow.databento.ApiKey;
import io.nqflow.databento.LiveClient;
import io.nqflow.databento.TestingLiveGateway;
import io.nqflow.feed.FailoverSource;
import io.nqflow.feed.FeedMetrics;
import io.nqflow.feed.FeedPublisher;
import io.nqflow.feed.IdleSource;
import io.nqflow.feed.RunControl;
import io.nqflow.feed.TestingClock;
import io.nqflow.feed.TestingOps;
import io.nqflow.feed.TestingSink;
import io.nqflow.feed.cost.Budget;
import io.nqflow.feed.cost.CostHistory;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.ops.v1.CostKind;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The data budget stops the paid live source at the limit (cost events on ops.costs, an audit event
 * on ops.audit), the feed runs its free backup meanwhile, a restart rebuilds the spend from
 * ops.costs, and the live source runs again in the next period.
 */
class LiveBudgetITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void budgetStopsThePaidLiveSourceAtTheLimitAndResumesItTheNextDay() throws Exception {
    byte[] session = LiveSessions.mbo(300, 1_000);
    TestingClock clock = new TestingClock(Instant.parse("2026-03-10T20:00:00Z"));
    TestingSink sink = new TestingSink();
    double dupBefore = FeedMetrics.FAILOVER_DUPLICATES.labels("nq-budget", "databento-live").get();
    try (FeedPublisher pub = new FeedPublisher(KAFKA.bootstrapServers(), "budget-it", 1 << 20);
        TestingLiveGateway gateway = new TestingLiveGateway(KEY, DATASET, session)) {
      Budget budget =
          new Budget(new BudgetConfig(8, 200), clock, pub, "nq-budget", List.of("databento-live"));
      DatabentoLiveSource live =
          new DatabentoLiveSource(
              "databento-live",
              start -> client(gateway),
              QualityConfig.defaults(),
              clock,
              new DatabentoLiveSource.LiveCosts(
                  budget, 4.0, Duration.ofMinutes(15), DATASET, "mbo"));
      IdleSource backup = new IdleSource("backup");
      FailoverSource feed =
          FailoverSource.builder("nq-budget")
              .sources(List.of(live, backup))
              .clock(clock)
              .budget(budget)
              .checkInterval(Duration.ofMillis(20))
              .build();
      RunControl control = RunControl.fromStart();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  feed.run(sink, control);
                } catch (Throwable e) {
                  failed.set(e);
                }
              });
      t.start();
      try {
        Poll.until(WAIT, "the live session delivered", () -> sink.events().size() == 300);

        clock.advance(Duration.ofHours(1));
        Poll.until(WAIT, "$4 charged", () -> budget.spentToday() == 4.0);
        assertThat(budget.blockedUntil()).isEmpty();
        assertThat(backup.starts.get()).isZero();

        clock.advance(Duration.ofHours(1));
        Poll.until(WAIT, "the backup runs instead of live", backup::running);
        assertThat(budget.spentToday()).isEqualTo(8.0);

        List<CostEvent> costs = KAFKA.client().values(Topics.COSTS);
        assertThat(costs).hasSize(8);
        assertThat(costs)
            .allSatisfy(c -> assertThat(c.getSource()).isEqualTo("databento-live"))
            .allSatisfy(c -> assertThat(c.getKind()).isEqualTo(CostKind.LIVE_SUBSCRIPTION))
            .allSatisfy(c -> assertThat(c.getDay()).isEqualTo("2026-03-10"))
            .allSatisfy(c -> assertThat(c.getAmountUsd()).isEqualTo(1.0));
        List<AuditEvent> audits = feedAudits();
        assertThat(audits).extracting(AuditEvent::getAction).containsExactly("BUDGET_REACHED");
        assertThat(audits.get(0).getDetails())
            .containsEntry("spent_today_usd", "8.00")
            .containsEntry("sources_stopped", "databento-live")
            .containsEntry("resumes_at", "2026-03-11T00:00:00Z");

        // A restarted feed rebuilds its spend from ops.costs: still blocked today.
        TestingOps ops = new TestingOps();
        Budget restarted =
            new Budget(
                new BudgetConfig(8, 200), clock, ops, "nq-budget", List.of("databento-live"));
        restarted.restore(CostHistory.read(KAFKA.bootstrapServers(), WAIT));
        assertThat(restarted.spentToday()).isEqualTo(8.0);
        assertThat(restarted.blockedUntil()).contains(Instant.parse("2026-03-11T00:00:00Z"));
        assertThat(ops.audits.get(0).getAuditId()).isEqualTo(audits.get(0).getAuditId());

        // The next day the live source runs again: the backup is stopped, and the session the
        // gateway streams again is dropped as already published.
        clock.set(Instant.parse("2026-03-11T00:00:05Z"));
        Poll.until(WAIT, "back on live", () -> backup.stops.get() == 1 && !backup.running());
        Poll.until(
            WAIT,
            "the repeated session dropped",
            () ->
                FeedMetrics.FAILOVER_DUPLICATES.labels("nq-budget", "databento-live").get()
                        - dupBefore
                    == 300);
        assertThat(feedAudits())
            .extracting(AuditEvent::getAction)
            .containsExactly("BUDGET_REACHED", "BUDGET_RESUMED");
        assertThat(sink.events()).hasSize(300);
      } finally {
        control.stop();
        t.join(10_000);
      }
      assertThat(failed.get()).isNull();
      assertThat(t.isAlive()).isFalse();
    }
  }

  private static List<AuditEvent> feedAudits() {
    return KAFKA.client().values(Topics.AUDIT).stream()
        .filter(a -> a.getStage().equals("feed") && a.getEntityType().equals("budget"))
        .toList();
  }

  private static LiveClient client(TestingLiveGateway gateway) {
    return LiveClient.builder()
        .dataset(DATASET)
        .apiKey(ApiKey.of(KEY))
        .gateway(gateway.hostPort())
        .subscribe(io.nqflow.dbn.Schema.MBO, io.nqflow.dbn.SType.RAW_SYMBOL, List.of("ESH1"))
        .heartbeatInterval(Duration.ofSeconds(1))
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
        .maxReconnectAttempts(0)
        .random(new SplittableRandom(7))
        .build();
  }
}
