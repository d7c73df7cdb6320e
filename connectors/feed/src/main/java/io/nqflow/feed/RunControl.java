package io.nqflow.feed;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of a {@link FeedSource}: where it may start and a cooperative stop. A new control per
 * run, so a stop meant for one run can never end the next one.
 */
public final class RunControl {
  private final long fromTsEvent;
  private final List<Runnable> hooks = new ArrayList<>();
  private volatile boolean stopRequested;

  /**
   * @param fromTsEvent ns since the epoch: everything before it was already published, so the
   *     source may skip it (a replay skips ahead, a live source asks for an intraday replay from
   *     there); 0 for the beginning
   */
  public RunControl(long fromTsEvent) {
    this.fromTsEvent = Math.max(0, fromTsEvent);
  }

  /** A run from the source's beginning. */
  public static RunControl fromStart() {
    return new RunControl(0);
  }

  public long fromTsEvent() {
    return fromTsEvent;
  }

  public boolean stopRequested() {
    return stopRequested;
  }

  /**
   * Asks the run to end soon; the source's {@code run} then returns normally. Runs the hooks the
   * source registered (closing a connection, say). Idempotent, callable from any thread.
   */
  public void stop() {
    List<Runnable> run;
    synchronized (this) {
      if (stopRequested) {
        return;
      }
      stopRequested = true;
      run = new ArrayList<>(hooks);
      hooks.clear();
    }
    run.forEach(Runnable::run);
  }

  /** Calls {@code hook} on {@link #stop()}; at once when the stop was already requested. */
  public void onStop(Runnable hook) {
    synchronized (this) {
      if (!stopRequested) {
        hooks.add(hook);
        return;
      }
    }
    hook.run();
  }
}
