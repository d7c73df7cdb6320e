package io.nqflow.chain.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Estimates the underlying price F (index points) from one expiry's chain by put-call parity: the
 * call's mark minus the put's falls through 0 near F.
 *
 * <p>Only strikes where both the call and the put are listed and priced (a bid and an ask, or a
 * last price) count; a strike with one side missing or unpriced would read as C − P against a 0.
 * Over those strikes in ascending order, d(K) = C − P:
 *
 * <ul>
 *   <li>where d changes sign between two adjacent counted strikes, F is the linear interpolation K1
 *       + d1 / (d1 − d2) · (K2 − K1); a strike with d = 0 exactly is F itself. With several sign
 *       changes (noisy quotes) the one bracketed most tightly, smallest |d1| + |d2|, wins, then the
 *       lower strike;
 *   <li>without a sign change, F is the counted strike with the smallest |d|, then the lower one.
 * </ul>
 */
public final class UnderlyingEstimator {

  private UnderlyingEstimator() {}

  /**
   * The estimate, index points.
   *
   * @throws IllegalArgumentException when no strike has both a priced call and a priced put
   */
  public static double estimate(ExpiryChain chain) {
    List<double[]> points = new ArrayList<>();
    for (StrikeRow row : chain.strikes()) {
      if (priced(row.call()) && priced(row.put())) {
        points.add(new double[] {row.strike(), row.call().mark() - row.put().mark()});
      }
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot estimate the underlying of "
              + chain.underlying()
              + " (expiry "
              + chain.expirationNs()
              + " ns): no strike has both a priced call and a priced put");
    }
    double best = Double.NaN;
    double bestBracket = Double.POSITIVE_INFINITY;
    for (int i = 0; i < points.size(); i++) {
      double k1 = points.get(i)[0];
      double d1 = points.get(i)[1];
      if (d1 == 0) {
        if (0 < bestBracket) {
          best = k1;
          bestBracket = 0;
        }
        continue;
      }
      if (i + 1 < points.size()) {
        double k2 = points.get(i + 1)[0];
        double d2 = points.get(i + 1)[1];
        if (d2 != 0 && (d1 > 0) != (d2 > 0)) {
          double bracket = Math.abs(d1) + Math.abs(d2);
          if (bracket < bestBracket) {
            best = k1 + d1 / (d1 - d2) * (k2 - k1);
            bestBracket = bracket;
          }
        }
      }
    }
    if (!Double.isNaN(best)) {
      return best;
    }
    double nearest = points.get(0)[0];
    double smallest = Math.abs(points.get(0)[1]);
    for (double[] p : points) {
      if (Math.abs(p[1]) < smallest) {
        smallest = Math.abs(p[1]);
        nearest = p[0];
      }
    }
    return nearest;
  }

  private static boolean priced(ChainContract c) {
    return c != null && ((c.bid() != null && c.ask() != null) || c.last() != null);
  }
}
