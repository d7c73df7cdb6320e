package io.nqflow.flow.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SessionClockTest {
  @Test
  void sessionsOpenAt17ChicagoAndBucketsCountFromTheOpen() {
    SessionClock c =
        new SessionClock(
            ZoneId.of("America/Chicago"), LocalTime.of(17, 0), 30 * 60 * 1_000_000_000L);
    long mondayOpen = nanos("2026-03-01T23:00:00Z"); // Sunday 17:00 CST
    long mondayMorning = nanos("2026-03-02T15:00:00Z"); // Monday 09:00 CST
    long mondayClose = nanos("2026-03-02T22:59:59Z"); // Monday 16:59:59 CST
    long tuesdaySession = nanos("2026-03-02T23:00:00Z"); // Monday 17:00 CST
    assertThat(c.session(mondayMorning)).isEqualTo(c.session(mondayOpen));
    assertThat(c.session(mondayClose)).isEqualTo(c.session(mondayOpen));
    assertThat(c.session(tuesdaySession)).isEqualTo(c.session(mondayOpen) + 1);
    assertThat(c.sessionStart(mondayMorning)).isEqualTo(mondayOpen);
    assertThat(c.bucket(mondayOpen)).isZero();
    assertThat(c.bucket(mondayMorning)).isEqualTo(32); // 16 hours after the open
    assertThat(c.bucket(mondayClose)).isEqualTo(47);
  }

  private static long nanos(String iso) {
    Instant i = Instant.parse(iso);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
