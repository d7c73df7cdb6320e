package io.nqflow.chain.model;

import static io.nqflow.chain.model.TestChains.call;
import static io.nqflow.chain.model.TestChains.chain;
import static io.nqflow.chain.model.TestChains.put;
import static io.nqflow.chain.model.TestChains.row;
import static io.nqflow.chain.model.TestChains.unpriced;
import static io.nqflow.chain.model.TestChains.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.ChainAnalyticsSettings.OriginalSettings;
import org.junit.jupiter.api.Test;

class OriginalFactorsTest {

  private static final OriginalSettings D = OriginalSettings.defaults();
  private static final double F = 20000;

  @Test
  void strikeWeightBandsWithInclusiveBounds() {
    // 1% of 20000 = 200 points, 2% = 400, 5% = 1000.
    assertThat(OriginalFactors.strikeWeight(20000, F, D)).isEqualTo(1.0);
    assertThat(OriginalFactors.strikeWeight(20200, F, D)).isEqualTo(1.0);
    assertThat(OriginalFactors.strikeWeight(19800, F, D)).isEqualTo(1.0);
    assertThat(OriginalFactors.strikeWeight(20201, F, D)).isEqualTo(0.8);
    assertThat(OriginalFactors.strikeWeight(20400, F, D)).isEqualTo(0.8);
    assertThat(OriginalFactors.strikeWeight(19599, F, D)).isEqualTo(0.5);
    assertThat(OriginalFactors.strikeWeight(21000, F, D)).isEqualTo(0.5);
    assertThat(OriginalFactors.strikeWeight(21001, F, D)).isEqualTo(0.2);
    assertThat(OriginalFactors.strikeWeight(15000, F, D)).isEqualTo(0.2);
  }

  @Test
  void strikeWeightBandsAreSettings() {
    // First band 0.5% (100 points) with weight 0.9: 20150 falls in the second band (0.8).
    OriginalSettings s =
        new OriginalSettings(
            0.35, 0.25, 0.25, 0.15, 0.1, 0.9, 0.005, 0.02, 0.05, 0.9, 0.8, 0.5, 0.2, 1.0, -0.5);
    assertThat(OriginalFactors.strikeWeight(20100, F, s)).isEqualTo(0.9);
    assertThat(OriginalFactors.strikeWeight(20150, F, s)).isEqualTo(0.8);
  }

  @Test
  void aStrikeAtTheUnderlyingGetsTheOtherSideModifierForBothDirections() {
    assertThat(OriginalFactors.directionModifier(F, F, SetupDirection.LONG, D)).isEqualTo(-0.5);
    assertThat(OriginalFactors.directionModifier(F, F, SetupDirection.SHORT, D)).isEqualTo(-0.5);
    assertThat(OriginalFactors.directionModifier(20025, F, SetupDirection.LONG, D)).isEqualTo(1.0);
    assertThat(OriginalFactors.directionModifier(20025, F, SetupDirection.SHORT, D))
        .isEqualTo(-0.5);
    assertThat(OriginalFactors.directionModifier(19975, F, SetupDirection.SHORT, D)).isEqualTo(1.0);
  }

  @Test
  void everyBandWeighsTheOpenInterestAndVolumeFactors() {
    // Long, F = 20000. Each strike: OI 100 and volume 100 on the call, except 19975 (put, 400).
    //  20025 (w 1.0) +100; 20300 (1.5%, w 0.8) +80; 20800 (4%, w 0.5) +50; 21200 (6%, w 0.2) +20;
    //  19975 (w 1.0, other side -0.5) -200. Sum 50, max 400 -> 0.125.
    ExpiryChain c =
        chain(
            row(19975, null, put(19975, 10, 400, 400)),
            row(20025, call(20025, 10, 100, 100), null),
            row(20300, call(20300, 1, 100, 100), null),
            row(20800, call(20800, 1, 100, 100), null),
            row(21200, call(21200, 1, 100, 100), null));
    OriginalFactors f = OriginalFactors.of(c, F, SetupDirection.LONG, D);
    assertThat(f.oi()).isCloseTo(0.125, within(1e-12));
    assertThat(f.volume()).isCloseTo(0.125, within(1e-12));
  }

  @Test
  void directionModifiersAreSettings() {
    // 19950 put OI 100, 20050 call OI 100. Long: 100 x 1 + 100 x (-0.5) = 50 / 100 = 0.5.
    // With other_side_modifier -0.25: 100 - 25 = 75 -> 0.75.
    ExpiryChain c =
        chain(row(19950, null, put(19950, 5, 0, 100)), row(20050, call(20050, 5, 0, 100), null));
    assertThat(OriginalFactors.of(c, F, SetupDirection.LONG, D).oi()).isEqualTo(0.5);
    OriginalSettings s =
        new OriginalSettings(
            0.35, 0.25, 0.25, 0.15, 0.1, 0.9, 0.01, 0.02, 0.05, 1.0, 0.8, 0.5, 0.2, 1.0, -0.25);
    assertThat(OriginalFactors.of(c, F, SetupDirection.LONG, s).oi()).isEqualTo(0.75);
  }

  @Test
  void openInterestAndVolumeFactorsClampToZeroAndOne() {
    // Only strikes above F, OI 100 and volume 10 each. Long: 2 x 100 / 100 = 2 -> 1; 20 / 10 = 2
    // -> 1. Short: -0.5 x 200 / 100 = -1 -> 0; the volume likewise -> 0.
    ExpiryChain c =
        chain(row(20025, call(20025, 5, 10, 100), null), row(20050, call(20050, 3, 10, 100), null));
    OriginalFactors longs = OriginalFactors.of(c, F, SetupDirection.LONG, D);
    OriginalFactors shorts = OriginalFactors.of(c, F, SetupDirection.SHORT, D);
    assertThat(longs.oi()).isEqualTo(1.0);
    assertThat(longs.volume()).isEqualTo(1.0);
    assertThat(shorts.oi()).isEqualTo(0.0);
    assertThat(shorts.volume()).isEqualTo(0.0);
  }

  @Test
  void noOpenInterestNoVolumeNoPremiumGiveZeroZeroAndAHalf() {
    // Quotes but no OI and no volume: max(Oc + Op) = 0 -> OI 0; max(Vc + Vp) = 0 -> VOL 0;
    // sum Pc*Oc + sum Pp*Op = 0 -> x = 0 -> PCR 0.5, for both directions.
    ExpiryChain c = chain(row(20025, call(20025, 5, 0, 0), put(20025, 30, 0, 0)));
    for (SetupDirection d : SetupDirection.values()) {
      OriginalFactors f = OriginalFactors.of(c, F, d, D);
      assertThat(f.oi()).isZero();
      assertThat(f.volume()).isZero();
      assertThat(f.pcr()).isEqualTo(0.5);
    }
  }

  @Test
  void premiumWithoutPricesCountsAsZero() {
    // OI on unpriced contracts: marks 0, so no premium either side -> PCR 0.5; the OI still counts.
    ExpiryChain c =
        chain(row(20025, unpriced(20025, Right.CALL, 0, 50), unpriced(20025, Right.PUT, 0, 50)));
    OriginalFactors f = OriginalFactors.of(c, F, SetupDirection.LONG, D);
    assertThat(f.pcr()).isEqualTo(0.5);
    assertThat(f.oi()).isEqualTo(1.0);
  }

  @Test
  void thePremiumFactorIsNegatedForShorts() {
    // Call premium 10 x 30 = 300, put premium 5 x 20 = 100: x = 200 / 400 = 0.5.
    // Long (1 + 0.5) / 2 = 0.75; short (1 - 0.5) / 2 = 0.25.
    ExpiryChain c =
        chain(row(19975, null, put(19975, 5, 0, 20)), row(20025, call(20025, 10, 0, 30), null));
    assertThat(OriginalFactors.of(c, F, SetupDirection.LONG, D).pcr()).isEqualTo(0.75);
    assertThat(OriginalFactors.of(c, F, SetupDirection.SHORT, D).pcr()).isEqualTo(0.25);
  }

  @Test
  void distanceFactorClamps() {
    assertThat(OriginalFactors.distanceFactor(20000, 20000)).isEqualTo(1.0);
    assertThat(OriginalFactors.distanceFactor(20000, 19000)).isEqualTo(0.95); // 1 - 1000/20000
    assertThat(OriginalFactors.distanceFactor(100, 250)).isEqualTo(0.0); // 1 - 1.5 -> 0
  }

  @Test
  void probabilityClampsToTheSettings() {
    OriginalFactors all = new OriginalFactors(SetupDirection.LONG, 1, 1, 1);
    OriginalFactors none = new OriginalFactors(SetupDirection.LONG, 0, 0, 0);
    assertThat(all.probability(1, D)).isEqualTo(0.9); // 1.0 -> 0.9
    assertThat(none.probability(0, D)).isEqualTo(0.1); // 0 -> 0.1
    OriginalSettings wide =
        new OriginalSettings(
            0.35, 0.25, 0.25, 0.15, 0.0, 1.0, 0.01, 0.02, 0.05, 1.0, 0.8, 0.5, 0.2, 1.0, -0.5);
    assertThat(all.probability(1, wide)).isCloseTo(1.0, within(1e-12));
    assertThat(none.probability(0, wide)).isEqualTo(0.0);
  }

  @Test
  void eachWeightMovesTheProbability() {
    // OI 0.2, VOL 0.4, PCR 0.6, DIST 0.8.
    // default: 0.35*0.2 + 0.25*0.4 + 0.25*0.6 + 0.15*0.8 = 0.07 + 0.10 + 0.15 + 0.12 = 0.44
    OriginalFactors f = new OriginalFactors(SetupDirection.LONG, 0.2, 0.4, 0.6);
    assertThat(f.probability(0.8, D)).isCloseTo(0.44, within(1e-12));
    // oi 0.5: 0.10 + 0.10 + 0.15 + 0.12 = 0.47
    assertThat(f.probability(0.8, weights(0.5, 0.25, 0.25, 0.15))).isCloseTo(0.47, within(1e-12));
    // volume 0.5: 0.07 + 0.20 + 0.15 + 0.12 = 0.54
    assertThat(f.probability(0.8, weights(0.35, 0.5, 0.25, 0.15))).isCloseTo(0.54, within(1e-12));
    // pcr 0.5: 0.07 + 0.10 + 0.30 + 0.12 = 0.59
    assertThat(f.probability(0.8, weights(0.35, 0.25, 0.5, 0.15))).isCloseTo(0.59, within(1e-12));
    // distance 0.3: 0.07 + 0.10 + 0.15 + 0.24 = 0.56
    assertThat(f.probability(0.8, weights(0.35, 0.25, 0.25, 0.3))).isCloseTo(0.56, within(1e-12));
  }

  @Test
  void factorsMapHasTheDocumentedKeysInOrder() {
    OriginalFactors f = new OriginalFactors(SetupDirection.SHORT, 0.2, 0.4, 0.6);
    assertThat(f.asMap(0.8))
        .containsExactly(
            org.assertj.core.api.Assertions.entry("oi", 0.2),
            org.assertj.core.api.Assertions.entry("volume", 0.4),
            org.assertj.core.api.Assertions.entry("pcr", 0.6),
            org.assertj.core.api.Assertions.entry("distance", 0.8));
  }
}
