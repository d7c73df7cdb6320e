package io.nqflow.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Black76 against published worked examples. The textbooks discount at a rate r; Black76 here has
 * zero rates, so a textbook value with rate r is e^{−rT} times Black76's value (prices and greeks
 * alike), and a textbook price divided by e^{−rT} is the undiscounted price to invert.
 */
class Black76TextbookTest {
  private static final Black76 B = Black76.STANDARD;

  @Test
  void hullPutOnAFuture() {
    // Hull, Options, Futures, and Other Derivatives, Black's model worked example: a European put
    // on a futures contract, F0 = 20, K = 20, r = 9%, T = 4 months, σ = 25%: p = 1.12.
    double t = 4.0 / 12;
    double discount = Math.exp(-0.09 * t);
    assertThat(discount * B.price(false, 20, 20, t, 0.25)).isCloseTo(1.12, within(0.005));
  }

  @Test
  void haugBlack76Example() {
    // Haug, The Complete Guide to Option Pricing Formulas, Black-76 example: F = 19, K = 19,
    // T = 0.75, r = 10%, σ = 28%: c = p = 1.7011.
    double discount = Math.exp(-0.10 * 0.75);
    assertThat(discount * B.price(true, 19, 19, 0.75, 0.28)).isCloseTo(1.7011, within(0.00005));
    assertThat(discount * B.price(false, 19, 19, 0.75, 0.28)).isCloseTo(1.7011, within(0.00005));
  }

  @Test
  void haugFuturesOptionDelta() {
    // Haug, delta of an option on a future: F = 105, K = 100, T = 0.5, r = 10%, σ = 36%:
    // call delta 0.5946, put delta −0.3566 (e^{−rT} N(d1) and −e^{−rT} N(−d1)).
    double discount = Math.exp(-0.10 * 0.5);
    assertThat(discount * B.delta(true, 105, 100, 0.5, 0.36)).isCloseTo(0.5946, within(0.00005));
    assertThat(discount * B.delta(false, 105, 100, 0.5, 0.36)).isCloseTo(-0.3566, within(0.00005));
  }

  @Test
  void gammaByHandAndByDifferencingDelta() {
    // Hull's example without discounting: F = K = 20, T = 1/3, σ = 0.25.
    // σ√T = 0.25 · 0.5773503 = 0.1443376; d1 = σ√T / 2 = 0.0721688 (ln(F/K) = 0);
    // φ(d1) = e^{−0.0721688²/2} / √(2π) = 0.9973992 · 0.3989423 = 0.3979047;
    // Γ = φ(d1) / (F σ√T) = 0.3979047 / 2.8867513 = 0.1378382 per point.
    double t = 1.0 / 3;
    assertThat(B.gamma(20, 20, t, 0.25)).isCloseTo(0.1378382, within(1e-6));
    double h = 0.01;
    double difference =
        (B.delta(true, 20 + h, 20, t, 0.25) - B.delta(true, 20 - h, 20, t, 0.25)) / (2 * h);
    assertThat(B.gamma(20, 20, t, 0.25)).isCloseTo(difference, within(1e-4));
    // Off the money and short-dated, where gamma is large: F = 105, K = 100, T = 0.02, σ = 0.36.
    double offMoney =
        (B.delta(false, 105 + h, 100, 0.02, 0.36) - B.delta(false, 105 - h, 100, 0.02, 0.36))
            / (2 * h);
    assertThat(B.gamma(105, 100, 0.02, 0.36)).isCloseTo(offMoney, within(1e-4));
  }

  @Test
  void impliedVolatilityRecoversTheTextbookVolatilities() {
    // Haug's 1.7011 undiscounted: 1.7011 / e^{−0.075}. Vega there is F φ(d1) √T = 6.516 per 1.00,
    // so the price's rounding (±0.00005) moves σ by under 1e-5.
    double haug = 1.7011 / Math.exp(-0.075);
    assertThat(B.impliedVol(true, 19, 19, 0.75, haug)).isCloseTo(0.28, within(1e-4));
    assertThat(B.impliedVol(false, 19, 19, 0.75, haug)).isCloseTo(0.28, within(1e-4));
    // Hull's 1.12 is rounded to ±0.005, which at a vega of 4.59 (× e^{−0.03}) spans σ from 0.2496
    // to 0.2519; the inverse must land there.
    double hull = 1.12 / Math.exp(-0.09 / 3);
    assertThat(B.impliedVol(false, 20, 20, 1.0 / 3, hull)).isBetween(0.2496, 0.2519);
    // An undiscounted price computed by hand at 25%: F (2 N(d1) − 1) with d1 = 0.0721688,
    // N(d1) = 0.52876621: 20 · 0.05753241 = 1.1506483; recover 0.25 to 1e-4.
    assertThat(B.impliedVol(false, 20, 20, 1.0 / 3, 1.1506483)).isCloseTo(0.25, within(1e-4));
  }
}
