package io.nqflow.core.trades;

import java.util.List;

/**
 * Position and realized P&amp;L in points of a time-ordered series of fills, at average cost:
 * adding to a position moves the average price (rounded to the nearest 1e-9), closing realizes the
 * difference to it, and flipping through zero opens the rest at the fill price.
 */
final class AverageCost {
  private static final double PRICE_SCALE = 1e9;

  private int position;
  private long avgPrice;
  private double realizedPoints;

  /** Applies the fills in the order given (callers sort them by time). */
  static AverageCost of(List<TradeFill> fills) {
    AverageCost p = new AverageCost();
    fills.forEach(p::apply);
    return p;
  }

  void apply(TradeFill f) {
    int signed = f.signed();
    if (position == 0 || Integer.signum(position) == Integer.signum(signed)) {
      avgPrice =
          Math.round(
              ((double) avgPrice * Math.abs(position) + (double) f.price() * Math.abs(signed))
                  / (Math.abs(position) + Math.abs(signed)));
      position += signed;
    } else {
      int closing = Math.min(Math.abs(position), Math.abs(signed));
      realizedPoints += (f.price() - avgPrice) / PRICE_SCALE * closing * Integer.signum(position);
      int before = position;
      position += signed;
      if (position == 0) {
        avgPrice = 0;
      } else if (Integer.signum(position) != Integer.signum(before)) {
        avgPrice = f.price();
      }
    }
  }

  /** Signed contracts held. */
  int position() {
    return position;
  }

  /** Realized P&amp;L in points (price units) times contracts, before multiplier and fees. */
  double realizedPoints() {
    return realizedPoints;
  }
}
