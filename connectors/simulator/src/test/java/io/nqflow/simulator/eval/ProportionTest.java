package io.nqflow.simulator.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionTest {
  // Hand-computed: centre = (p + z^2/2n) / (1 + z^2/n), half = z sqrt(p(1-p)/n + z^2/4n^2) / (1 +
  // z^2/n), z = 1.96.

  @Test
  void eightOfTenIsBetweenPoint490AndPoint943() {
    Proportion p = Proportion.of(8, 10);
    assertThat(p.value()).isEqualTo(0.8);
    assertThat(p.lo()).isCloseTo(0.4902, within(5e-4));
    assertThat(p.hi()).isCloseTo(0.9433, within(5e-4));
    assertThat(p.withInterval()).isEqualTo("0.800 [0.490,0.943]");
  }

  @Test
  void oneOfTwoIsSymmetricAroundAHalf() {
    Proportion p = Proportion.of(1, 2);
    assertThat(p.lo()).isCloseTo(0.0945, within(5e-4));
    assertThat(p.hi()).isCloseTo(0.9055, within(5e-4));
  }

  @Test
  void noneAndAllStayInsideZeroToOne() {
    assertThat(Proportion.of(0, 10).lo()).isZero();
    assertThat(Proportion.of(0, 10).hi()).isCloseTo(0.2775, within(5e-4));
    assertThat(Proportion.of(10, 10).lo()).isCloseTo(0.7225, within(5e-4));
    assertThat(Proportion.of(10, 10).hi()).isEqualTo(1.0);
  }

  @Test
  void anEmptyDenominatorIsZeroWithTheWholeInterval() {
    Proportion p = Proportion.of(0, 0);
    assertThat(p.value()).isZero();
    assertThat(p.lo()).isZero();
    assertThat(p.hi()).isEqualTo(1.0);
  }

  @Test
  void moreSuccessesThanTrialsIsRejected() {
    assertThatThrownBy(() -> Proportion.of(3, 2)).hasMessageContaining("3/2");
  }
}
