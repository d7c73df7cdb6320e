package io.nqflow.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InstrumentKeyCensusTest {
  @Test
  void countsExpiredAndOverdueKeysAgainstTheWatermark() {
    long wm = 1_000;
    InstrumentKeyCensus c =
        InstrumentKeyCensus.EMPTY
            // live: expires later
            .plus(2_000, 3_000, wm)
            // expired at 900, kept until 1_500: expired, not overdue
            .plus(900, 1_500, wm)
            // expired exactly at the watermark, cleared exactly at it: both count (timers fire at
            // wm >= t, so a key still there at its clearing time is left behind)
            .plus(1_000, 1_000, wm)
            // never expires
            .plus(Long.MAX_VALUE, Long.MAX_VALUE, wm)
            // long past both
            .plus(10, 20, wm);
    assertEquals(new InstrumentKeyCensus(5, 3, 2), c);
  }

  @Test
  void beforeAnyWatermarkNothingIsExpired() {
    InstrumentKeyCensus c = InstrumentKeyCensus.EMPTY.plus(5, 6, Long.MIN_VALUE);
    assertEquals(new InstrumentKeyCensus(1, 0, 0), c);
  }
}
