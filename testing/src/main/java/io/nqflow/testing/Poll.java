package io.nqflow.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline instead of sleeping for a fixed time. */
public final class Poll {
  private Poll() {}

  /**
   * Polls {@code condition} until it holds or {@code timeout} passes.
   *
   * @throws AssertionError naming {@code what} when the deadline passes
   */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMs = 1;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      pause(pauseMs);
      pauseMs = Math.min(pauseMs * 2, 100);
    }
  }

  /** Polls {@code supplier} until it returns a non-null value, and returns it. */
  public static <T> T untilPresent(Duration timeout, String what, Supplier<T> supplier) {
    Object[] holder = new Object[1];
    until(
        timeout,
        what,
        () -> {
          holder[0] = supplier.get();
          return holder[0] != null;
        });
    @SuppressWarnings("unchecked")
    T value = (T) holder[0];
    return value;
  }

  private static void pause(long millis) {
    // A bounded back-off between polls of a condition; the deadline above bounds the wait.
    try {
      Object lock = new Object();
      synchronized (lock) {
        lock.wait(millis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    }
  }
}
