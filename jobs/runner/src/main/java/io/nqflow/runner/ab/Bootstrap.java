package io.nqflow.runner.ab;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The two-sample bootstrap of {@code nqflow ab compare}: each resample draws, with replacement, as
 * many decided outcomes from A as A has and as many from B as B has (the variants' signals are
 * different signals, so the samples are independent), and computes B − A of the accuracy and of the
 * mean P&amp;L per signal. The interval at level L is the percentile interval of those differences:
 * the values at nearest ranks ceil((1 − L)/2 · R) and ceil((1 + L)/2 · R) of the R sorted
 * resamples. Seeded: the same inputs, resamples and seed give the same interval.
 */
public final class Bootstrap {
  private Bootstrap() {}

  /** A two-sided interval. */
  public record Interval(double low, double high) {
    /** Whether 0 lies outside the interval. */
    public boolean excludesZero() {
      return low > 0 || high < 0;
    }
  }

  /** The B − A intervals of accuracy and mean P&amp;L per signal. */
  public record Result(Interval accuracy, Interval pnlPerSignalUsd) {}

  /**
   * @param a pnl_usd of A's decided outcomes (not empty)
   * @param b pnl_usd of B's decided outcomes (not empty)
   * @param resamples how many resamples, at least 100
   * @param level confidence level, in (0, 1)
   */
  public static Result differences(double[] a, double[] b, int resamples, double level, long seed) {
    if (a.length == 0 || b.length == 0) {
      throw new IllegalArgumentException("both variants need decided outcomes to resample");
    }
    if (resamples < 100) {
      throw new IllegalArgumentException("resamples must be at least 100, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), got " + level);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] acc = new double[resamples];
    double[] pnl = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double[] ma = resample(a, rnd);
      double[] mb = resample(b, rnd);
      acc[r] = mb[0] - ma[0];
      pnl[r] = mb[1] - ma[1];
    }
    return new Result(percentile(acc, level), percentile(pnl, level));
  }

  /** One resample's {accuracy, mean}. */
  private static double[] resample(double[] x, SplittableRandom rnd) {
    int n = x.length;
    int wins = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double v = x[rnd.nextInt(n)];
      if (v > 0) {
        wins++;
      }
      sum += v;
    }
    return new double[] {(double) wins / n, sum / n};
  }

  /** The percentile interval of {@code values} (sorted in place) at {@code level}. */
  static Interval percentile(double[] values, double level) {
    Arrays.sort(values);
    int n = values.length;
    double tail = (1 - level) / 2;
    return new Interval(values[rank(tail, n) - 1], values[rank(1 - tail, n) - 1]);
  }

  /** Nearest rank, 1-based: ceil(q · n) within [1, n]. */
  static int rank(double q, int n) {
    // The small epsilon keeps q · n that is an integer in exact arithmetic (0.025 · 10000) from
    // rounding up past it.
    int r = (int) Math.ceil(q * n - 1e-9);
    return Math.max(1, Math.min(n, r));
  }
}
