package io.nqflow.chain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.ChainAnalyticsSettings;
import io.nqflow.chain.ChainAnalyticsSettings.Black76Settings;
import io.nqflow.chain.ChainAnalyticsSettings.PositioningSettings;
import io.nqflow.chain.ChainAnalyticsSettings.QualitySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Black76ModelTest {
  private static final long DAY_NS = 86_400_000_000_000L;
  private static final long EXPIRY = 3 * DAY_NS;
  private static final double[] STRIKES = {19850, 19900, 19950, 20050, 20100, 20200, 20400};

  private static ExpiryChain chain() {
    List<StrikeRow> rows = new ArrayList<>();
    for (double k : STRIKES) {
      rows.add(
          new StrikeRow(
              k,
              ChainContract.quoted(k, Right.CALL, EXPIRY, null, null, null, 0, 10),
              ChainContract.quoted(k, Right.PUT, EXPIRY, null, null, null, 0, 10)));
    }
    return new ExpiryChain("NQH7", EXPIRY, 20, rows);
  }

  // ChainAnalyticsSettings itself is not built here: its section registration needs core's
  // ConfigSection to know "chain".
  private static Black76Model model(QualitySettings quality, double drift) {
    return new Black76Model(
        quality,
        new Black76Settings(drift, 0.2, Duration.ofDays(1)),
        PositioningSettings.defaults());
  }

  private static final QualitySettings EVERYTHING =
      new QualitySettings(Double.NEGATIVE_INFINITY, 0, 150, 1.0);

  @Test
  void enumeratesTheStrikePairsWithinTheRiskBounds() {
    // F = 20000, max risk 150, reward/risk at least 1.
    // Long (stop below, target above): stop 19850 (risk 150): targets 20200, 20400;
    // stop 19900 (100): 20100, 20200, 20400; stop 19950 (50): all four. 9 setups.
    // Short (target below, stop above): stop 20050 (50): 19950, 19900, 19850; stop 20100 (100):
    // 19900, 19850; stop 20200 risks 200. 5 setups.
    ModelResult r = model(EVERYTHING, 0.5).analyze(chain(), 20000, 0);
    assertThat(r.model()).isEqualTo("black76");
    assertThat(r.candidates()).isEqualTo(14);
    assertThat(r.setups()).hasSize(14);
    assertThat(r.setups().stream().filter(s -> s.direction() == SetupDirection.LONG)).hasSize(9);
    assertThat(r.underlying()).isEqualTo(20000);
    assertThat(r.underlyingEstimated()).isFalse();
    assertThat(r.risk()).isNull();
    assertThat(r.positioning()).isNotNull();
    for (Setup s : r.setups()) {
      assertThat(s.risk()).isLessThanOrEqualTo(150);
      assertThat(s.reward()).isGreaterThanOrEqualTo(s.risk());
      if (s.direction() == SetupDirection.LONG) {
        assertThat(s.target()).isGreaterThan(20000);
        assertThat(s.stop()).isLessThan(20000);
      } else {
        assertThat(s.target()).isLessThan(20000);
        assertThat(s.stop()).isGreaterThan(20000);
      }
    }
  }

  @Test
  void setupsCarryTheBarrierModelsProbabilitiesAndRankByExpectedValue() {
    ModelResult r = model(EVERYTHING, 0.5).analyze(chain(), 20000, 0);
    double horizon = 1.0 / 365; // expiry in 3 days, max_horizon 1 day
    for (Setup s : r.setups()) {
      assertThat(s.factors())
          .containsOnlyKeys(
              "p_target", "p_stop", "p_neither", "volatility", "horizon_years", "drift");
      assertThat(s.factors().get("volatility")).isEqualTo(0.2); // no quotes: the fallback
      assertThat(s.factors().get("horizon_years")).isCloseTo(horizon, within(1e-15));
      assertThat(s.factors().get("drift")).isEqualTo(0.5);
      assertThat(s.probability()).isEqualTo(s.factors().get("p_target"));
      boolean isLong = s.direction() == SetupDirection.LONG;
      double lower = isLong ? s.stop() : s.target();
      double upper = isLong ? s.target() : s.stop();
      BarrierProbability.Outcome p =
          BarrierProbability.outcome(20000, lower, upper, horizon, 0.2, 0.5);
      assertThat(s.probability()).isEqualTo(isLong ? p.upperFirst() : p.lowerFirst());
      assertThat(s.factors().get("p_stop")).isEqualTo(isLong ? p.lowerFirst() : p.upperFirst());
      double longEv = BarrierProbability.longExpectedValue(20000, lower, upper, horizon, 0.2, 0.5);
      assertThat(s.ev()).isEqualTo(isLong ? longEv : -longEv);
      // A positive drift favours longs.
      assertThat(Math.signum(s.ev())).isEqualTo(isLong ? 1.0 : -1.0);
    }
    for (int i = 1; i < r.setups().size(); i++) {
      Setup before = r.setups().get(i - 1);
      Setup after = r.setups().get(i);
      assertThat(before.ev()).isGreaterThanOrEqualTo(after.ev());
    }
  }

  @Test
  void qualityFiltersApply() {
    // Without drift every setup is worth 0 points: none reaches min_ev 15.
    ModelResult flat = model(QualitySettings.defaults(), 0.0).analyze(chain(), 20000, 0);
    assertThat(flat.candidates()).isEqualTo(14);
    assertThat(flat.setups()).isEmpty();
    // A probability floor keeps only setups at or above it.
    ModelResult likely =
        model(new QualitySettings(Double.NEGATIVE_INFINITY, 0.4, 150, 1.0), 0.5)
            .analyze(chain(), 20000, 0);
    assertThat(likely.setups()).isNotEmpty().allMatch(s -> s.probability() >= 0.4);
    assertThat(likely.setups().size()).isLessThan(14);
  }

  @Test
  void anExpiredChainHasNoSetups() {
    ModelResult r = model(EVERYTHING, 0.5).analyze(chain(), 20000, EXPIRY + DAY_NS);
    assertThat(r.setups()).isEmpty();
    assertThat(r.candidates()).isZero();
  }

  @Test
  void aMissingUnderlyingIsEstimatedFromTheChainAndTheRiskAnalysisIsBeside() {
    Black76Model model = new Black76Model(ChainAnalyticsSettings.defaults());
    // This chain has no strike with both a call and a put priced: the estimate is a clear error.
    assertThatThrownBy(() -> model.analyze(chain(), Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot estimate the underlying of NQH7");
    ModelResult r = model.analyze(chain(), 20000, 0);
    assertThat(r.underlyingEstimated()).isFalse();
    assertThat(r.risk())
        .isEqualTo(RiskAnalyzer.analyze(chain(), 20000, ChainAnalyticsSettings.defaults().risk()));
    assertThat(model.name()).isEqualTo("black76");
  }
}
