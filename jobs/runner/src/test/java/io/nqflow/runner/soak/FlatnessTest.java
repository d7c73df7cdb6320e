package io.nqflow.runner.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlatnessTest {
  private static Trend trend(double slopePerHour, double mean) {
    return new Trend(slopePerHour, mean, mean, mean, mean, 10);
  }

  @Test
  void theRelativeToleranceAppliesWhenItIsTheLarger() {
    Flatness f = new Flatness(0.10, 16);
    // 10 % of 200 = 20 > 16.
    assertEquals(20.0, f.allowedPerHour(trend(0, 200)), 1e-12);
    assertTrue(f.isFlat(trend(15, 200)));
    assertFalse(f.isFlat(trend(21, 200)));
    // Falling is no leak, however fast.
    assertTrue(f.isFlat(trend(-21, 200)));
    assertTrue(f.isFlat(trend(-500, 200)));
  }

  @Test
  void theAbsoluteToleranceAppliesWhenItIsTheLarger() {
    Flatness f = new Flatness(0.10, 16);
    // 10 % of 50 = 5 < 16.
    assertEquals(16.0, f.allowedPerHour(trend(0, 50)), 1e-12);
    assertTrue(f.isFlat(trend(15, 50)));
    assertFalse(f.isFlat(trend(17, 50)));
    // A negative mean counts by its size.
    assertEquals(20.0, f.allowedPerHour(trend(0, -200)), 1e-12);
  }

  @Test
  void refusesNegativeTolerances() {
    assertThrows(IllegalArgumentException.class, () -> new Flatness(-0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Flatness(0.1, Double.NaN));
  }
}
