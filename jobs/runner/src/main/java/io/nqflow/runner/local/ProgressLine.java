package io.nqflow.runner.local;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line for a long local run, printed at most every {@code every} nanoseconds: how far,
 * how fast, the market time reached when known, and an estimate of the time left when the total is
 * known.
 */
final class ProgressLine {
  /** Market time as a trader reads it: Chicago time, the exchange's. */
  private static final java.time.format.DateTimeFormatter MARKET_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'CT'", Locale.ROOT)
          .withZone(java.time.ZoneId.of("America/Chicago"));

  private final PrintStream out;
  private final String what;
  private final long everyNanos;
  private final long started = System.nanoTime();
  private long lastPrint = started;

  /** Event time reached so far in ns since the epoch, or 0 when unknown. */
  private java.util.function.LongSupplier marketTime = () -> 0;

  ProgressLine(PrintStream out, String what, long everyNanos) {
    this.out = out;
    this.what = what;
    this.everyNanos = everyNanos;
  }

  /** Adds the market time reached (ns since the epoch; 0 while unknown) to every line. */
  ProgressLine withMarketTime(java.util.function.LongSupplier tsEventNanos) {
    this.marketTime = tsEventNanos;
    return this;
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
    out.println(line(done, total, (now - started) / 1e9, marketTime.getAsLong()));
  }

  /** The text of one line without a market time (tests). */
  String line(long done, long total, double seconds) {
    return line(done, total, seconds, 0);
  }

  /** The text of one line (tests); {@code marketNanos} 0 leaves the market time out. */
  String line(long done, long total, double seconds, long marketNanos) {
    double rate = seconds > 0 ? done / seconds : 0;
    StringBuilder sb =
        new StringBuilder(
            String.format(Locale.ROOT, "%s: %,d in %.0f s (%,.0f/s)", what, done, seconds, rate));
    if (marketNanos > 0) {
      sb.append(", market time ")
          .append(MARKET_TIME.format(java.time.Instant.ofEpochSecond(0, marketNanos)));
    }
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
