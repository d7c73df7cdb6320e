package io.nqflow.feed.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.BudgetConfig;
import io.nqflow.feed.TestingClock;
import io.nqflow.feed.TestingOps;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.ops.v1.CostKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveCostMeterTest {
  private final TestingClock clock = new TestingClock(Instant.parse("2026-03-10T14:00:00Z"));
  private final TestingOps ops = new TestingOps();
  private final Budget budget =
      new Budget(new BudgetConfig(8, 200), clock, ops, "nq", List.of("live"));
  private final LiveCostMeter meter =
      new LiveCostMeter(budget, clock, "live", "GLBX.MDP3", "mbo", 3.0, Duration.ofMinutes(10));

  @Test
  void chargesOneEventPerIntervalOfConnectedTimeAndTheRestAtTheEnd() {
    meter.start();
    clock.advance(Duration.ofMinutes(9));
    assertThat(meter.tick()).isFalse();
    assertThat(ops.costs).isEmpty();

    clock.advance(Duration.ofMinutes(26)); // 35 min connected: three whole intervals
    meter.tick();
    assertThat(ops.costs).hasSize(3);
    assertThat(ops.costs)
        .allSatisfy(c -> assertThat(c.getAmountUsd()).isCloseTo(0.5, within()))
        .allSatisfy(c -> assertThat(c.getKind()).isEqualTo(CostKind.LIVE_SUBSCRIPTION));

    meter.finish(); // the last 5 minutes, pro rata
    assertThat(ops.costs).hasSize(4);
    assertThat(ops.costs.stream().mapToDouble(CostEvent::getAmountUsd).sum())
        .isCloseTo(3.0 * 35 / 60, within());
  }

  @Test
  void tickSaysWhenTheBudgetIsReached() {
    meter.start();
    clock.advance(Duration.ofMinutes(150)); // $7.50
    assertThat(meter.tick()).isFalse();
    clock.advance(Duration.ofMinutes(10)); // $8.00
    assertThat(meter.tick()).isTrue();
    assertThat(ops.actions()).containsExactly("BUDGET_REACHED");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
