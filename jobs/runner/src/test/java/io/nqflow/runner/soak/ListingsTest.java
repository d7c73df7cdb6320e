package io.nqflow.runner.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ListingsTest {
  private static final long DAY = 86_400_000_000_000L;

  @Test
  void countsExpiredAndRetiredInstrumentsAtATime() {
    long fri = 10 * DAY;
    Listings l =
        new Listings(
            Map.of(
                1L,
                fri, // expired Friday
                2L,
                fri, // expired Friday
                3L,
                fri + 7 * DAY, // next week
                4L,
                Long.MAX_VALUE)); // no expiration
    assertEquals(4, l.listed());
    // Saturday: two expired, none past the two days of retention.
    assertEquals(2, l.expiredBy(fri + DAY));
    assertEquals(0, l.retiredBy(fri + DAY));
    // Exactly two days later: retired (a timer at that time has fired).
    assertEquals(2, l.retiredBy(fri + 2 * DAY));
    assertEquals(0, l.retiredBy(fri + 2 * DAY - 1));
    assertEquals(3, l.expiredBy(fri + 7 * DAY));
  }
}
