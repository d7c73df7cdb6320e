package io.nqflow.simulator;

import java.util.PriorityQueue;

/**
 * The session's event loop: actions run in time order, and actions due at the same time in the
 * order they were scheduled (so a run never depends on heap internals).
 */
final class Scheduler {
  private record Task(long time, long order, Runnable action) {}

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) ->
              a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
  private long taskOrder;
  private long now;

  /** The time of the action running now, ns; 0 before the loop starts. */
  long now() {
    return now;
  }

  void schedule(long at, Runnable action) {
    tasks.add(new Task(at, taskOrder++, action));
  }

  /** Runs the scheduled actions, and those they schedule, until the next one is due at close. */
  void runUntil(long close) {
    while (!tasks.isEmpty()) {
      Task t = tasks.poll();
      if (t.time >= close) {
        break;
      }
      now = t.time;
      t.action.run();
    }
  }
}
