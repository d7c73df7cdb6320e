package io.nqflow.feed.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.core.config.BudgetConfig;
import io.nqflow.feed.TestingClock;
import io.nqflow.feed.TestingOps;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.ops.v1.CostKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetTest {
  private static final Instant T0 = Instant.parse("2026-03-10T14:00:00Z");

  private final TestingClock clock = new TestingClock(T0);
  private final TestingOps ops = new TestingOps();

  private Budget budget(double daily, double monthly) {
    return new Budget(new BudgetConfig(daily, monthly), clock, ops, "nq", List.of("live"));
  }

  private static void charge(Budget b, double usd) {
    b.charge("live", CostKind.LIVE_SUBSCRIPTION, usd, "GLBX.MDP3", "mbo", "test");
  }

  @Test
  void reachingTheDailyLimitBlocksUntilMidnightWithOneAuditEventThenResumes() {
    Budget b = budget(8, 200);
    charge(b, 3);
    charge(b, 4.5);
    assertThat(b.blockedUntil()).isEmpty();
    assertThat(ops.audits).isEmpty();

    charge(b, 0.5);

    assertThat(b.blockedUntil()).contains(Instant.parse("2026-03-11T00:00:00Z"));
    assertThat(b.blockedUntil()).isPresent();
    assertThat(ops.actions()).containsExactly("BUDGET_REACHED");
    AuditEvent reached = ops.audits.get(0);
    assertThat(reached.getEntityId()).isEqualTo("budget:daily 2026-03-10");
    assertThat(reached.getDetails())
        .containsEntry("spent_today_usd", "8.00")
        .containsEntry("daily_limit_usd", "8.00")
        .containsEntry("sources_stopped", "live")
        .containsEntry("resumes_at", "2026-03-11T00:00:00Z");
    assertThat(reached.getRationale()).contains("daily data budget reached").contains("[live]");

    clock.set(Instant.parse("2026-03-10T23:59:59Z"));
    assertThat(b.blockedUntil()).isPresent();
    clock.set(Instant.parse("2026-03-11T00:00:00Z"));
    assertThat(b.blockedUntil()).isEmpty();
    assertThat(ops.actions()).containsExactly("BUDGET_REACHED", "BUDGET_RESUMED");
    assertThat(b.spentToday()).isZero();
    assertThat(b.spentThisMonth()).isEqualTo(8.0);
  }

  @Test
  void reachingTheMonthlyLimitBlocksUntilTheNextMonth() {
    Budget b = budget(8, 20);
    for (int day = 0; day < 3; day++) {
      clock.set(T0.plus(Duration.ofDays(day)));
      charge(b, 7);
    }
    assertThat(b.blockedUntil()).contains(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(ops.audits.get(ops.audits.size() - 1).getEntityId())
        .isEqualTo("budget:monthly 2026-03");
    clock.set(Instant.parse("2026-03-31T12:00:00Z"));
    assertThat(b.blockedUntil()).isPresent();
    clock.set(Instant.parse("2026-04-01T00:00:01Z"));
    assertThat(b.blockedUntil()).isEmpty();
  }

  @Test
  void costEventsCarryTheUtcDayAndUniqueDeterministicIds() {
    Budget b = budget(8, 200);
    charge(b, 1);
    charge(b, 1);
    assertThat(ops.costs).extracting(CostEvent::getDay).containsOnly("2026-03-10");
    assertThat(ops.costs).extracting(CostEvent::getAmountUsd).containsOnly(1.0);
    assertThat(new HashSet<>(ops.costs.stream().map(CostEvent::getCostId).toList())).hasSize(2);
    assertThat(ops.costs.get(0).getTs()).isEqualTo(T0.getEpochSecond() * 1_000_000_000L);
  }

  @Test
  void aRestartRebuildsTheSpendFromOpsCostsAndStaysBlocked() {
    Budget before = budget(8, 200);
    for (int i = 0; i < 8; i++) {
      charge(before, 1);
    }
    assertThat(before.blockedUntil()).isPresent();
    List<CostEvent> history = List.copyOf(ops.costs);
    String reachedId = ops.audits.get(0).getAuditId();
    ops.audits.clear();
    ops.costs.clear();

    Budget after = budget(8, 200);
    after.restore(history);
    // Read twice (a consumer may see a record again): counted once.
    after.restore(history);

    assertThat(after.spentToday()).isEqualTo(8.0);
    assertThat(after.blockedUntil()).isPresent();
    // The block is announced again with the same id, so audit consumers keep one.
    assertThat(ops.audits).extracting(AuditEvent::getAuditId).containsExactly(reachedId);
    // New charges do not reuse the ids of the restored ones.
    clock.advance(Duration.ofDays(1));
    charge(after, 1);
    assertThat(history)
        .extracting(CostEvent::getCostId)
        .doesNotContain(ops.costs.get(0).getCostId());
  }

  @Test
  void aRequestIsPricedAgainstWhatIsLeftAndRefusedWithAnAuditEvent() {
    Budget b = budget(8, 200);
    charge(b, 5);
    assertThat(b.fits(3)).isTrue();
    assertThat(b.fits(3.01)).isFalse();

    Instant retry = b.refuse("hist", 4, "Databento historical mbo");

    assertThat(retry).isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
    assertThat(ops.actions()).containsExactly("REQUEST_REFUSED");
    assertThat(ops.audits.get(0).getDetails())
        .containsEntry("request_usd", "4.00")
        .containsEntry("spent_today_usd", "5.00");
    assertThat(b.refuse("hist", 9, "too big")).as("more than a whole day's budget").isNull();
  }

  @Test
  void aNegativeOrNonFiniteSpendIsRejected() {
    Budget b = budget(8, 200);
    assertThatThrownBy(() -> charge(b, -1)).hasMessageContaining("live").hasMessageContaining("-1");
    assertThatThrownBy(() -> charge(b, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
