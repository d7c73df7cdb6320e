package io.nqflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  @Test
  void runsActionsInTimeOrderAndSimultaneousOnesInSchedulingOrder() {
    Scheduler s = new Scheduler();
    List<String> ran = new ArrayList<>();
    s.schedule(30, () -> ran.add("c@" + s.now()));
    s.schedule(10, () -> ran.add("a@" + s.now()));
    s.schedule(20, () -> ran.add("b1@" + s.now()));
    s.schedule(20, () -> ran.add("b2@" + s.now()));
    s.runUntil(100);
    assertThat(ran).containsExactly("a@10", "b1@20", "b2@20", "c@30");
  }

  @Test
  void runsWhatActionsScheduleAndStopsAtTheClose() {
    Scheduler s = new Scheduler();
    List<Long> ran = new ArrayList<>();
    Runnable[] tick = new Runnable[1];
    tick[0] =
        () -> {
          ran.add(s.now());
          s.schedule(s.now() + 40, tick[0]);
        };
    s.schedule(0, tick[0]);
    s.runUntil(120);
    // 120 is the close: an action due then does not run.
    assertThat(ran).containsExactly(0L, 40L, 80L);
    assertThat(s.now()).isEqualTo(80);
  }
}
