package io.nqflow.chain.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.model.Reinforcement;
import io.nqflow.chain.model.Right;
import io.nqflow.chain.model.SetupDirection;
import io.nqflow.chain.model.Urgency;
import io.nqflow.chain.model.Verdict;
import io.nqflow.chain.reference.ReferenceOriginalModel.Candidate;
import io.nqflow.chain.reference.ReferenceOriginalModel.ExpiryResult;
import io.nqflow.chain.reference.ReferenceOriginalModel.Zone;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference model against small chains computed by hand (the arithmetic is in the comments; the
 * probabilities were also checked in exact fractions).
 */
class ReferenceOriginalModelTest {

  private static final double EPS = 1e-12;

  /*
   * Chain A: NQ (m = 20), F = 21010 given.
   *   K      call OI/mark/vol     put OI/mark/vol
   *   20900  100 / 120 / 10       400 / 10 / 300
   *   21000  200 /  50 / 50       300 / 40 / 100   (put: last only)
   *   21050  500 /  20 / 600      100 / 60 / 20
   *   21300  300 /   2 / 100      (no put)
   */
  private static final String CHAIN_A =
      """
      {"underlying": "NQH7", "underlying_price": 21010, "multiplier": 20,
       "as_of": "2026-03-13T19:00:00Z",
       "contracts": [
        {"strike": 20900, "type": "C", "expiration": "2026-03-20", "bid": 119.5, "ask": 120.5,
         "last": 118, "volume": 10, "open_interest": 100},
        {"strike": 20900, "type": "P", "expiration": "2026-03-20", "bid": 9.75, "ask": 10.25,
         "last": null, "volume": 300, "open_interest": 400},
        {"strike": 21000, "type": "C", "expiration": "2026-03-20", "bid": 49.5, "ask": 50.5,
         "last": 51, "volume": 50, "open_interest": 200},
        {"strike": 21000, "type": "P", "expiration": "2026-03-20", "bid": null, "ask": 41,
         "last": 40, "volume": 100, "open_interest": 300},
        {"strike": 21050, "type": "C", "expiration": "2026-03-20", "bid": 19.75, "ask": 20.25,
         "last": 20, "volume": 600, "open_interest": 500},
        {"strike": 21050, "type": "P", "expiration": "2026-03-20", "bid": 59, "ask": 61,
         "last": null, "volume": 20, "open_interest": 100},
        {"strike": 21300, "type": "C", "expiration": "2026-03-20", "bid": 1.75, "ask": 2.25,
         "volume": 100, "open_interest": 300}
       ]}
      """;

  @Test
  void chainA_riskAnalysis() throws Exception {
    ExpiryResult r = only(CHAIN_A);
    assertThat(r.underlying()).isEqualTo(21010.0);
    assertThat(r.estimated()).isFalse();
    // Calls above 21010: 21050: 500*20*20 = 200,000; 21300: 300*2*20 = 12,000 -> Rc = 212,000.
    // Puts below: 20900: 400*10*20 = 80,000; 21000: 300*40*20 = 240,000 -> Rp = 320,000.
    assertThat(r.callRiskCents()).isEqualByComparingTo("212000.00");
    assertThat(r.putRiskCents()).isEqualByComparingTo("320000.00");
    // 212,000 / 320,000 = 0.6625: between 0.5 and 2.
    assertThat(r.ratio()).isCloseTo(0.6625, within(EPS));
    assertThat(r.verdict()).isEqualTo(Verdict.BALANCED);
    // 21000 P: d = 10 IMMEDIATE, 240,000*3 = 720,000; vol/OI = 100/300 = 0.33 existing.
    // 21050 C: d = 40 MEDIUM_TERM, 200,000*1; 600/500 = 1.2 heavy.
    // 20900 P: d = 110 DISTANT, 80,000*0.5 = 40,000; 300/400 = 0.75 moderate.
    // 21300 C: d = 290 DISTANT, 12,000*0.5 = 6,000; 100/300 existing.
    assertZones(
        r.zones(),
        zone(21000, Right.PUT, "240000", "720000", 10, Urgency.IMMEDIATE, 1.0 / 3, EXISTING),
        zone(21050, Right.CALL, "200000", "200000", 40, Urgency.MEDIUM_TERM, 1.2, HEAVY),
        zone(20900, Right.PUT, "80000", "40000", 110, Urgency.DISTANT, 0.75, MODERATE),
        zone(21300, Right.CALL, "12000", "6000", 290, Urgency.DISTANT, 1.0 / 3, EXISTING));
  }

  @Test
  void chainA_setups() throws Exception {
    ExpiryResult r = only(CHAIN_A);
    /*
     * Candidates (risk <= 150, reward/risk >= 1): long tp in {21050, 21300} x sl in {21000 (risk
     * 10), 20900 (risk 110)}: (21050, 20900) has 40/110 < 1, out -> 3 longs; short tp in {21000,
     * 20900} x sl in {21050 (risk 40); 21300 has risk 290}: (21000, 21050) has 10/40, out -> 1.
     *
     * Strike weights: |K - F|/F = 110, 10, 40 / 21010 <= 1% -> 1.0; 290/21010 = 1.38% -> 0.8.
     * Oc+Op: 500, 500, 600, 300 (max 600); Vc+Vp: 310, 150, 620, 100 (max 620).
     * Long (above F +1, below -0.5): OI = (-250 - 250 + 600 + 300*0.8)/600 = 340/600 = 17/30;
     *   VOL = (-155 - 75 + 620 + 80)/620 = 47/62.
     * Short: OI = (500 + 500 - 300 - 120)/600 = 29/30; VOL = (310 + 150 - 310 - 40)/620 = 11/62.
     * PCR: sum Pc*Oc = 12,000 + 10,000 + 10,000 + 600 = 32,600; sum Pp*Op = 4,000 + 12,000 +
     *   6,000 = 22,000; x = 10,600/54,600 = 53/273; long (1 + x)/2 = 163/273, short 110/273.
     * p(long, tp 21300) = .35*17/30 + .25*47/62 + .25*163/273 + .15*(1 - 290/21010)
     *   = .198333 + .189516 + .149267 + .147930 = .685046
     * p(long, tp 21050) = .537117 + .15*(1 - 40/21010) = .686831
     * p(short, tp 20900) = .35*29/30 + .25*11/62 + .25*110/273 + .15*(1 - 110/21010) = .632635
     * EV: (21300, 21000) .685046*290 - .314954*10 = 195.514; (21300, 20900) ... - .314954*110 =
     *   164.019; short (20900, 21050) .632635*110 - .367365*40 = 54.895; (21050, 21000)
     *   .686831*40 - .313169*10 = 24.342. All have EV >= 15 and p >= 0.6.
     */
    List<Candidate> expected =
        List.of(
            cand(LONG, 21300, 21000, 290, 10, 0.68504641898663177, 195.51392569598954),
            cand(LONG, 21300, 20900, 290, 110, 0.68504641898663177, 164.01856759465272),
            cand(SHORT, 20900, 21050, 110, 40, 0.63263543246147536, 54.895314869221302),
            cand(LONG, 21050, 21000, 40, 10, 0.68683128333694121, 24.341564166847057));
    assertCandidates(r.candidates(), expected);
    assertCandidates(r.quality(), expected);
    Candidate first = r.candidates().get(0);
    assertThat(first.oi()).isCloseTo(17.0 / 30, within(EPS));
    assertThat(first.volume()).isCloseTo(47.0 / 62, within(EPS));
    assertThat(first.pcr()).isCloseTo(163.0 / 273, within(EPS));
    assertThat(first.dist()).isCloseTo(1 - 290.0 / 21010, within(EPS));
    Candidate shortOne = r.candidates().get(2);
    assertThat(shortOne.oi()).isCloseTo(29.0 / 30, within(EPS));
    assertThat(shortOne.volume()).isCloseTo(11.0 / 62, within(EPS));
    assertThat(shortOne.pcr()).isCloseTo(110.0 / 273, within(EPS));
  }

  /*
   * Chain B: MNQ (m = 2), no underlying price.
   *   K      call OI/mark/vol          put OI/mark/vol
   *   19900  (no call)                 300 / no quotes (0) / 20
   *   20950    0 / 71 / 5              800 / 19 / 900
   *   21000   50 / 41 / 10             250 / 39 (last) / 100
   *   21025   76 / 25 / 0              (no put)
   *   21050  200 / 19 (last) / 150     100 / 27 / 40
   *   21500  400 / no quotes (0) / 0     0 / 490 / 0
   */
  private static final String CHAIN_B =
      """
      {"underlying": "MNQH7", "multiplier": 2, "as_of": "2026-03-13T19:00:00Z",
       "contracts": [
        {"strike": 19900, "type": "P", "expiration": "2026-03-20T20:00:00Z", "bid": null,
         "ask": null, "last": null, "volume": 20, "open_interest": 300},
        {"strike": 20950, "type": "C", "expiration": "2026-03-20T20:00:00Z", "bid": 70, "ask": 72,
         "volume": 5},
        {"strike": 20950, "type": "P", "expiration": "2026-03-20T20:00:00Z", "bid": 18, "ask": 20,
         "volume": 900, "open_interest": 800},
        {"strike": 21000, "type": "C", "expiration": "2026-03-20T20:00:00Z", "bid": 40, "ask": 42,
         "volume": 10, "open_interest": 50},
        {"strike": 21000, "type": "P", "expiration": "2026-03-20T20:00:00Z", "last": 39,
         "volume": 100, "open_interest": 250},
        {"strike": 21025, "type": "C", "expiration": "2026-03-20T20:00:00Z", "bid": 24, "ask": 26,
         "volume": 0, "open_interest": 76},
        {"strike": 21050, "type": "C", "expiration": "2026-03-20T20:00:00Z", "bid": null,
         "ask": 20, "last": 19, "volume": 150, "open_interest": 200},
        {"strike": 21050, "type": "P", "expiration": "2026-03-20T20:00:00Z", "bid": 26, "ask": 28,
         "volume": 40, "open_interest": 100},
        {"strike": 21500, "type": "C", "expiration": "2026-03-20T20:00:00Z",
         "open_interest": 400},
        {"strike": 21500, "type": "P", "expiration": "2026-03-20T20:00:00Z", "bid": 480,
         "ask": 500}
       ]}
      """;

  @Test
  void chainB_estimatesTheUnderlyingAndAnalyzesTheRisk() throws Exception {
    ExpiryResult r = only(CHAIN_B);
    // C - P on strikes with both sides: 20950: 71 - 19 = 52; 21000: 41 - 39 = 2;
    // 21050: 19 - 27 = -8; 21500: 0 - 490 = -490. Sign change 21000 -> 21050:
    // F = 21000 + 50 * 2 / (2 + 8) = 21010.
    assertThat(r.estimated()).isTrue();
    assertThat(r.underlying()).isCloseTo(21010.0, within(1e-9));
    // Calls above: 21025: 76*25*2 = 3,800; 21050: 200*19*2 = 7,600; 21500: 400*0*2 = 0.
    // Puts below: 19900: 300*0*2 = 0; 20950: 800*19*2 = 30,400; 21000: 250*39*2 = 19,500.
    assertThat(r.callRiskCents()).isEqualByComparingTo("11400.00");
    assertThat(r.putRiskCents()).isEqualByComparingTo("49900.00");
    // 11,400 / 49,900 = 0.228457 < 0.5.
    assertThat(r.ratio()).isCloseTo(11400.0 / 49900.0, within(EPS));
    assertThat(r.verdict()).isEqualTo(Verdict.PUT_DOMINANCE);
    // No zone where the risk is 0 (19900 P, 21500 C). 21025 C (d 15, NEAR_TERM, 3,800*2) and
    // 21050 C (d 40, MEDIUM_TERM, 7,600*1) tie at 7,600: the nearer first.
    assertZones(
        r.zones(),
        zone(21000, Right.PUT, "19500", "58500", 10, Urgency.IMMEDIATE, 0.4, EXISTING),
        zone(20950, Right.PUT, "30400", "15200", 60, Urgency.DISTANT, 1.125, HEAVY),
        zone(21025, Right.CALL, "3800", "7600", 15, Urgency.NEAR_TERM, 0.0, EXISTING),
        zone(21050, Right.CALL, "7600", "7600", 40, Urgency.MEDIUM_TERM, 0.75, MODERATE));
  }

  @Test
  void chainB_setups() throws Exception {
    ExpiryResult r = only(CHAIN_B);
    /*
     * Weights: 19900: 1110/21010 = 5.28% -> 0.2; 21500: 490/21010 = 2.33% -> 0.5; others 1.0.
     * Oc+Op: 300, 800, 300, 76, 300, 400 (max 800); Vc+Vp: 20, 905, 110, 0, 190, 0 (max 905).
     * Long: OI = (-30 - 400 - 150 + 76 + 300 + 200)/800 < 0 -> 0;
     *   VOL = (-2 - 452.5 - 55 + 0 + 190 + 0)/905 < 0 -> 0.
     * Short: OI = (60 + 800 + 300 - 38 - 150 - 100)/800 = 1.09 -> 1;
     *   VOL = (4 + 905 + 110 - 0 - 95 - 0)/905 = 1.02 -> 1.
     * PCR: sum Pc*Oc = 2,050 + 1,900 + 3,800 = 7,750; sum Pp*Op = 15,200 + 9,750 + 2,700 = 27,650;
     *   x = -19,900/35,400 = -199/354; long 155/708 = .218927, short 553/708 = .781073.
     * Short p = .35 + .25 + .195268 + .15*DIST >= .937 -> clamped to 0.9:
     *   (19900, 21025): .9*1110 - .1*15 = 997.5; (19900, 21050): 999 - 4 = 995;
     *   (20950, 21025): .9*60 - .1*15 = 52.5; (20950, 21050): 54 - 4 = 50.
     * Long p = .25*155/708 + .15*DIST: tp 21500: .054732 + .15*(1 - 490/21010) = .201233,
     *   (21500, 21000): .201233*490 - .798767*10 = 90.617; (21500, 20950): ... - .798767*60 =
     *   50.678; tp 21050: .054732 + .15*(1 - 40/21010) = .204446, (21050, 21000) EV 0.222;
     *   tp 21025: .204625, (21025, 21000): .204625*15 - .795375*10 = -4.884.
     *   (21025, 20950) 15/60 and (21050, 20950) 40/60 fail reward/risk; shorts to 21000 too.
     * Quality: the four shorts (p 0.9 >= 0.6); the longs' p is far below 0.6.
     */
    List<Candidate> expected =
        List.of(
            cand(SHORT, 19900, 21025, 1110, 15, 0.9, 997.5),
            cand(SHORT, 19900, 21050, 1110, 40, 0.9, 995),
            cand(LONG, 21500, 21000, 490, 10, 0.20123330429147271, 90.616652145736353),
            cand(SHORT, 20950, 21025, 60, 15, 0.9, 52.5),
            cand(LONG, 21500, 20950, 490, 60, 0.20123330429147271, 50.678317360309997),
            cand(SHORT, 20950, 21050, 60, 40, 0.9, 50),
            cand(LONG, 21050, 21000, 40, 10, 0.20444606012202959, 0.22230300610147979),
            cand(LONG, 21025, 21000, 15, 10, 0.20462454655706053, -4.8843863360734865));
    assertCandidates(r.candidates(), expected);
    assertCandidates(
        r.quality(), List.of(expected.get(0), expected.get(1), expected.get(3), expected.get(5)));
    Candidate longOne = r.candidates().get(2);
    assertThat(longOne.oi()).isZero();
    assertThat(longOne.volume()).isZero();
    assertThat(longOne.pcr()).isCloseTo(155.0 / 708, within(EPS));
    Candidate shortOne = r.candidates().get(0);
    assertThat(shortOne.oi()).isEqualTo(1.0);
    assertThat(shortOne.volume()).isEqualTo(1.0);
    assertThat(shortOne.pcr()).isCloseTo(553.0 / 708, within(EPS));
    assertThat(shortOne.dist()).isCloseTo(1 - 1110.0 / 21010, within(EPS));
  }

  /*
   * Chain C: calls only, F = 1000 exactly at a strike, m = 2.
   *   400: OI 0, mark 600; 1000: OI 10, vol 30, mark 40; 1100: OI 100, vol 20, mark 8;
   *   1500: OI 50, no quotes.
   */
  private static final String CHAIN_C =
      """
      {"underlying": "X", "underlying_price": 1000.0, "multiplier": 2,
       "as_of": "2026-03-13T19:00:00Z",
       "contracts": [
        {"strike": 400, "type": "C", "expiration": "2026-03-20", "bid": 599, "ask": 601},
        {"strike": 1000, "type": "C", "expiration": "2026-03-20", "bid": 39.5, "ask": 40.5,
         "volume": 30, "open_interest": 10},
        {"strike": 1100, "type": "C", "expiration": "2026-03-20", "bid": 7.5, "ask": 8.5,
         "volume": 20, "open_interest": 100},
        {"strike": 1500, "type": "C", "expiration": "2026-03-20", "open_interest": 50}
       ]}
      """;

  @Test
  void chainC_atTheMoneyStrikeNoPutsAndTheLowerClamp() throws Exception {
    ExpiryResult r = only(CHAIN_C);
    // 1000 is at F: no risk. 1100: 100*8*2 = 1,600; 1500: mark 0. Rp = 0 < Rc: ratio infinite.
    assertThat(r.callRiskCents()).isEqualByComparingTo("1600.00");
    assertThat(r.putRiskCents()).isEqualByComparingTo("0.00");
    assertThat(r.ratio()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(r.verdict()).isEqualTo(Verdict.CALL_DOMINANCE);
    assertZones(
        r.zones(), zone(1100, Right.CALL, "1600", "800", 100, Urgency.DISTANT, 0.2, EXISTING));
    /*
     * Long: no strike below F within 150 points (400 is 600 away) -> none. Short: (400, 1100),
     * reward 600, risk 100 (1500 is 500 away).
     * Weights: 1000 -> 1.0; 400, 1100, 1500 (>= 10% away) -> 0.2. Short side is below F: only 400
     * (OI 0, vol 0); 1000 at F gets -0.5.
     * OI = (0 - 10*.5 - 100*.2*.5 - 50*.2*.5)/100 = -0.2 -> 0; VOL = (-30*.5 - 20*.2*.5)/30 -> 0
     * (were 1000 counted +1, VOL would be (30 - 2)/30 and p .293).
     * PCR: no put premium: x = 1, short -1 -> 0. DIST = 1 - 600/1000 = 0.4.
     * p = .15*.4 = .06 -> clamped to 0.1; EV = .1*600 - .9*100 = -30. Not a quality setup.
     */
    assertCandidates(r.candidates(), List.of(cand(SHORT, 400, 1100, 600, 100, 0.1, -30)));
    assertThat(r.candidates().get(0).volume()).isZero();
    assertThat(r.candidates().get(0).pcr()).isZero();
    assertThat(r.candidates().get(0).dist()).isCloseTo(0.4, within(EPS));
    assertThat(r.quality()).isEmpty();
  }

  @Test
  void noOpenInterestAtAll_zeroRatioAndZeroFactors() throws Exception {
    String json =
        """
        {"underlying": "NQH7", "underlying_price": 21010, "multiplier": 20,
         "as_of": "2026-03-13T19:00:00Z",
         "contracts": [
          {"strike": 21000, "type": "P", "expiration": "2026-03-20", "bid": 40, "ask": 41},
          {"strike": 21050, "type": "C", "expiration": "2026-03-20", "bid": 20, "ask": 21}
         ]}
        """;
    ExpiryResult r = only(json);
    assertThat(r.callRisk().signum()).isZero();
    assertThat(r.putRisk().signum()).isZero();
    // Both 0: ratio 0, which is below 0.5.
    assertThat(r.ratio()).isZero();
    assertThat(r.verdict()).isEqualTo(Verdict.PUT_DOMINANCE);
    assertThat(r.zones()).isEmpty();
    // (21050, 21000): reward 40, risk 10. max(OI) = max(vol) = 0 -> both factors 0; no premium ->
    // x = 0 -> PCR 0.5; p = .125 + .15*(1 - 40/21010) = .274714; EV = .274714*40 - .725286*10.
    double p = 0.125 + 0.15 * (1 - 40.0 / 21010);
    assertCandidates(
        r.candidates(), List.of(cand(LONG, 21050, 21000, 40, 10, p, p * 40 - (1 - p) * 10)));
  }

  @Test
  void estimateFallsBackToTheSmallestGapWithoutASignChange() throws Exception {
    // C - P: 21000: 30 - 10 = 20; 21025: 18 - 12 = 6; 21050 (call only) is not used. No sign
    // change: the smallest |C - P| is at 21025.
    String json =
        """
        {"underlying": "NQH7", "multiplier": 20, "as_of": "2026-03-13T19:00:00Z",
         "contracts": [
          {"strike": 21000, "type": "C", "expiration": "2026-03-20", "last": 30},
          {"strike": 21000, "type": "P", "expiration": "2026-03-20", "last": 10},
          {"strike": 21025, "type": "C", "expiration": "2026-03-20", "last": 18},
          {"strike": 21025, "type": "P", "expiration": "2026-03-20", "last": 12},
          {"strike": 21050, "type": "C", "expiration": "2026-03-20", "last": 1}
         ]}
        """;
    assertThat(only(json).underlying()).isEqualTo(21025.0);
  }

  @Test
  void twoContractsOfOneStrikeAndSideAreAnError() {
    String json =
        """
        {"underlying": "NQH7", "underlying_price": 21000, "multiplier": 20,
         "as_of": "2026-03-13T19:00:00Z",
         "contracts": [
          {"strike": 21000, "type": "C", "expiration": "2026-03-20", "last": 30},
          {"strike": 21000.0, "type": "C", "expiration": "2026-03-20", "last": 31}
         ]}
        """;
    assertThatThrownBy(() -> only(json)).hasMessageContaining("two calls at strike 21000");
  }

  // ---------------------------------------------------------------- helpers

  private static final SetupDirection LONG = SetupDirection.LONG;
  private static final SetupDirection SHORT = SetupDirection.SHORT;
  private static final Reinforcement HEAVY = Reinforcement.HEAVY;
  private static final Reinforcement MODERATE = Reinforcement.MODERATE;
  private static final Reinforcement EXISTING = Reinforcement.EXISTING_POSITIONS;

  private static ExpiryResult only(String json) throws Exception {
    List<ExpiryResult> all = ReferenceOriginalModel.analyze(ReferenceOriginalModel.parse(json));
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static Zone zone(
      double strike,
      Right side,
      String risk,
      String danger,
      double distance,
      Urgency urgency,
      double volOverOi,
      Reinforcement reinforcement) {
    return new Zone(
        strike,
        side,
        new BigDecimal(risk),
        new BigDecimal(danger),
        distance,
        urgency,
        volOverOi,
        reinforcement);
  }

  private static void assertZones(List<Zone> actual, Zone... expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      Zone a = actual.get(i);
      Zone e = expected[i];
      String at = "zone " + i + " (" + a + ")";
      assertThat(a.strike()).as(at).isEqualTo(e.strike());
      assertThat(a.side()).as(at).isEqualTo(e.side());
      assertThat(a.risk()).as(at).isEqualByComparingTo(e.risk());
      assertThat(a.danger()).as(at).isEqualByComparingTo(e.danger());
      assertThat(a.distance()).as(at).isCloseTo(e.distance(), within(1e-9));
      assertThat(a.urgency()).as(at).isEqualTo(e.urgency());
      assertThat(a.volumeOverOi()).as(at).isCloseTo(e.volumeOverOi(), within(EPS));
      assertThat(a.reinforcement()).as(at).isEqualTo(e.reinforcement());
    }
  }

  private static Candidate cand(
      SetupDirection dir, double tp, double sl, double reward, double risk, double p, double ev) {
    return new Candidate(dir, tp, sl, reward, risk, p, ev, 0, 0, 0, 0);
  }

  private static void assertCandidates(List<Candidate> actual, List<Candidate> expected) {
    assertThat(actual).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      Candidate a = actual.get(i);
      Candidate e = expected.get(i);
      String at = "setup " + i + " (" + a + ")";
      assertThat(a.direction()).as(at).isEqualTo(e.direction());
      assertThat(a.target()).as(at).isEqualTo(e.target());
      assertThat(a.stop()).as(at).isEqualTo(e.stop());
      assertThat(a.reward()).as(at).isCloseTo(e.reward(), within(1e-9));
      assertThat(a.risk()).as(at).isCloseTo(e.risk(), within(1e-9));
      assertThat(a.p()).as(at).isCloseTo(e.p(), within(EPS));
      assertThat(a.ev()).as(at).isCloseTo(e.ev(), within(1e-9));
    }
  }
}
