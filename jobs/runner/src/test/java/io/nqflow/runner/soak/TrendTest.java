package io.nqflow.runner.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrendTest {
  @Test
  void fitsTheLeastSquaresLinePerHour() {
    // Mean t 1800 s, mean y 13; Σdt² = 2 × 1800² = 6,480,000; Σdt·dy = 1800·3 + 1800·4 = 12,600;
    // slope 12,600 / 6,480,000 per s = 7.0 per hour; intercept 13 − 3.5 = 9.5.
    Trend t = Trend.fit(new double[] {0, 1800, 3600}, new double[] {10, 12, 17});
    assertEquals(7.0, t.slopePerHour(), 1e-9);
    assertEquals(9.5, t.intercept(), 1e-9);
    assertEquals(13.0, t.mean(), 1e-9);
    assertEquals(10.0, t.start());
    assertEquals(17.0, t.end());
    assertEquals(3, t.samples());
  }

  @Test
  void leavesMissingValuesOut() {
    // Points (0,1), (1200,3), (1800,5): mean t 1000, mean y 3; Σdt² = 1,680,000; Σdt·dy = 3,600;
    // slope 3,600 / 1,680,000 per s × 3600 = 7.714285… per hour.
    Trend t = Trend.fit(new double[] {0, 600, 1200, 1800}, new double[] {1, Double.NaN, 3, 5});
    assertEquals(3600.0 / 1_680_000 * 3600, t.slopePerHour(), 1e-9);
    assertEquals(3, t.samples());
    assertEquals(5.0, t.end());
  }

  @Test
  void aFlatSeriesHasSlopeZero() {
    Trend t = Trend.fit(new double[] {0, 10, 20, 30}, new double[] {4, 4, 4, 4});
    assertEquals(0.0, t.slopePerHour(), 0.0);
    assertEquals(4.0, t.intercept(), 1e-12);
  }

  @Test
  void refusesWhatCannotBeFitted() {
    assertThrows(
        IllegalArgumentException.class, () -> Trend.fit(new double[] {0, 1}, new double[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> Trend.fit(new double[] {0, 1}, new double[] {1, Double.NaN}));
    assertThrows(
        IllegalArgumentException.class, () -> Trend.fit(new double[] {5, 5}, new double[] {1, 2}));
  }

  @Test
  void separatesGrowthThatACovariateExplainsFromGrowthOverTime() {
    // y = 10 + 2 x + 3 per hour; x rises and falls (a sawtooth), so it is no proxy for time.
    double[] t = {0, 600, 1200, 1800, 2400, 3000, 3600};
    double[] x = {1, 4, 7, 2, 5, 8, 3};
    double[] y = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      y[i] = 10 + 2 * x[i] + 3 * t[i] / 3600;
    }
    Trend tr = Trend.fitBeyond(t, y, x).orElseThrow();
    assertEquals(3.0, tr.slopePerHour(), 1e-9);
    assertEquals(2.0, tr.perCovariate(), 1e-9);
    assertEquals(10.0, tr.intercept(), 1e-9);
    // The plain line blames all of it on time.
    assertTrue(Trend.fit(t, y).slopePerHour() > 3.5);
  }

  @Test
  void aCovariateInStepWithTimeCannotBeSeparated() {
    double[] t = {0, 10, 20, 30};
    assertTrue(Trend.fitBeyond(t, new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8}).isEmpty());
    assertTrue(Trend.fitBeyond(t, new double[] {1, 2, 3, 4}, new double[] {5, 5, 5, 5}).isEmpty());
    assertTrue(
        Trend.fitBeyond(t, new double[] {1, 2, 3, 4}, new double[] {5, 1, Double.NaN, Double.NaN})
            .isEmpty());
  }
}
