package io.nqflow.flow;

import io.nqflow.common.v1.InstrumentClass;

/**
 * Delta of an option trade: Black-76 at the volatility implied by the trade price, or at a fallback
 * volatility when none is implied (price outside the no-arbitrage bounds). Without an underlying
 * price the option is taken as at the money (|delta| 0.5).
 */
public final class OptionDelta {
  /** Shortest time to expiry used, in years (one hour), so expiring options keep a finite delta. */
  static final double MIN_YEARS = 3600 / Black76.SECONDS_PER_YEAR;

  private OptionDelta() {}

  /** Delta in (-1, 1): positive for calls, negative for puts. */
  public static double of(OptionEvent e, UnderlyingPrice underlying, double fallbackVol) {
    boolean call = e.instrumentClass == InstrumentClass.CALL;
    if (underlying == null || underlying.price <= 0 || e.strike <= 0) {
      return call ? 0.5 : -0.5;
    }
    double f = FixedPoint.toDouble(underlying.price);
    double k = FixedPoint.toDouble(e.strike);
    double years =
        e.expiration > e.tsEvent
            ? Math.max(MIN_YEARS, (e.expiration - e.tsEvent) / 1e9 / Black76.SECONDS_PER_YEAR)
            : MIN_YEARS;
    double vol = Black76.impliedVol(call, f, k, years, FixedPoint.toDouble(e.price));
    if (Double.isNaN(vol)) {
      vol = fallbackVol;
    }
    return Black76.delta(call, f, k, years, vol);
  }
}
