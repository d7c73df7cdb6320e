package io.nqflow.flow.ifd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.market.Black76;
import org.junit.jupiter.api.Test;

class OptionDeltaTest {
  private static final Black76 BLACK76 = OptionDelta.BLACK76;

  @Test
  void impliedVolatilityRecoversTheVolatilityThatPricedTheOption() {
    double years = 30 / 365.0;
    double call = BLACK76.price(true, 21_050, 21_000, years, 0.22);
    double put = BLACK76.price(false, 21_050, 21_000, years, 0.22);
    assertThat(BLACK76.impliedVol(true, 21_050, 21_000, years, call)).isCloseTo(0.22, within(1e-4));
    assertThat(BLACK76.impliedVol(false, 21_050, 21_000, years, put)).isCloseTo(0.22, within(1e-4));
    // put-call parity with zero rates: C - P = F - K
    assertThat(call - put).isCloseTo(50, within(1e-3));
    double dc = BLACK76.delta(true, 21_050, 21_000, years, 0.22);
    double dp = BLACK76.delta(false, 21_050, 21_000, years, 0.22);
    assertThat(dc - dp).isCloseTo(1.0, within(1e-12));
    assertThat(dc).isBetween(0.5, 0.6);
    assertThat(BLACK76.impliedVol(true, 21_050, 21_000, years, 10)).isNaN(); // below intrinsic
  }
}
