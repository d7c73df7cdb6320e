package io.nqflow.runner.local;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line for a long local run, printed at most every {@code every} nanoseconds: how far,
 * how fast, and an estimate of the time left when the total is known.
 */
final class ProgressLine {
  private final PrintStream out;
  private final String what;
  private final long everyNanos;
  private final long started = System.nanoTime();
  private long lastPrint = started;

  ProgressLine(PrintStream out, String what, long everyNanos) {
    this.out = out;
    this.what = what;
    this.everyNanos = everyNanos;
  }

  /**
   * Reports {@code done} of an estimated {@code total} (0 when unknown); prints when the last line
   * is older than the interval.
   */
  void report(long done, long total) {
    long now = System.nanoTime();
    if (now - lastPrint < everyNanos) {
      return;
    }
    lastPrint = now;
    out.println(line(done, total, (now - started) / 1e9));
  }

  /** The text of one line (tests). */
  String line(long done, long total, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    StringBuilder sb =
        new StringBuilder(
            String.format(Locale.ROOT, "%s: %,d in %.0f s (%,.0f/s)", what, done, seconds, rate));
    if (total > 0 && rate > 0) {
      long left = Math.max(0, total - done);
      sb.append(
          String.format(
              Locale.ROOT,
              ", ~%.0f%% of ~%,d, ~%.0f s left",
              Math.min(100.0, 100.0 * done / total),
              total,
              left / rate));
    }
    return sb.toString();
  }
}
