package io.nqflow.chain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.ChainAnalyticsSettings.DealerSign;
import io.nqflow.chain.ChainAnalyticsSettings.PositioningSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class DealerPositioningTest {
  private static final long DAY_NS = 86_400_000_000_000L;
  private static final long EXPIRY = 30 * DAY_NS;
  private static final PositioningSettings DEFAULT = PositioningSettings.defaults();

  private static ChainContract contract(double strike, Right right, long oi, Double mark) {
    return ChainContract.quoted(strike, right, EXPIRY, mark, mark, null, 0, oi);
  }

  /**
   * F = 20000, 30 days, multiplier 20. The 20000 call and put are marked at 686.02772877559801
   * points, the exact Black-76 value of an at-the-money option at 30% (F (2Φ(σ√T/2) − 1)), so the
   * at-the-money volatility is 30% and the unquoted contracts use it too.
   *
   * <p>OI: calls 100 / 200 / 50, puts 100 / 100 / 1000 at 19500 / 20000 / 20500.
   */
  private static ExpiryChain threeStrikes() {
    double atm = 686.02772877559801;
    return new ExpiryChain(
        "NQH7",
        EXPIRY,
        20,
        List.of(
            new StrikeRow(
                19500,
                contract(19500, Right.CALL, 100, null),
                contract(19500, Right.PUT, 100, null)),
            new StrikeRow(
                20000, contract(20000, Right.CALL, 200, atm), contract(20000, Right.PUT, 100, atm)),
            new StrikeRow(
                20500,
                contract(20500, Right.CALL, 50, null),
                contract(20500, Right.PUT, 1000, null))));
  }

  @Test
  void goldenThreeStrikeChain() {
    Positioning p = DealerPositioning.of(threeStrikes(), 20000, 0, DEFAULT, 0.9);
    assertThat(p.volatility()).isCloseTo(0.3, within(1e-5));
    // Γ = φ(d1) / (F σ √T), d1 = (ln(F/K) + σ²T/2) / (σ√T), σ = 0.3, T = 30/365 (30-digit values):
    // Γ(19500) = 2.19093248263629e-4, Γ(20000) = 2.31709076686305e-4, Γ(20500) =
    // 2.25116041639262e-4.
    // Call GEX = +Γ · Oc · 20 · 20000, put GEX = −Γ · Op · 20 · 20000 (USD per point).
    double[][] expected = {
      {19500, 8763.72993054517, -8763.72993054517},
      {20000, 18536.7261349044, -9268.36306745219},
      {20500, 4502.32083278525, -90046.416655705},
    };
    for (int i = 0; i < 3; i++) {
      GammaStrike s = p.strikes().get(i);
      assertThat(s.strike()).isEqualTo(expected[i][0]);
      assertThat(s.callGexPerPoint()).isCloseTo(expected[i][1], within(1e-4 * expected[i][1]));
      assertThat(s.putGexPerPoint()).isCloseTo(expected[i][2], within(-1e-4 * expected[i][2]));
      // Per 1%: a 200-point move at F = 20000.
      assertThat(s.callGexPerPct()).isCloseTo(200 * s.callGexPerPoint(), within(1e-6));
      assertThat(s.putGexPerPct()).isCloseTo(200 * s.putGexPerPoint(), within(1e-6));
    }
    assertThat(p.totalGexPerPoint()).isCloseTo(-76275.7327554675, within(10.0));
    assertThat(p.totalGexPerPct()).isCloseTo(200 * p.totalGexPerPoint(), within(1e-4));
    // Largest |call GEX| at 20000, largest |put GEX| at 20500.
    assertThat(p.callWall()).isEqualTo(20000.0);
    assertThat(p.putWall()).isEqualTo(20500.0);
    // Holders' payout at S: 19500 → puts 100·500 + 1000·1000 = 1,050,000;
    // 20000 → calls 100·500 + puts 1000·500 = 550,000; 20500 → calls 100·1000 + 200·500 = 200,000.
    assertThat(p.maxPain()).isEqualTo(20500.0);
  }

  @Test
  void theSignConventionFlipsTheSides() {
    Positioning shortAll =
        DealerPositioning.of(
            threeStrikes(), 20000, 0, new PositioningSettings(DealerSign.SHORT_ALL, 0.1, 401), 0.9);
    Positioning longAll =
        DealerPositioning.of(
            threeStrikes(), 20000, 0, new PositioningSettings(DealerSign.LONG_ALL, 0.1, 401), 0.9);
    GammaStrike s = shortAll.strikes().get(1);
    assertThat(s.callGexPerPoint()).isCloseTo(-18536.7261349044, within(2.0));
    assertThat(s.putGexPerPoint()).isCloseTo(-9268.36306745219, within(1.0));
    GammaStrike l = longAll.strikes().get(1);
    assertThat(l.callGexPerPoint()).isEqualTo(-s.callGexPerPoint());
    assertThat(l.putGexPerPoint()).isEqualTo(-s.putGexPerPoint());
  }

  @Test
  void zeroGammaWhereCallsAboveMeetPutsBelow() {
    // Puts at 19000 and calls at 21000, 1000 each, no quotes (20%), 30 days: the exposures cancel
    // where Γ(X, 21000) = Γ(X, 19000), i.e. d1(X, 21000) = −d1(X, 19000):
    // X = √(21000 · 19000) · e^{−σ²T/2} = 19942.1757380917. Grid of 1-point steps.
    ExpiryChain chain =
        new ExpiryChain(
            "NQH7",
            EXPIRY,
            20,
            List.of(
                new StrikeRow(19000, null, contract(19000, Right.PUT, 1000, null)),
                new StrikeRow(21000, contract(21000, Right.CALL, 1000, null), null)));
    PositioningSettings fine = new PositioningSettings(DealerSign.CALLS_LONG_PUTS_SHORT, 0.1, 4001);
    Positioning p = DealerPositioning.of(chain, 20000, 0, fine, 0.2);
    assertThat(p.zeroGamma()).isCloseTo(19942.1757380917, within(0.01));
    // Calls dominate above, so the total at F = 20000 > X is positive.
    assertThat(p.totalGexPerPoint()).isPositive();
  }

  @Test
  void zeroGammaIsTheCrossingNearestTheUnderlying() {
    // Calls 3000 at 20000 between puts 1000 at 19000 and 21000, 20%, 30 days: the total changes
    // sign
    // at 18209.2770851071 and 21955.0649966419 (bisection on exact gammas); from F = 20100 the
    // upper
    // one is nearer (1855 against 1891 points).
    ExpiryChain chain =
        new ExpiryChain(
            "NQH7",
            EXPIRY,
            20,
            List.of(
                new StrikeRow(19000, null, contract(19000, Right.PUT, 1000, null)),
                new StrikeRow(20000, contract(20000, Right.CALL, 3000, null), null),
                new StrikeRow(21000, null, contract(21000, Right.PUT, 1000, null))));
    PositioningSettings fine = new PositioningSettings(DealerSign.CALLS_LONG_PUTS_SHORT, 0.1, 4001);
    assertThat(DealerPositioning.of(chain, 20100, 0, fine, 0.2).zeroGamma())
        .isCloseTo(21955.0649966419, within(0.01));
    // Searched only within ±5% (19095 to 21105): no crossing.
    PositioningSettings narrow =
        new PositioningSettings(DealerSign.CALLS_LONG_PUTS_SHORT, 0.05, 4001);
    assertThat(DealerPositioning.of(chain, 20100, 0, narrow, 0.2).zeroGamma()).isNull();
  }

  @Test
  void noOpenInterestDefinesNoLevels() {
    ExpiryChain chain =
        new ExpiryChain(
            "NQH7",
            EXPIRY,
            20,
            List.of(
                new StrikeRow(
                    19500,
                    contract(19500, Right.CALL, 0, null),
                    contract(19500, Right.PUT, 0, null)),
                new StrikeRow(20500, null, null)));
    Positioning p = DealerPositioning.of(chain, 20000, 0, DEFAULT, 0.2);
    assertThat(p.totalGexPerPoint()).isZero();
    assertThat(p.zeroGamma()).isNull();
    assertThat(p.callWall()).isNull();
    assertThat(p.putWall()).isNull();
    assertThat(p.maxPain()).isNull();
    assertThat(p.volatility()).isEqualTo(0.2);
  }

  @Test
  void maxPainTiesGoToTheStrikeNearestTheUnderlying() {
    // Calls 100 at 19500, puts 100 at 20500: payout 100,000 at 19500, 100,000 at 20500, and
    // 100·500 + 100·500 = 100,000 at 20000 too: all tie, 20000 is nearest F = 20100.
    ExpiryChain chain =
        new ExpiryChain(
            "NQH7",
            EXPIRY,
            20,
            List.of(
                new StrikeRow(19500, contract(19500, Right.CALL, 100, null), null),
                new StrikeRow(20000, null, null),
                new StrikeRow(20500, null, contract(20500, Right.PUT, 100, null))));
    assertThat(DealerPositioning.of(chain, 20100, 0, DEFAULT, 0.2).maxPain()).isEqualTo(20000.0);
  }
}
