package io.nqflow.flow.ifd;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.market.Black76;
import io.nqflow.market.NormalCdf;
import io.nqflow.market.Prices;

/**
 * Delta of an option trade: Black-76 at the volatility implied by the trade price, or at a fallback
 * volatility when none is implied (price outside the no-arbitrage bounds). Without an underlying
 * price the option is taken as at the money (|delta| 0.5).
 */
public final class OptionDelta {
  /** Flow detection's Black-76: the erf-based normal distribution its thresholds were tuned on. */
  static final Black76 BLACK76 = Black76.with(NormalCdf.AS_7_1_26);

  /** Shortest time to expiry used, in years (one hour), so expiring options keep a finite delta. */
  static final double MIN_YEARS = 3600 / Black76.SECONDS_PER_YEAR;

  private OptionDelta() {}

  /** Delta in (-1, 1): positive for calls, negative for puts. */
  public static double of(OptionEvent e, UnderlyingPrice underlying, double fallbackVol) {
    boolean call = e.instrumentClass == InstrumentClass.CALL;
    if (underlying == null || underlying.price <= 0 || e.strike <= 0) {
      return call ? 0.5 : -0.5;
    }
    double f = Prices.toDouble(underlying.price);
    double k = Prices.toDouble(e.strike);
    double years =
        e.expiration > e.tsEvent
            ? Math.max(MIN_YEARS, (e.expiration - e.tsEvent) / 1e9 / Black76.SECONDS_PER_YEAR)
            : MIN_YEARS;
    return BLACK76.deltaAtPrice(call, f, k, years, Prices.toDouble(e.price), fallbackVol);
  }
}
