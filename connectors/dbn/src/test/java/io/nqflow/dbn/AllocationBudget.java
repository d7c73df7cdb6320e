package io.nqflow.dbn;

import java.lang.management.ManagementFactory;

/**
 * Fails a fuzz input that makes the code under test allocate far more than its size warrants (an
 * allocation sized by a length read from the input), counting the bytes the current thread
 * allocates. Loading and instrumenting classes also allocates on the thread that first uses them,
 * so an input over the budget is run a second time and fails only if it is over again.
 */
final class AllocationBudget {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private AllocationBudget() {}

  /** A body that may throw anything; its exceptions pass through. */
  interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body}; throws an AssertionError if it allocated more than {@code limitBytes} twice
   * in a row.
   */
  static void run(long limitBytes, String what, Body body) throws Exception {
    long used = measure(body);
    if (used > limitBytes) {
      used = measure(body);
      if (used > limitBytes) {
        throw new AssertionError(
            what + " allocated " + used + " bytes, over the budget of " + limitBytes + " bytes");
      }
    }
  }

  private static long measure(Body body) throws Exception {
    long start = THREADS.getCurrentThreadAllocatedBytes();
    body.run();
    return THREADS.getCurrentThreadAllocatedBytes() - start;
  }
}
