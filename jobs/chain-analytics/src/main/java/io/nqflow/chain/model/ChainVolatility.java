package io.nqflow.chain.model;

import io.nqflow.market.Black76;

/**
 * Implied volatilities of a chain's options from their marks ({@link ChainContract#mark()}) with
 * Black-76 (zero rates), annualized, and the chain's at-the-money volatility.
 *
 * <p>A contract implies a volatility when its mark lies strictly between its intrinsic value and
 * its no-arbitrage bound (see {@link Black76#impliedVol}); a strike's volatility is the average of
 * its call's and put's, or whichever exists. The at-the-money volatility interpolates linearly in
 * the strike between the nearest strikes with a volatility at or below and at or above the
 * underlying, takes the nearest one when only one side has any, and is the fallback when no strike
 * implies one.
 */
public final class ChainVolatility {

  private ChainVolatility() {}

  /** Years from {@code asOfNs} to {@code expirationNs} (365-day years; negative after expiry). */
  public static double yearsToExpiry(long expirationNs, long asOfNs) {
    return (expirationNs - asOfNs) / 1e9 / Black76.SECONDS_PER_YEAR;
  }

  /** The volatility the contract's mark implies, per year; NaN when none (or no contract). */
  public static double contractVol(ChainContract contract, double forward, double years) {
    if (contract == null || !(years > 0)) {
      return Double.NaN;
    }
    return Black76.STANDARD.impliedVol(
        contract.right() == Right.CALL, forward, contract.strike(), years, contract.mark());
  }

  /** The average of the call's and the put's implied volatilities, or the one that exists; NaN. */
  public static double strikeVol(StrikeRow row, double forward, double years) {
    double call = contractVol(row.call(), forward, years);
    double put = contractVol(row.put(), forward, years);
    if (Double.isNaN(call)) {
      return put;
    }
    return Double.isNaN(put) ? call : 0.5 * (call + put);
  }

  /**
   * The at-the-money implied volatility at {@code forward}, per year, or {@code fallbackVol} when
   * no strike implies one.
   *
   * @param chain the expiry's strikes
   * @param forward the underlying, index points
   * @param years time to the chain's expiry, years
   * @param fallbackVol volatility when the chain implies none, per year
   */
  public static double atTheMoney(
      ExpiryChain chain, double forward, double years, double fallbackVol) {
    double lowStrike = Double.NaN;
    double lowVol = Double.NaN;
    double highStrike = Double.NaN;
    double highVol = Double.NaN;
    for (StrikeRow row : chain.strikes()) {
      double vol = strikeVol(row, forward, years);
      if (Double.isNaN(vol)) {
        continue;
      }
      if (row.strike() <= forward) {
        lowStrike = row.strike(); // ascending: the last one at or below is the nearest
        lowVol = vol;
      }
      if (row.strike() >= forward && Double.isNaN(highStrike)) {
        highStrike = row.strike();
        highVol = vol;
      }
    }
    if (Double.isNaN(lowVol)) {
      return Double.isNaN(highVol) ? fallbackVol : highVol;
    }
    if (Double.isNaN(highVol) || highStrike == lowStrike) {
      return lowVol;
    }
    double weight = (forward - lowStrike) / (highStrike - lowStrike);
    return lowVol + weight * (highVol - lowVol);
  }
}
