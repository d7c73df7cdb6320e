package io.nqflow.runner.soak;

/**
 * A least-squares line through a series sampled over time: {@code y = intercept + slope × t}.
 *
 * @param slopePerHour the fitted slope, in the series' unit per hour of wall time
 * @param intercept the fitted value at t = 0 (the series' unit)
 * @param mean the mean of the values
 * @param start the first value
 * @param end the last value
 * @param samples how many points were fitted
 */
public record Trend(
    double slopePerHour, double intercept, double mean, double start, double end, int samples) {

  /**
   * Fits the line. Points with a NaN value are left out.
   *
   * @param seconds the time of each sample, seconds since the start of the run
   * @param values the series, same length
   * @throws IllegalArgumentException when the arrays differ in length or fewer than two points of
   *     distinct time remain
   */
  public static Trend fit(double[] seconds, double[] values) {
    if (seconds.length != values.length) {
      throw new IllegalArgumentException(
          "trend: " + seconds.length + " times but " + values.length + " values");
    }
    int n = 0;
    double st = 0;
    double sy = 0;
    double first = Double.NaN;
    double last = Double.NaN;
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        continue;
      }
      if (n == 0) {
        first = values[i];
      }
      last = values[i];
      n++;
      st += seconds[i];
      sy += values[i];
    }
    if (n < 2) {
      throw new IllegalArgumentException("trend: needs at least 2 samples, got " + n);
    }
    double mt = st / n;
    double my = sy / n;
    double stt = 0;
    double sty = 0;
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        continue;
      }
      double dt = seconds[i] - mt;
      stt += dt * dt;
      sty += dt * (values[i] - my);
    }
    if (stt == 0) {
      throw new IllegalArgumentException("trend: all " + n + " samples have the same time");
    }
    double slopePerSecond = sty / stt;
    return new Trend(slopePerSecond * 3600, my - slopePerSecond * mt, my, first, last, n);
  }
}
