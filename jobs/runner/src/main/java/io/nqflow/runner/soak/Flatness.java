package io.nqflow.runner.soak;

/**
 * When a series counts as flat: its fitted slope per hour stays below the larger of a fraction of
 * its mean and an absolute amount. Only growth counts against it: a series that falls (file
 * descriptors of the history replay closing, a warm-up ending) leaks nothing.
 *
 * @param relativePerHour allowed drift per hour as a fraction of the series' mean (0.10 = 10 %/h)
 * @param absolutePerHour allowed drift per hour in the series' unit, whatever its mean
 */
public record Flatness(double relativePerHour, double absolutePerHour) {
  public Flatness {
    if (!(relativePerHour >= 0) || !(absolutePerHour >= 0)) {
      throw new IllegalArgumentException(
          "flatness tolerances must be >= 0, got "
              + relativePerHour
              + " relative and "
              + absolutePerHour
              + " absolute per hour");
    }
  }

  /** The drift per hour allowed for a series of this trend. */
  public double allowedPerHour(Trend t) {
    return Math.max(relativePerHour * Math.abs(t.mean()), absolutePerHour);
  }

  /** Whether the trend grows no faster than {@link #allowedPerHour}. */
  public boolean isFlat(Trend t) {
    return t.slopePerHour() <= allowedPerHour(t);
  }
}
