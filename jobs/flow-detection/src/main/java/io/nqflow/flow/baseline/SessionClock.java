package io.nqflow.flow.baseline;

import io.nqflow.flow.FlowDetectionSettings;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Maps event time to trading sessions and time-of-day buckets. A session opens every day at {@code
 * open} in {@code zone} (CME Globex: 17:00 America/Chicago) and is named by the calendar date on
 * which it closes, as an epoch day. The bucket is the elapsed wall-clock time since the open
 * divided by the bucket length. The current session's bounds are cached, so most calls are two
 * compares.
 */
public final class SessionClock implements Serializable {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final ZoneId zone;
  private final LocalTime open;
  private final long bucketNanos;
  private transient long cachedStart = Long.MAX_VALUE;
  private transient long cachedEnd = Long.MIN_VALUE;
  private transient long cachedSession;

  public SessionClock(ZoneId zone, LocalTime open, long bucketNanos) {
    this.zone = zone;
    this.open = open;
    this.bucketNanos = bucketNanos;
  }

  public static SessionClock of(FlowDetectionSettings s) {
    return new SessionClock(s.sessionZone(), s.sessionOpen(), s.bucket().toNanos());
  }

  /** Session of an event time: the epoch day of the date the session closes on. */
  public long session(long tsNanos) {
    locate(tsNanos);
    return cachedSession;
  }

  /** Session open of an event time, ns since the epoch. */
  public long sessionStart(long tsNanos) {
    locate(tsNanos);
    return cachedStart;
  }

  /** Time-of-day bucket of an event time, counted from the session open. */
  public int bucket(long tsNanos) {
    locate(tsNanos);
    return (int) ((tsNanos - cachedStart) / bucketNanos);
  }

  /** Number of buckets a session can have (25 h covers the day clocks fall back). */
  public int bucketsPerSession() {
    return (int) ((25L * 3600 * NANOS_PER_SECOND + bucketNanos - 1) / bucketNanos);
  }

  private void locate(long ts) {
    if (ts >= cachedStart && ts < cachedEnd) {
      return;
    }
    Instant instant =
        Instant.ofEpochSecond(
            Math.floorDiv(ts, NANOS_PER_SECOND), Math.floorMod(ts, NANOS_PER_SECOND));
    ZonedDateTime local = instant.atZone(zone);
    LocalDate openDate =
        local.toLocalTime().isBefore(open) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
    ZonedDateTime start = openDate.atTime(open).atZone(zone);
    ZonedDateTime end = openDate.plusDays(1).atTime(open).atZone(zone);
    cachedStart = toNanos(start.toInstant());
    cachedEnd = toNanos(end.toInstant());
    cachedSession = openDate.plusDays(1).toEpochDay();
  }

  private static long toNanos(Instant i) {
    return i.getEpochSecond() * NANOS_PER_SECOND + i.getNano();
  }
}
