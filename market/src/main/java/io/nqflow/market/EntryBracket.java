package io.nqflow.market;

/**
 * The prices of a long option entry at a signal's reference price, on the option tick grid (1e-9
 * points), each rounded toward less risk and less promised reward: the limit {@code floor(reference
 * + reference x slippage)}, the stop {@code ceil(limit - limit x stopFraction)} and the target
 * {@code floor(limit + limit x targetFraction)}. The risk gate's order and the shadow trade of
 * signal evaluation share it, so both price the same trade (docs/risk.md, formulas).
 *
 * @param reference the signal's reference price
 * @param limit the entry limit; 0 when the reference is below one tick
 * @param stop the stop-loss; 0 when there is no positive limit
 * @param target the profit target; 0 when there is no positive limit
 */
public record EntryBracket(long reference, long limit, long stop, long target) {

  /**
   * The bracket of a long entry.
   *
   * @param slippageFraction how far above the reference the limit may be, fraction of it
   * @param stopFraction stop distance below the limit, fraction of the limit
   * @param targetFraction target distance above the limit, fraction of the limit
   */
  public static EntryBracket of(
      long reference, double slippageFraction, double stopFraction, double targetFraction) {
    long limit = TickGrid.roundDown(reference + Math.round(reference * slippageFraction));
    long stop = 0;
    long target = 0;
    if (reference > 0 && limit > 0) {
      stop = TickGrid.roundUp(limit - Math.round(limit * stopFraction));
      target = TickGrid.roundDown(limit + Math.round(limit * targetFraction));
    }
    return new EntryBracket(reference, limit, stop, target);
  }

  /** Whether there is a positive grid price to limit at. */
  public boolean priced() {
    return reference > 0 && limit > 0;
  }
}
