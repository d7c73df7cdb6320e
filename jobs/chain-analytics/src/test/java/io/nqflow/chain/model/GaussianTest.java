package io.nqflow.chain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianTest {

  // Reference values from a 30-digit computation of the normal distribution (mpmath ncdf).
  private static final double[][] CDF = {
    {-1, 0.15865525393145705141},
    {-2.5, 0.006209665325776135167},
    {-3, 0.0013498980316300945267},
    {-3.0001, 0.0013494549132607171712},
    {-5, 2.8665157187919391167e-7},
    {-10, 7.619853024160526066e-24},
    {-30, 4.9067139271481870595e-198},
    {0.5, 0.69146246127401310364},
    {2.9, 0.99813418669961596152},
    {3.1, 0.9990323967867816434},
  };

  @Test
  void cdfHasDoublePrecisionRelativeAccuracyIncludingTheTails() {
    for (double[] row : CDF) {
      assertThat(Gaussian.cdf(row[0]))
          .as("Φ(%s)", row[0])
          .isCloseTo(row[1], within(1e-13 * row[1]));
    }
    assertThat(Gaussian.cdf(0)).isEqualTo(0.5);
  }

  @Test
  void logCdfMatchesTheReferenceFarIntoTheTail() {
    assertThat(Gaussian.logCdf(-30)).isCloseTo(-454.32124395634319711, within(1e-10));
    assertThat(Gaussian.logCdf(-1)).isCloseTo(-1.8410216450092635058, within(1e-13));
    assertThat(Gaussian.logCdf(3.1)).isCloseTo(-0.00096807164340154974293, within(1e-15));
    assertThat(Gaussian.logCdf(-1e10)).isFinite().isLessThan(-1e19);
  }
}
