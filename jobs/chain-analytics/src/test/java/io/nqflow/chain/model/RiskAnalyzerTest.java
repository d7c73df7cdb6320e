package io.nqflow.chain.model;

import static io.nqflow.chain.model.TestChains.call;
import static io.nqflow.chain.model.TestChains.chain;
import static io.nqflow.chain.model.TestChains.put;
import static io.nqflow.chain.model.TestChains.row;
import static io.nqflow.chain.model.TestChains.unpriced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.chain.ChainAnalyticsSettings.RiskAnalysisSettings;
import org.junit.jupiter.api.Test;

class RiskAnalyzerTest {

  private static final RiskAnalysisSettings D = RiskAnalysisSettings.defaults();

  @Test
  void aStrikeExactlyAtTheUnderlyingCarriesNoRisk() {
    // Both sides at 20000 have OI and a mark, F = 20000: neither above nor below.
    ExpiryChain c = chain(row(20000, call(20000, 40, 10, 100), put(20000, 40, 10, 100)));
    RiskAnalysis r = RiskAnalyzer.analyze(c, 20000, D);
    assertThat(r.callRiskUsd()).isZero();
    assertThat(r.putRiskUsd()).isZero();
    assertThat(r.zones()).isEmpty();
  }

  @Test
  void onlyTheOutOfTheMoneySideCounts() {
    // 20050: the put (in the money) is ignored, the call counts 10 * 4 * 20 = 800.
    // 19950: the call is ignored, the put counts 20 * 3 * 20 = 1200.
    ExpiryChain c =
        chain(
            row(19950, call(19950, 60, 0, 1000), put(19950, 3, 0, 20)),
            row(20050, call(20050, 4, 0, 10), put(20050, 55, 0, 1000)));
    RiskAnalysis r = RiskAnalyzer.analyze(c, 20000, D);
    assertThat(r.callRiskUsd()).isEqualTo(800.0);
    assertThat(r.putRiskUsd()).isEqualTo(1200.0);
    assertThat(r.zones()).extracting(BattleZone::right).containsExactly(Right.PUT, Right.CALL);
  }

  @Test
  void theMultiplierScalesTheRisk() {
    // MNQ: $2 a point. 10 * 4 * 2 = 80.
    ExpiryChain c = chain(2, row(20050, call(20050, 4, 0, 10), null));
    assertThat(RiskAnalyzer.analyze(c, 20000, D).callRiskUsd()).isEqualTo(80.0);
  }

  @Test
  void strikesWithoutRiskAreNoZones() {
    // 20050 call: OI but no price (mark 0). 20075 call: a price but no OI. 19950: no put listed.
    ExpiryChain c =
        chain(
            row(19950, call(19950, 60, 5, 100), null),
            row(20050, unpriced(20050, Right.CALL, 50, 300), null),
            row(20075, call(20075, 3, 70, 0), null));
    RiskAnalysis r = RiskAnalyzer.analyze(c, 20000, D);
    assertThat(r.zones()).isEmpty();
    assertThat(r.callRiskUsd()).isZero();
    assertThat(r.putRiskUsd()).isZero();
  }

  @Test
  void noRiskAtAllIsRatioZeroAndSoPutDominanceAsTheOriginalRuleReads() {
    RiskAnalysis r = RiskAnalyzer.analyze(chain(row(20050, null, null)), 20000, D);
    assertThat(r.ratio()).isZero();
    assertThat(r.verdict()).isEqualTo(Verdict.PUT_DOMINANCE);
  }

  @Test
  void callRiskWithoutPutRiskIsAnInfiniteRatio() {
    RiskAnalysis r = RiskAnalyzer.analyze(chain(row(20050, call(20050, 4, 0, 10), null)), 20000, D);
    assertThat(r.ratio()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(r.verdict()).isEqualTo(Verdict.CALL_DOMINANCE);
  }

  @Test
  void putRiskWithoutCallRiskIsPutDominance() {
    RiskAnalysis r = RiskAnalyzer.analyze(chain(row(19950, null, put(19950, 4, 0, 10))), 20000, D);
    assertThat(r.ratio()).isZero();
    assertThat(r.verdict()).isEqualTo(Verdict.PUT_DOMINANCE);
  }

  @Test
  void verdictThresholdsAreStrict() {
    assertThat(RiskAnalyzer.verdict(200, 100, D)).isEqualTo(Verdict.BALANCED); // exactly 2
    assertThat(RiskAnalyzer.verdict(201, 100, D)).isEqualTo(Verdict.CALL_DOMINANCE); // 2.01
    assertThat(RiskAnalyzer.verdict(50, 100, D)).isEqualTo(Verdict.BALANCED); // exactly 0.5
    assertThat(RiskAnalyzer.verdict(49, 100, D)).isEqualTo(Verdict.PUT_DOMINANCE); // 0.49
    assertThat(RiskAnalyzer.verdict(100, 100, D)).isEqualTo(Verdict.BALANCED);
  }

  @Test
  void verdictThresholdsAreSettings() {
    RiskAnalysisSettings s = risk(1.5, 0.8, 10, 25, 50, 3, 2, 1, 0.5, 1.0, 0.5);
    assertThat(RiskAnalyzer.verdict(160, 100, s)).isEqualTo(Verdict.CALL_DOMINANCE);
    assertThat(RiskAnalyzer.verdict(70, 100, s)).isEqualTo(Verdict.PUT_DOMINANCE);
  }

  @Test
  void urgencyBoundsAreInclusive() {
    assertThat(RiskAnalyzer.urgency(10, D)).isEqualTo(Urgency.IMMEDIATE);
    assertThat(RiskAnalyzer.urgency(10.25, D)).isEqualTo(Urgency.NEAR_TERM);
    assertThat(RiskAnalyzer.urgency(25, D)).isEqualTo(Urgency.NEAR_TERM);
    assertThat(RiskAnalyzer.urgency(50, D)).isEqualTo(Urgency.MEDIUM_TERM);
    assertThat(RiskAnalyzer.urgency(50.25, D)).isEqualTo(Urgency.DISTANT);
  }

  @Test
  void anImmediateZoneTriplesItsRisk() {
    // F = 20015, call 20025: d = 10 -> IMMEDIATE; risk 10 * 5 * 20 = 1000, danger 3000.
    ExpiryChain c = chain(row(20025, call(20025, 5, 0, 10), null));
    BattleZone z = RiskAnalyzer.analyze(c, 20015, D).zones().get(0);
    assertThat(z.distance()).isEqualTo(10.0);
    assertThat(z.urgency()).isEqualTo(Urgency.IMMEDIATE);
    assertThat(z.danger()).isEqualTo(3000.0);
  }

  @Test
  void zoneDistancesAndFactorsAreSettings() {
    // Immediate up to 30 points with factor 5: the 25-point zone's danger is 1000 * 5.
    RiskAnalysisSettings s = risk(2, 0.5, 30, 40, 50, 5, 2, 1, 0.5, 1.0, 0.5);
    ExpiryChain c = chain(row(20025, call(20025, 5, 0, 10), null));
    BattleZone z = RiskAnalyzer.analyze(c, 20000, s).zones().get(0);
    assertThat(z.urgency()).isEqualTo(Urgency.IMMEDIATE);
    assertThat(z.danger()).isEqualTo(5000.0);
    // Default: 25 points is NEAR_TERM, x 2.
    assertThat(RiskAnalyzer.analyze(c, 20000, D).zones().get(0).danger()).isEqualTo(2000.0);
  }

  @Test
  void reinforcementThresholdsAreStrict() {
    assertThat(RiskAnalyzer.reinforcement(101, 100, D)).isEqualTo(Reinforcement.HEAVY);
    assertThat(RiskAnalyzer.reinforcement(100, 100, D)).isEqualTo(Reinforcement.MODERATE);
    assertThat(RiskAnalyzer.reinforcement(51, 100, D)).isEqualTo(Reinforcement.MODERATE);
    assertThat(RiskAnalyzer.reinforcement(50, 100, D)).isEqualTo(Reinforcement.EXISTING_POSITIONS);
    assertThat(RiskAnalyzer.reinforcement(0, 100, D)).isEqualTo(Reinforcement.EXISTING_POSITIONS);
    assertThat(RiskAnalyzer.reinforcement(40, 0, D)).isEqualTo(Reinforcement.NEW_POSITIONS_ONLY);
    RiskAnalysisSettings s = risk(2, 0.5, 10, 25, 50, 3, 2, 1, 0.5, 3.0, 2.0);
    assertThat(RiskAnalyzer.reinforcement(250, 100, s)).isEqualTo(Reinforcement.MODERATE);
    assertThat(RiskAnalyzer.reinforcement(150, 100, s)).isEqualTo(Reinforcement.EXISTING_POSITIONS);
  }

  @Test
  void equalDangerRanksByDistanceThenStrike() {
    // F = 20000. 20100 call: 40 * 5 * 20 = 4000, d = 100 DISTANT -> 2000.
    // 20050 call: 20 * 5 * 20 = 2000, d = 50 MEDIUM -> 2000. 19950 put: the same, d = 50 -> 2000.
    // Equal danger: 50 before 100; at 50, 19950 before 20050.
    ExpiryChain c =
        chain(
            row(19950, null, put(19950, 5, 0, 20)),
            row(20050, call(20050, 5, 0, 20), null),
            row(20100, call(20100, 5, 0, 40), null));
    assertThat(RiskAnalyzer.analyze(c, 20000, D).zones())
        .extracting(BattleZone::strike, BattleZone::danger)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(19950.0, 2000.0),
            org.assertj.core.groups.Tuple.tuple(20050.0, 2000.0),
            org.assertj.core.groups.Tuple.tuple(20100.0, 2000.0));
  }

  @Test
  void aNonFiniteUnderlyingIsRejected() {
    assertThatThrownBy(() -> RiskAnalyzer.analyze(chain(), Double.NaN, D))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NQM6")
        .hasMessageContaining("finite");
  }

  private static RiskAnalysisSettings risk(
      double callDom,
      double putDom,
      double immediate,
      double nearTerm,
      double mediumTerm,
      double fImmediate,
      double fNear,
      double fMedium,
      double fDistant,
      double heavy,
      double moderate) {
    return new RiskAnalysisSettings(
        callDom,
        putDom,
        immediate,
        nearTerm,
        mediumTerm,
        fImmediate,
        fNear,
        fMedium,
        fDistant,
        heavy,
        moderate);
  }
}
