package io.nqflow.chain.model;

import io.nqflow.chain.ChainAnalyticsSettings;
import io.nqflow.chain.ChainAnalyticsSettings.DealerSign;
import io.nqflow.chain.ChainAnalyticsSettings.PositioningSettings;
import io.nqflow.market.Black76;
import java.util.ArrayList;
import java.util.List;

/**
 * Dealer positioning of one expiry: gamma exposure (GEX) per strike, the zero-gamma level, the call
 * and put walls and max pain.
 *
 * <p>GEX per point of a contract = sign × Γ × OI × m × F, in USD per index point: the change of
 * dealers' delta notional (delta × OI × m × F, USD) when the underlying moves one point, with Γ the
 * Black-76 gamma per point at the contract's implied volatility (the at-the-money volatility when
 * its mark implies none), OI in contracts, m the multiplier in USD per point and F the underlying
 * in points. GEX per 1% = GEX per point × F / 100 (USD for a 1% move). The sign is the dealers'
 * side by {@link DealerSign}: calls +, puts − (CALLS_LONG_PUTS_SHORT), all − (SHORT_ALL) or all +
 * (LONG_ALL).
 *
 * <p>Zero gamma: the total GEX recomputed with the underlying at each of zero_gamma_steps levels
 * evenly spaced over F·(1 ± zero_gamma_range), every contract keeping its own volatility; between
 * two consecutive levels where it changes sign (exact zeros skipped) the crossing is interpolated
 * linearly, and the crossing nearest F is the zero-gamma level (null when there is none). Walls:
 * the strikes with the largest call and put GEX magnitudes (null when all are 0; ties: nearest F).
 * Max pain: the strike S minimizing Σ_K Oc(K)·max(0, S − K) + Op(K)·max(0, K − S), the payout to
 * option holders if the future settled at S (null without open interest; ties: nearest F).
 */
public final class DealerPositioning {

  private DealerPositioning() {}

  /** Positioning with the settings' dealer sign, zero-gamma search and fallback volatility. */
  public static Positioning of(
      ExpiryChain chain, double forward, long asOfNs, ChainAnalyticsSettings settings) {
    return of(chain, forward, asOfNs, settings.positioning(), settings.black76().fallbackVol());
  }

  /**
   * Positioning of one expiry.
   *
   * @param chain the expiry's strikes
   * @param forward the underlying, index points
   * @param asOfNs the moment, ns since the UNIX epoch (time to expiry from it)
   * @param settings dealer sign and zero-gamma search
   * @param fallbackVol at-the-money volatility when the chain implies none, per year
   */
  public static Positioning of(
      ExpiryChain chain,
      double forward,
      long asOfNs,
      PositioningSettings settings,
      double fallbackVol) {
    if (!(forward > 0) || Double.isInfinite(forward)) {
      throw new IllegalArgumentException(
          "positioning of " + chain.underlying() + " needs a positive underlying, got " + forward);
    }
    double years = ChainVolatility.yearsToExpiry(chain.expirationNs(), asOfNs);
    double atm = ChainVolatility.atTheMoney(chain, forward, years, fallbackVol);
    double callSign = settings.dealerSign() == DealerSign.SHORT_ALL ? -1 : 1;
    double putSign = settings.dealerSign() == DealerSign.LONG_ALL ? 1 : -1;
    double m = chain.multiplier();

    List<Exposure> exposures = new ArrayList<>();
    List<GammaStrike> strikes = new ArrayList<>();
    double total = 0;
    for (StrikeRow row : chain.strikes()) {
      double call = 0;
      double put = 0;
      if (row.call() != null && row.callOi() > 0) {
        Exposure e = exposure(row.call(), callSign * row.callOi() * m, forward, years, atm);
        exposures.add(e);
        call = e.at(forward, years);
      }
      if (row.put() != null && row.putOi() > 0) {
        Exposure e = exposure(row.put(), putSign * row.putOi() * m, forward, years, atm);
        exposures.add(e);
        put = e.at(forward, years);
      }
      strikes.add(
          new GammaStrike(row.strike(), call, put, call * forward / 100, put * forward / 100));
      total += call + put;
    }
    return new Positioning(
        atm,
        strikes,
        total,
        total * forward / 100,
        zeroGamma(exposures, forward, years, settings),
        wall(strikes, forward, true),
        wall(strikes, forward, false),
        maxPain(chain, forward));
  }

  /** One contract's signed size (sign × OI × m, USD per point of delta) and volatility. */
  private record Exposure(double strike, double signedSize, double vol) {
    /** GEX per point with the underlying at {@code level}. */
    double at(double level, double years) {
      return signedSize * Black76.STANDARD.gamma(level, strike, years, vol) * level;
    }
  }

  private static Exposure exposure(
      ChainContract contract, double signedSize, double forward, double years, double atm) {
    double vol = ChainVolatility.contractVol(contract, forward, years);
    return new Exposure(contract.strike(), signedSize, Double.isNaN(vol) ? atm : vol);
  }

  /** The total GEX's sign change nearest the underlying on the search grid, or null. */
  private static Double zeroGamma(
      List<Exposure> exposures, double forward, double years, PositioningSettings settings) {
    int steps = settings.zeroGammaSteps();
    double from = forward * (1 - settings.zeroGammaRange());
    double span = 2 * forward * settings.zeroGammaRange();
    Double best = null;
    double lastLevel = Double.NaN;
    double lastTotal = 0;
    for (int i = 0; i < steps; i++) {
      double level = from + span * i / (steps - 1);
      double total = 0;
      for (Exposure e : exposures) {
        total += e.at(level, years);
      }
      if (total == 0) {
        continue;
      }
      if (lastTotal != 0 && (lastTotal < 0) != (total < 0)) {
        double crossing = lastLevel + (level - lastLevel) * lastTotal / (lastTotal - total);
        if (best == null || Math.abs(crossing - forward) < Math.abs(best - forward)) {
          best = crossing;
        }
      }
      lastLevel = level;
      lastTotal = total;
    }
    return best;
  }

  private static Double wall(List<GammaStrike> strikes, double forward, boolean calls) {
    Double best = null;
    double bestSize = 0;
    for (GammaStrike s : strikes) {
      double size = Math.abs(calls ? s.callGexPerPoint() : s.putGexPerPoint());
      if (size > bestSize
          || (size == bestSize
              && best != null
              && Math.abs(s.strike() - forward) < Math.abs(best - forward))) {
        best = size > 0 ? s.strike() : null;
        bestSize = size;
      }
    }
    return best;
  }

  /** The strike at which option holders' payout at expiry is smallest, or null without OI. */
  static Double maxPain(ExpiryChain chain, double forward) {
    Double best = null;
    double bestPayout = Double.POSITIVE_INFINITY;
    long oi = 0;
    for (StrikeRow row : chain.strikes()) {
      oi += row.callOi() + row.putOi();
    }
    if (oi == 0) {
      return null;
    }
    for (StrikeRow candidate : chain.strikes()) {
      double s = candidate.strike();
      double payout = 0;
      for (StrikeRow row : chain.strikes()) {
        payout +=
            row.callOi() * Math.max(0, s - row.strike())
                + row.putOi() * Math.max(0, row.strike() - s);
      }
      if (payout < bestPayout
          || (payout == bestPayout && Math.abs(s - forward) < Math.abs(best - forward))) {
        best = s;
        bestPayout = payout;
      }
    }
    return best;
  }
}
