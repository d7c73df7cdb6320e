package io.nqflow.simulator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The session's one seeded random stream and the draws built on it. Every part of the session draws
 * from it in event order, so the same seed gives the same bytes.
 */
public final class SessionRandom {
  private final SplittableRandom rnd;

  SessionRandom(SplittableRandom rnd) {
    this.rnd = rnd;
  }

  public double nextDouble() {
    return rnd.nextDouble();
  }

  public int nextInt(int bound) {
    return rnd.nextInt(bound);
  }

  public boolean nextBoolean() {
    return rnd.nextBoolean();
  }

  /** A standard normal draw. */
  public double gaussian() {
    // Box-Muller on the seeded generator keeps the run reproducible.
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Failures before the first success at probability {@code p}, at most {@code cap}. */
  public int geometric(double p, int cap) {
    int k = 0;
    while (k < cap && rnd.nextDouble() > p) {
      k++;
    }
    return k;
  }

  /** A uniform draw in [a, b). */
  public double uniform(double a, double b) {
    return a + (b - a) * rnd.nextDouble();
  }

  /** One element of a non-empty list, uniformly. */
  public <T> T pick(List<T> xs) {
    return xs.get(rnd.nextInt(xs.size()));
  }
}
