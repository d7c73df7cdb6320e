package io.nqflow.chain.model;

import static io.nqflow.chain.model.TestChains.call;
import static io.nqflow.chain.model.TestChains.chain;
import static io.nqflow.chain.model.TestChains.lastOnly;
import static io.nqflow.chain.model.TestChains.put;
import static io.nqflow.chain.model.TestChains.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.ChainAnalyticsSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The original model on a hand-computed NQ chain ($20 a point), F = 20000. Every expected number
 * below was worked out by hand from the table; the comments show the arithmetic.
 *
 * <pre>
 *   K       Oc   Vc   Pc          Op   Vp   Pp
 *   19800   -    -    -           100    0   5 (last only)
 *   19925   100   20  90          400  500  15
 *   19950   200   50  70          400   90  20
 *   19975   300  200  52          500  300  27 (last only)
 *   20000   300  100  38          300  200  38        (at F)
 *   20025   800  900  27 (mid of 26.75/27.25; last 30 ignored)   200 40 52
 *   20050   400  200  20          100   10  70
 *   20075     0   30  15           50    5  90
 *   20250   500  400   2 (last)    -    -   -
 * </pre>
 */
class OriginalModelGoldenTest {

  private static final double F = 20000;
  private static final double EPS = 1e-9;

  static ExpiryChain golden() {
    return chain(
        row(19800, null, lastOnly(19800, Right.PUT, 5, 0, 100)),
        row(19925, call(19925, 90, 20, 100), put(19925, 15, 500, 400)),
        row(19950, call(19950, 70, 50, 200), put(19950, 20, 90, 400)),
        row(19975, call(19975, 52, 200, 300), lastOnly(19975, Right.PUT, 27, 300, 500)),
        row(20000, call(20000, 38, 100, 300), put(20000, 38, 200, 300)),
        row(
            20025,
            ChainContract.quoted(
                20025, Right.CALL, TestChains.EXPIRY, 26.75, 27.25, 30.0, 900, 800),
            put(20025, 52, 40, 200)),
        row(20050, call(20050, 20, 200, 400), put(20050, 70, 10, 100)),
        row(20075, call(20075, 15, 30, 0), put(20075, 90, 5, 50)),
        row(20250, lastOnly(20250, Right.CALL, 2, 400, 500), null));
  }

  private final OriginalModel model = new OriginalModel(ChainAnalyticsSettings.defaults());

  @Test
  void riskTotalsRatioAndVerdict() {
    RiskAnalysis r = model.analyze(golden(), F, 0L).risk();
    // Calls above F: 20025 800*27*20 = 432,000; 20050 400*20*20 = 160,000; 20075 0*15*20 = 0;
    // 20250 500*2*20 = 20,000. Rc = 612,000.
    assertThat(r.callRiskUsd()).isEqualTo(612_000.0);
    // Puts below F: 19800 100*5*20 = 10,000; 19925 400*15*20 = 120,000; 19950 400*20*20 =
    // 160,000; 19975 500*27*20 = 270,000. Rp = 560,000. The strike at F (20000) counts for neither.
    assertThat(r.putRiskUsd()).isEqualTo(560_000.0);
    // 612,000 / 560,000 = 1.092857142857..., between 0.5 and 2: balanced.
    assertThat(r.ratio()).isCloseTo(1.0928571428571, within(1e-12));
    assertThat(r.verdict()).isEqualTo(Verdict.BALANCED);
  }

  @Test
  void battleZonesRankedByDanger() {
    List<BattleZone> zones = model.analyze(golden(), F, 0L).risk().zones();
    // 20075 has no call OI (risk 0): no zone. 20000 is at F: no zone.
    // danger = risk x 3 (d <= 10), x 2 (d <= 25), x 1 (d <= 50), x 0.5 beyond.
    // reinforcement = that side's volume / OI: > 1 HEAVY, > 0.5 MODERATE, else EXISTING.
    assertThat(zones)
        .containsExactly(
            // d = 25 -> NEAR_TERM, 432,000 x 2 = 864,000; 900 / 800 = 1.125 -> HEAVY
            new BattleZone(
                20025,
                Right.CALL,
                432_000,
                25,
                Urgency.NEAR_TERM,
                864_000,
                1.125,
                Reinforcement.HEAVY),
            // d = 25 -> NEAR_TERM, 270,000 x 2 = 540,000; 300 / 500 = 0.6 -> MODERATE
            new BattleZone(
                19975,
                Right.PUT,
                270_000,
                25,
                Urgency.NEAR_TERM,
                540_000,
                0.6,
                Reinforcement.MODERATE),
            // d = 50 -> MEDIUM_TERM, 160,000 x 1; 90 / 400 = 0.225 -> EXISTING.
            // Ties 20050 on danger and distance: the lower strike first.
            new BattleZone(
                19950,
                Right.PUT,
                160_000,
                50,
                Urgency.MEDIUM_TERM,
                160_000,
                0.225,
                Reinforcement.EXISTING_POSITIONS),
            // d = 50 -> MEDIUM_TERM, 160,000; 200 / 400 = 0.5, not above 0.5 -> EXISTING
            new BattleZone(
                20050,
                Right.CALL,
                160_000,
                50,
                Urgency.MEDIUM_TERM,
                160_000,
                0.5,
                Reinforcement.EXISTING_POSITIONS),
            // d = 75 -> DISTANT, 120,000 x 0.5 = 60,000; 500 / 400 = 1.25 -> HEAVY
            new BattleZone(
                19925, Right.PUT, 120_000, 75, Urgency.DISTANT, 60_000, 1.25, Reinforcement.HEAVY),
            // d = 250 -> DISTANT, 20,000 x 0.5 = 10,000; 400 / 500 = 0.8 -> MODERATE
            new BattleZone(
                20250,
                Right.CALL,
                20_000,
                250,
                Urgency.DISTANT,
                10_000,
                0.8,
                Reinforcement.MODERATE),
            // d = 200 -> DISTANT, 10,000 x 0.5 = 5,000; 0 / 100 = 0 -> EXISTING
            new BattleZone(
                19800,
                Right.PUT,
                10_000,
                200,
                Urgency.DISTANT,
                5_000,
                0.0,
                Reinforcement.EXISTING_POSITIONS));
  }

  /*
   * The chain-wide factors.
   *
   * Strike weights: every strike is within 1% of F (200 points; 19800 is exactly 1%, inclusive)
   * -> 1.0, except 20250 (250 / 20000 = 1.25%) -> 0.8.
   *
   * T = Oc + Op: 19800 100, 19925 500, 19950 600, 19975 800, 20000 600, 20025 1000, 20050 500,
   * 20075 50, 20250 500. max T = 1000.
   *  long:  above F (x1): 1000 + 500 + 50 + 0.8*500 = 1950; at/below F (x -0.5): 100 + 500 + 600
   *         + 800 + 600 = 2600 -> -1300. Sum 650; OI = 650 / 1000 = 0.65.
   *  short: below F (x1): 100 + 500 + 600 + 800 = 2000; at/above (x -0.5): 600 + 1000 + 500 + 50
   *         + 400 = 2550 -> -1275. Sum 725; OI = 0.725.
   *
   * V = Vc + Vp: 19800 0, 19925 520, 19950 140, 19975 500, 20000 300, 20025 940, 20050 210,
   * 20075 35, 20250 400. max V = 940.
   *  long:  940 + 210 + 35 + 0.8*400 = 1505; other 0 + 520 + 140 + 500 + 300 = 1460 -> -730.
   *         775 / 940 = 0.824468085...
   *  short: 0 + 520 + 140 + 500 = 1160; other 300 + 940 + 210 + 35 + 320 = 1805 -> -902.5.
   *         257.5 / 940 = 0.273936170...
   *
   * Premium: sum Pc*Oc = 9000 + 14000 + 15600 + 11400 + 21600 + 8000 + 0 + 1000 = 80,600;
   * sum Pp*Op = 500 + 6000 + 8000 + 13500 + 11400 + 10400 + 7000 + 4500 = 61,300.
   * x = 19,300 / 141,900. long PCR = (1 + x) / 2 = 161,200 / 283,800 = 0.568005638...;
   * short PCR = (1 - x) / 2 = 122,600 / 283,800 = 0.431994362...
   *
   * p = 0.35 OI + 0.25 VOL + 0.25 PCR + 0.15 DIST:
   *  long base  = 0.2275 + 0.206117021 + 0.142001409 = 0.575618431
   *  short base = 0.25375 + 0.068484043 + 0.107998591 = 0.430232633
   */
  private static final double LONG_OI = 0.65;
  private static final double LONG_VOL = 775.0 / 940;
  private static final double LONG_PCR = 161_200.0 / 283_800;
  private static final double SHORT_OI = 0.725;
  private static final double SHORT_VOL = 257.5 / 940;
  private static final double SHORT_PCR = 122_600.0 / 283_800;

  @Test
  void candidatesCountAndQualitySetupsInOrder() {
    ModelResult r = model.analyze(golden(), F, 0L);
    assertThat(r.model()).isEqualTo("original");
    assertThat(r.underlying()).isEqualTo(F);
    assertThat(r.underlyingEstimated()).isFalse();
    assertThat(r.positioning()).as("dealer positioning beside the model").isNotNull();
    assertThat(r.positioning().strikes()).hasSize(r.chain().strikes().size());
    // Longs: targets 20025/20050/20075/20250 (reward 25/50/75/250), stops 19975/19950/19925
    // (risk 25/50/75) and 19800 (risk 200 > 150: never). reward >= risk keeps 1 + 2 + 3 + 3 = 9.
    // Shorts mirror: targets 19975/19950/19925/19800 (25/50/75/200), stops 20025/20050/20075
    // (20250 is 250 away): 1 + 2 + 3 + 3 = 9. 18 candidates.
    assertThat(r.candidates()).isEqualTo(18);
    // Every short has p < 0.60 (short base 0.430 + at most 0.15): none passes. Long 20025/19975
    // has EV 11.27 < 15. The 8 other longs pass, by EV:
    assertThat(r.setups())
        .extracting(Setup::target, Setup::stop)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(20250.0, 19975.0), // 174.03
            org.assertj.core.groups.Tuple.tuple(20250.0, 19950.0), // 167.12
            org.assertj.core.groups.Tuple.tuple(20250.0, 19925.0), // 160.22
            org.assertj.core.groups.Tuple.tuple(20075.0, 19975.0), // 47.51
            org.assertj.core.groups.Tuple.tuple(20075.0, 19950.0), // 40.63
            org.assertj.core.groups.Tuple.tuple(20075.0, 19925.0), // 33.76
            org.assertj.core.groups.Tuple.tuple(20050.0, 19975.0), // 29.39
            org.assertj.core.groups.Tuple.tuple(20050.0, 19950.0)); // 22.52
    assertThat(r.setups()).allMatch(s -> s.direction() == SetupDirection.LONG);
  }

  @Test
  void longTargetFarAboveTheTopSetup() {
    // DIST = 1 - 250 / 20000 = 0.9875; p = 0.575618431 + 0.15 * 0.9875 = 0.723743431
    // EV = 0.723743431 * 250 - 0.276256569 * 25 = 180.935857680 - 6.906414232 = 174.029443448
    Setup s = find(SetupDirection.LONG, 20250, 19975);
    assertFactors(s, LONG_OI, LONG_VOL, LONG_PCR, 0.9875);
    assertThat(s.reward()).isEqualTo(250.0);
    assertThat(s.risk()).isEqualTo(25.0);
    assertThat(s.probability()).isCloseTo(0.7237434307, within(EPS));
    assertThat(s.ev()).isCloseTo(174.0294434480, within(1e-8));
  }

  @Test
  void longPassingEveryFilter() {
    // 20075 / 19950: DIST = 1 - 75 / 20000 = 0.99625; p = 0.575618431 + 0.149437500 = 0.725055931
    // EV = 0.725055931 * 75 - 0.274944069 * 50 = 54.379194804 - 13.747203464 = 40.631991340
    Setup s = find(SetupDirection.LONG, 20075, 19950);
    assertFactors(s, LONG_OI, LONG_VOL, LONG_PCR, 0.99625);
    assertThat(s.probability()).isCloseTo(0.7250559307, within(EPS));
    assertThat(s.ev()).isCloseTo(40.6319913400, within(1e-8));
  }

  @Test
  void longFailingOnlyTheEvFilter() {
    // 20025 / 19975: DIST = 1 - 25 / 20000 = 0.99875; p = 0.575618431 + 0.1498125 = 0.725430931
    // (>= 0.60) but EV = 25 * (2p - 1) = 25 * 0.450861861 = 11.271546536 < 15.
    Setup s = find(SetupDirection.LONG, 20025, 19975);
    assertFactors(s, LONG_OI, LONG_VOL, LONG_PCR, 0.99875);
    assertThat(s.probability()).isCloseTo(0.7254309307, within(EPS));
    assertThat(s.ev()).isCloseTo(11.2715465360, within(1e-8));
  }

  @Test
  void shortFailingOnlyTheProbabilityFilter() {
    // 19800 / 20025: DIST = 1 - 200 / 20000 = 0.99; p = 0.430232633 + 0.1485 = 0.578732633 < 0.60
    // EV = 0.578732633 * 200 - 0.421267367 * 25 = 115.746526622 - 10.531684172 = 105.214842450
    Setup s = find(SetupDirection.SHORT, 19800, 20025);
    assertFactors(s, SHORT_OI, SHORT_VOL, SHORT_PCR, 0.99);
    assertThat(s.reward()).isEqualTo(200.0);
    assertThat(s.risk()).isEqualTo(25.0);
    assertThat(s.probability()).isCloseTo(0.5787326331, within(EPS));
    assertThat(s.ev()).isCloseTo(105.2148424497, within(1e-8));
  }

  @Test
  void shortFailingBothFilters() {
    // 19975 / 20025: DIST 0.99875; p = 0.430232633 + 0.1498125 = 0.580045133;
    // EV = 25 * (2p - 1) = 25 * 0.160090266 = 4.002256655
    Setup s = find(SetupDirection.SHORT, 19975, 20025);
    assertThat(s.probability()).isCloseTo(0.5800451331, within(EPS));
    assertThat(s.ev()).isCloseTo(4.0022566555, within(1e-8));
  }

  @Test
  void theSameChainWithoutAnUnderlyingEstimatesItAtTheStrikeWhereCallEqualsPut() {
    // C - P: 19925 75, 19950 50, 19975 25, 20000 0, 20025 -25, ... (19800 and 20250 are one-sided)
    ModelResult estimated = model.analyze(golden(), Double.NaN, 0L);
    ModelResult given = model.analyze(golden(), F, 0L);
    assertThat(estimated.underlying()).isEqualTo(F);
    assertThat(estimated.underlyingEstimated()).isTrue();
    assertThat(estimated.setups()).isEqualTo(given.setups());
    assertThat(estimated.risk()).isEqualTo(given.risk());
  }

  private Setup find(SetupDirection direction, double target, double stop) {
    return model.evaluate(golden(), F).stream()
        .filter(s -> s.direction() == direction && s.target() == target && s.stop() == stop)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no candidate " + target + "/" + stop));
  }

  private static void assertFactors(
      Setup s, double oi, double volume, double pcr, double distance) {
    Map<String, Double> f = s.factors();
    assertThat(f).containsOnlyKeys("oi", "volume", "pcr", "distance");
    assertThat(f.get("oi")).isCloseTo(oi, within(EPS));
    assertThat(f.get("volume")).isCloseTo(volume, within(EPS));
    assertThat(f.get("pcr")).isCloseTo(pcr, within(EPS));
    assertThat(f.get("distance")).isCloseTo(distance, within(EPS));
  }
}
