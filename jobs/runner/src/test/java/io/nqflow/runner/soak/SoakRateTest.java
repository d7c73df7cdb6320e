package io.nqflow.runner.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SoakRateTest {
  @Test
  void liveIsRealTime() {
    assertEquals(1.0, SoakRate.parse("live").multiplierFor(1587));
  }

  @Test
  void aMultipleIsTakenAsIs() {
    assertEquals(2.5, SoakRate.parse("x2.5").multiplierFor(1587));
  }

  @Test
  void eventsPerSecondDivideByTheSessionsOwnRate() {
    // 1,500 wanted over 1,000 per second at x1: x1.5.
    assertEquals(1.5, SoakRate.parse("1500/s").multiplierFor(1000), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> SoakRate.parse("1500/s").multiplierFor(0));
  }

  @Test
  void printsAsGiven() {
    assertEquals("live", SoakRate.parse("live").toString());
    assertEquals("x2.500", SoakRate.parse("x2.5").toString());
    assertEquals("1500/s", SoakRate.parse("1500/s").toString());
  }

  @Test
  void refusesOtherText() {
    for (String s : new String[] {"", "fast", "x0", "x-1", "0/s", "abc/s", "10"}) {
      assertThrows(IllegalArgumentException.class, () -> SoakRate.parse(s), s);
    }
  }
}
