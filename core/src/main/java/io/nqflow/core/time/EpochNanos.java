package io.nqflow.core.time;

import java.time.Instant;

/** Wall-clock time as ns since the UNIX epoch, the unit of every time field in the messages. */
public final class EpochNanos {
  private EpochNanos() {}

  public static long now() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  public static long ofMillis(long millis) {
    return millis * 1_000_000L;
  }

  public static long toMillis(long nanos) {
    return Math.floorDiv(nanos, 1_000_000L);
  }
}
