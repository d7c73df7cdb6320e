package io.nqflow.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class Black76Test {
  private static final Black76 SIM = Black76.STANDARD;
  private static final Black76 FLOW = Black76.with(NormalCdf.AS_7_1_26);

  @Test
  void reproducesTheSimulatorsPricesToTheLastBit() {
    // Values printed by the simulator's own Black-76 before it moved here.
    assertThat(SIM.price(true, 21050, 21000, 0.02, 0.22)).isEqualTo(286.7170881496404);
    assertThat(SIM.price(false, 21050, 21000, 0.02, 0.22)).isEqualTo(236.7170881496404);
    assertThat(SIM.price(false, 21000, 22000, 0.1, 0.3)).isEqualTo(1409.1938038840945);
    assertThat(SIM.price(false, 20000, 19000, 0.003, 0.18)).isEqualTo(3.373276001237581E-6);
    assertThat(SIM.price(true, 21000, 21000, 1e-7, 0.25)).isEqualTo(0.6623485814561718);
    assertThat(SIM.delta(true, 21050, 21000, 0.02, 0.22)).isEqualTo(0.536647904549188);
    assertThat(SIM.delta(true, 21000, 22000, 0.1, 0.3)).isEqualTo(0.32890825998353385);
  }

  @Test
  void reproducesFlowDetectionsPricesDeltasAndVolatilitiesToTheLastBit() {
    // Values printed by flow detection's own Black-76 before it moved here.
    assertThat(FLOW.price(true, 21050, 21000, 0.02, 0.22)).isEqualTo(286.71707721992243);
    assertThat(FLOW.price(false, 21000, 22000, 0.1, 0.3)).isEqualTo(1409.1937938459778);
    assertThat(FLOW.price(false, 20000, 19000, 0.003, 0.18)).isEqualTo(3.3732766580030216E-6);
    assertThat(FLOW.delta(true, 21050, 21000, 0.02, 0.22)).isEqualTo(0.5366479028637947);
    assertThat(FLOW.delta(false, 21000, 22000, 0.1, 0.3)).isEqualTo(-0.6710917351182843);
    assertThat(FLOW.delta(false, 20000, 19000, 0.003, 0.18)).isEqualTo(-9.582610349667675E-8);
    assertThat(FLOW.impliedVol(true, 21050, 21000, 0.02, 286.71707721992243 * 1.1))
        .isEqualTo(0.24423788557350634);
    assertThat(FLOW.impliedVol(false, 21000, 22000, 0.1, 1409.1937938459778 * 1.1))
        .isEqualTo(0.35755948717892166);
    assertThat(NormalCdf.AS_7_1_26.cdf(1.2345)).isEqualTo(0.8914916087728975);
    assertThat(NormalCdf.AS_7_1_26.cdf(-0.5)).isEqualTo(0.3085375372760062);
  }

  @Test
  void deltaAtPriceFallsBackWhenThePriceImpliesNoVolatility() {
    double price = FLOW.price(true, 21_050, 21_000, 0.02, 0.22);
    assertThat(FLOW.deltaAtPrice(true, 21_050, 21_000, 0.02, price, 0.5))
        .isEqualTo(
            FLOW.delta(
                true, 21_050, 21_000, 0.02, FLOW.impliedVol(true, 21_050, 21_000, 0.02, price)));
    assertThat(FLOW.deltaAtPrice(true, 21_050, 21_000, 0.02, 10, 0.3))
        .isEqualTo(FLOW.delta(true, 21_050, 21_000, 0.02, 0.3));
  }

  @Test
  void isWorthIntrinsicValueAtExpiryOrWithoutVolatility() {
    assertThat(SIM.price(true, 21050, 21000, 0, 0.2)).isEqualTo(50.0);
    assertThat(SIM.price(false, 21050, 21000, 0.1, 0)).isEqualTo(0.0);
    assertThat(SIM.delta(true, 21050, 21000, 0, 0.2)).isEqualTo(1.0);
    assertThat(SIM.delta(false, 21050, 21000, 0, 0.2)).isEqualTo(0.0);
    assertThat(SIM.delta(false, 20950, 21000, 0, 0.2)).isEqualTo(-1.0);
    assertThat(SIM.gamma(21000, 21000, 0, 0.2)).isZero();
  }

  @Test
  void impliedVolIsNanOutsideTheNoArbitrageBounds() {
    assertThat(FLOW.impliedVol(true, 21050, 21000, 0.02, 10)).isNaN(); // below intrinsic
    assertThat(FLOW.impliedVol(true, 21050, 21000, 0.02, 21050)).isNaN(); // at the forward
    assertThat(FLOW.impliedVol(false, 21050, 21000, 0, 50)).isNaN(); // expired
  }

  @Property
  void callMinusPutIsForwardMinusStrike(
      @ForAll @DoubleRange(min = 15_000, max = 25_000) double f,
      @ForAll @DoubleRange(min = 15_000, max = 25_000) double k,
      @ForAll @DoubleRange(min = 0.001, max = 1) @Scale(4) double years,
      @ForAll @DoubleRange(min = 0.05, max = 1) double vol) {
    for (Black76 b : new Black76[] {SIM, FLOW}) {
      double parity = b.price(true, f, k, years, vol) - b.price(false, f, k, years, vol);
      assertThat(parity).isCloseTo(f - k, within(1e-6 * f));
      double deltas = b.delta(true, f, k, years, vol) - b.delta(false, f, k, years, vol);
      assertThat(deltas).isCloseTo(1.0, within(1e-12));
    }
  }

  @Property
  void impliedVolRecoversTheVolatilityOfAPrice(
      @ForAll @DoubleRange(min = 0.97, max = 1.03) double moneyness,
      @ForAll @DoubleRange(min = 0.01, max = 0.5) double years,
      @ForAll @DoubleRange(min = 0.1, max = 0.6) double vol,
      @ForAll boolean call) {
    double f = 21_000;
    double k = f * moneyness;
    for (Black76 b : new Black76[] {SIM, FLOW}) {
      double price = b.price(call, f, k, years, vol);
      assertThat(b.impliedVol(call, f, k, years, price)).isCloseTo(vol, within(1e-5));
    }
  }

  @Property
  void greeksAreTheDerivativesOfPriceAndDelta(
      @ForAll @DoubleRange(min = 0.95, max = 1.05) double moneyness,
      @ForAll @DoubleRange(min = 0.02, max = 0.5) double years,
      @ForAll @DoubleRange(min = 0.1, max = 0.6) double vol) {
    double f = 21_000;
    double k = f * moneyness;
    Black76 b = SIM;
    double hf = 0.5;
    double gammaFd =
        (b.delta(true, f + hf, k, years, vol) - b.delta(true, f - hf, k, years, vol)) / (2 * hf);
    assertThat(b.gamma(f, k, years, vol)).isCloseTo(gammaFd, within(1e-6));
    double hv = 1e-4;
    double vegaFd =
        (b.price(true, f, k, years, vol + hv) - b.price(true, f, k, years, vol - hv)) / (2 * hv);
    // The price's normal approximation errs by 7.5e-8, so its slope is only close to exact vega.
    assertThat(b.vega(f, k, years, vol)).isCloseTo(vegaFd, within(0.05 + 1e-3 * vegaFd));
    // With zero rates theta and vega are gamma in other units (exact identities of Black-76).
    double gamma = b.gamma(f, k, years, vol);
    assertThat(b.vega(f, k, years, vol))
        .isCloseTo(f * f * vol * years * gamma, within(1e-9 * b.vega(f, k, years, vol)));
    assertThat(b.theta(f, k, years, vol))
        .isCloseTo(-0.5 * vol * vol * f * f * gamma, within(-1e-9 * b.theta(f, k, years, vol)));
  }

  @Property
  void normalCdfsAreDistributionsWithinTheirErrorBounds(
      @ForAll @DoubleRange(min = -8, max = 8) double x) {
    for (NormalCdf n : NormalCdf.values()) {
      // Symmetric up to rounding, except 26.2.17 at zero, which errs by its own 5e-10.
      assertThat(n.cdf(x) + n.cdf(-x)).isCloseTo(1.0, within(1e-9 + (x == 0 ? 1e-9 : 0)));
      assertThat(n.cdf(x)).isBetween(0.0, 1.0);
    }
    assertThat(NormalCdf.AS_26_2_17.cdf(x)).isCloseTo(NormalCdf.AS_7_1_26.cdf(x), within(1.5e-7));
  }
}
