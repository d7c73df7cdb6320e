package io.nqflow.testing;

import io.nqflow.core.time.Deadline;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
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
    try {
      Deadline.await(timeout, Duration.ofMillis(100), what, condition::getAsBoolean);
    } catch (TimeoutException e) {
      throw new AssertionError(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling for " + what, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
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
}
