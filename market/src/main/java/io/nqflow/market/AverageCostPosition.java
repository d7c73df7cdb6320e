package io.nqflow.market;

/**
 * A position in one instrument at average cost: signed contracts (long &gt; 0), the average entry
 * price in 1e-9 units, and the contract multiplier in USD per index point. A fill that adds to the
 * position (or opens it) moves the average price; one that reduces it realizes P&amp;L against the
 * average and leaves the average alone; one that flips it closes the old side and opens the rest at
 * the fill price. A flat position has average price 0.
 *
 * <p>Average price rule: the exact integer ratio {@code (avg * |q| + price * |fill|) / |q + fill|},
 * rounded to the nearest 1e-9 unit with ties toward positive infinity ({@link
 * Prices#divideRounded}); an overflow of the long products throws {@link ArithmeticException}
 * rather than rounding silently.
 *
 * <p>Realized P&amp;L of a reduction: {@code (price - avg) / 1e9 * closed * sign(q)} index points,
 * times the multiplier in USD. Fees are the caller's: they are not a property of the position.
 */
public final class AverageCostPosition {
  /** What one fill did: contracts closed and the P&amp;L they realized (0 when none closed). */
  public record Change(int closedQuantity, double realizedPoints, double realizedUsd) {}

  private final double multiplierUsd;
  private int quantity;
  private long avgPrice;

  /** A flat position; {@code multiplierUsd} of 1 counts P&amp;L in index points. */
  public AverageCostPosition(double multiplierUsd) {
    this(multiplierUsd, 0, 0L);
  }

  /**
   * A position restored from state.
   *
   * @throws IllegalArgumentException when flat with a non-zero average price, or when the
   *     multiplier is not a finite number
   */
  public AverageCostPosition(double multiplierUsd, int quantity, long avgPrice) {
    if (!Double.isFinite(multiplierUsd)) {
      throw new IllegalArgumentException("multiplierUsd must be finite, got " + multiplierUsd);
    }
    if (quantity == 0 && avgPrice != 0) {
      throw new IllegalArgumentException("a flat position has no average price, got " + avgPrice);
    }
    this.multiplierUsd = multiplierUsd;
    this.quantity = quantity;
    this.avgPrice = avgPrice;
  }

  /**
   * Applies a fill of {@code signedQuantity} contracts (buy &gt; 0, sell &lt; 0) at {@code price}.
   *
   * @throws IllegalArgumentException when the quantity is 0
   */
  public Change apply(int signedQuantity, long price) {
    if (signedQuantity == 0) {
      throw new IllegalArgumentException("a fill has a non-zero quantity");
    }
    if (quantity == 0 || Integer.signum(quantity) == Integer.signum(signedQuantity)) {
      int after = Math.addExact(quantity, signedQuantity);
      long total =
          Math.addExact(
              Math.multiplyExact(avgPrice, (long) Math.abs(quantity)),
              Math.multiplyExact(price, (long) Math.abs(signedQuantity)));
      avgPrice = Prices.divideRounded(total, Math.abs((long) after));
      quantity = after;
      return new Change(0, 0.0, 0.0);
    }
    int closed = Math.min(Math.abs(quantity), Math.abs(signedQuantity));
    double points = (price - avgPrice) / (double) Prices.SCALE * closed * Integer.signum(quantity);
    int before = quantity;
    quantity += signedQuantity;
    if (quantity == 0) {
      avgPrice = 0;
    } else if (Integer.signum(quantity) != Integer.signum(before)) {
      avgPrice = price;
    }
    return new Change(closed, points, points * multiplierUsd);
  }

  /** Signed contracts, long &gt; 0. */
  public int quantity() {
    return quantity;
  }

  /** Average entry price, 1e-9 units; 0 when flat. */
  public long avgPrice() {
    return avgPrice;
  }

  /** USD per index point per contract. */
  public double multiplierUsd() {
    return multiplierUsd;
  }

  /** Whether no contracts are held. */
  public boolean isFlat() {
    return quantity == 0;
  }

  /** P&amp;L of the open contracts at {@code mark}, index points (times contracts). */
  public double unrealizedPoints(long mark) {
    if (quantity == 0) {
      return 0.0;
    }
    return (mark - avgPrice) / (double) Prices.SCALE * quantity;
  }

  /** P&amp;L of the open contracts at {@code mark}, USD. */
  public double unrealizedUsd(long mark) {
    return unrealizedPoints(mark) * multiplierUsd;
  }

  @Override
  public String toString() {
    return quantity + " @ " + Prices.toDouble(avgPrice) + " x " + multiplierUsd + " USD/pt";
  }
}
