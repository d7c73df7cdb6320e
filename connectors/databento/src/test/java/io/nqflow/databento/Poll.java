package io.nqflow.databento;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline (tests never sleep for a fixed time). */
final class Poll {
  private Poll() {}

  static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
      }
      Thread.onSpinWait();
      synchronized (Poll.class) {
        Poll.class.wait(5);
      }
    }
  }
}
