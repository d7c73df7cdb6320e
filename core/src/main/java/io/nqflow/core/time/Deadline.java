package io.nqflow.core.time;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a condition with a deadline: the condition is checked, then checked again after a short
 * back-off (doubling up to {@code maxInterval}), until it holds or the deadline passes.
 */
public final class Deadline {
  private Deadline() {}

  /** A condition that may fail on its own (a job that died, a service that failed). */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws Exception;
  }

  /**
   * Returns once {@code check} holds.
   *
   * @throws TimeoutException naming {@code what} when {@code timeout} passes first
   * @throws Exception whatever {@code check} throws
   */
  public static void await(Duration timeout, Duration maxInterval, String what, Check check)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long intervalNanos = TimeUnit.MILLISECONDS.toNanos(1);
    while (!check.holds()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("timed out after " + timeout + " waiting for " + what);
      }
      // The back-off between checks, bounded by the deadline; an early wake-up only checks sooner.
      LockSupport.parkNanos(Math.min(intervalNanos, left));
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for " + what);
      }
      intervalNanos = Math.min(intervalNanos * 2, maxInterval.toNanos());
    }
  }
}
