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
 * @param perCovariate with {@link #fitBeyond}: the series' change per unit of the covariate (the
 *     slope is then the growth per hour the covariate does not explain); NaN for a plain line
 */
public record Trend(
    double slopePerHour,
    double intercept,
    double mean,
    double start,
    double end,
    int samples,
    double perCovariate) {

  /** A plain line through time. */
  public Trend(
      double slopePerHour, double intercept, double mean, double start, double end, int samples) {
    this(slopePerHour, intercept, mean, start, end, samples, Double.NaN);
  }

  /**
   * Largest share of the covariate's variance that time may explain for {@link #fitBeyond} to tell
   * the two apart (r² of covariate on time).
   */
  public static final double MAX_COLLINEARITY = 0.9;

  /**
   * Fits {@code y = a + b × covariate + c × t} by least squares: {@code c} (per hour) is the growth
   * that the covariate does not explain. Points where the value or the covariate is NaN are left
   * out.
   *
   * @return the fit, or empty when fewer than three points remain or the covariate moves too nearly
   *     in step with time ({@link #MAX_COLLINEARITY}) or not at all: the caller then has only the
   *     plain line
   */
  public static java.util.Optional<Trend> fitBeyond(
      double[] seconds, double[] values, double[] covariate) {
    if (seconds.length != values.length || seconds.length != covariate.length) {
      throw new IllegalArgumentException(
          "trend: "
              + seconds.length
              + " times, "
              + values.length
              + " values and "
              + covariate.length
              + " covariates");
    }
    int n = 0;
    double st = 0;
    double sx = 0;
    double sy = 0;
    double first = Double.NaN;
    double last = Double.NaN;
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i]) || Double.isNaN(covariate[i])) {
        continue;
      }
      if (n == 0) {
        first = values[i];
      }
      last = values[i];
      n++;
      st += seconds[i];
      sx += covariate[i];
      sy += values[i];
    }
    if (n < 3) {
      return java.util.Optional.empty();
    }
    double mt = st / n;
    double mx = sx / n;
    double my = sy / n;
    double stt = 0;
    double sxx = 0;
    double sxt = 0;
    double sty = 0;
    double sxy = 0;
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i]) || Double.isNaN(covariate[i])) {
        continue;
      }
      double dt = seconds[i] - mt;
      double dx = covariate[i] - mx;
      double dy = values[i] - my;
      stt += dt * dt;
      sxx += dx * dx;
      sxt += dx * dt;
      sty += dt * dy;
      sxy += dx * dy;
    }
    double det = sxx * stt - sxt * sxt;
    if (stt == 0 || sxx == 0 || sxt * sxt / (sxx * stt) > MAX_COLLINEARITY || det == 0) {
      return java.util.Optional.empty();
    }
    double b = (sxy * stt - sty * sxt) / det;
    double c = (sxx * sty - sxt * sxy) / det;
    return java.util.Optional.of(new Trend(c * 3600, my - b * mx - c * mt, my, first, last, n, b));
  }

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
