package io.nqflow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.chain.model.BattleZone;
import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.ExpiryChain;
import io.nqflow.chain.model.ModelResult;
import io.nqflow.chain.model.Positioning;
import io.nqflow.chain.model.Reinforcement;
import io.nqflow.chain.model.Right;
import io.nqflow.chain.model.RiskAnalysis;
import io.nqflow.chain.model.Setup;
import io.nqflow.chain.model.SetupDirection;
import io.nqflow.chain.model.StrikeRow;
import io.nqflow.chain.model.Urgency;
import io.nqflow.chain.model.Verdict;
import io.nqflow.common.v1.Direction;
import io.nqflow.signals.v1.Opportunity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The option picked for a setup and its prices. Expected prices were computed independently (exact
 * normal distribution, implied volatility by bisection) and rounded by hand to the 0.25 grid.
 */
class OpportunityMapperTest {
  /** 2026-03-02T15:00:00Z. */
  static final long TS = 1_772_463_600_000_000_000L;

  /** 2026-03-06T21:00:00Z: 4.25 days (367,200 s) after {@link #TS}. */
  static final long EXPIRY = 1_772_830_800_000_000_000L;

  static final double F = 21_020;

  private final OpportunityMapper mapper = new OpportunityMapper("baseline", 0.20);

  @Test
  void aLongSetupTradesTheCallNearestTheUnderlyingAtItsMarkAndBlack76Levels() {
    ModelResult r = result(chain(true), F, setup(SetupDirection.LONG, 21_100, 20_950));
    Opportunity o = mapper.map(r, r.setups().get(0), 1, TS);

    assertThat(o.getInstrumentId()).isEqualTo(1_021_000L);
    assertThat(o.getRawSymbol()).isEqualTo("NQ C21000");
    assertThat(o.getDirection()).isEqualTo(Direction.BULLISH);
    // Mid of 150.00 / 151.00; its implied vol 15.51 %; the call at F = 21100 and 20950.
    assertThat(o.getEntryPrice()).isEqualTo(150_500_000_000L);
    assertThat(o.getTargetPrice()).isEqualTo(196_250_000_000L); // 196.164 -> 196.25
    assertThat(o.getStopPrice()).isEqualTo(116_500_000_000L); // 116.458 -> 116.50
    assertThat(o.getOpportunityId()).isEqualTo("opp-ab0d15a967d8983fef66cd029aa5f20a");
    assertThat(o.getTsEvent()).isEqualTo(TS);
    assertThat(o.getRank()).isEqualTo(1);
    assertThat(o.getModel()).isEqualTo("original");
    assertThat(o.getExpiration()).isEqualTo(EXPIRY);
    assertThat(o.getUnderlying()).isEqualTo("NQH6");
    assertThat(o.getUnderlyingPrice()).isEqualTo(F);
    assertThat(o.getTargetLevel()).isEqualTo(21_100.0);
    assertThat(o.getStopLevel()).isEqualTo(20_950.0);
    assertThat(o.getRewardPoints()).isEqualTo(80.0);
    assertThat(o.getMaxRiskPoints()).isEqualTo(70.0);
    assertThat(o.getRiskReward()).isEqualTo(80.0 / 70.0);
    assertThat(o.getProbability()).isEqualTo(0.64);
    assertThat(o.getExpectedValuePoints()).isEqualTo(26.0);
    assertThat(o.getScore()).isEqualTo(26.0);
    assertThat(o.getFactors()).containsEntry("oi", 0.7).containsEntry("distance", 0.3);
    assertThat(o.getVerdict()).isEqualTo("CALL_DOMINANCE");
    assertThat(o.getCallRiskUsd()).isEqualTo(240_000.0);
    assertThat(o.getPutRiskUsd()).isEqualTo(100_000.0);
    assertThat(o.getBattleZones())
        .singleElement()
        .satisfies(
            z -> {
              assertThat(z.getStrike()).isEqualTo(21_050.0);
              assertThat(z.getRight()).isEqualTo("C");
              assertThat(z.getRiskUsd()).isEqualTo(90_000.0);
              assertThat(z.getDistance()).isEqualTo(30.0);
              assertThat(z.getUrgency()).isEqualTo("IMMEDIATE");
              assertThat(z.getDanger()).isEqualTo(270_000.0);
              assertThat(z.getReinforcement()).isEqualTo("HEAVY");
            });
    assertThat(o.getZeroGamma()).isEqualTo(20_990.0);
    assertThat(o.getCallWall()).isEqualTo(21_100.0);
    assertThat(o.getPutWall()).isNull();
    assertThat(o.getMaxPain()).isEqualTo(21_000.0);
    assertThat(o.getSourceSignalIds()).isEmpty();
    assertThat(o.getRationale())
        .isEqualTo(
            "original: long 21100/20950, p 0.64, EV +26.0 pts; call dominance 2.4;"
                + " zone 21050 C IMMEDIATE");
  }

  @Test
  void aShortSetupTradesThePut() {
    ModelResult r = result(chain(true), F, setup(SetupDirection.SHORT, 20_900, 21_080));
    Opportunity o = mapper.map(r, r.setups().get(0), 2, TS);

    assertThat(o.getInstrumentId()).isEqualTo(2_021_000L);
    assertThat(o.getDirection()).isEqualTo(Direction.BEARISH);
    // Mid of 118.00 / 119.00; implied vol 14.18 %; the put at F = 20900 and 21080.
    assertThat(o.getEntryPrice()).isEqualTo(118_500_000_000L);
    assertThat(o.getTargetPrice()).isEqualTo(184_000_000_000L); // 184.058 -> 184.00
    assertThat(o.getStopPrice()).isEqualTo(92_500_000_000L); // 92.380 -> 92.50
    assertThat(o.getRank()).isEqualTo(2);
    assertThat(o.getOpportunityId())
        .isNotEqualTo(mapper.map(r, r.setups().get(0), 1, TS).getOpportunityId())
        .isEqualTo(OpportunityMapper.opportunityId("baseline", "NQH6", EXPIRY, TS, 2, "original"));
    assertThat(o.getRationale()).startsWith("original: short 20900/21080, p 0.64, EV +26.0 pts");
  }

  @Test
  void anOptionWithoutAMarkEntersAtItsValueAtTheFallbackVolatility() {
    List<StrikeRow> rows = new ArrayList<>(chain(true).strikes());
    rows.set(1, new StrikeRow(21_000, contract(21_000, Right.CALL, null, null, null), null));
    ExpiryChain chain = new ExpiryChain("NQH6", EXPIRY, 20, rows);
    ModelResult r = result(chain, F, setup(SetupDirection.LONG, 21_100, 20_950));
    Opportunity o = mapper.map(r, r.setups().get(0), 1, TS);

    // Black-76 at 20 %: 191.062 at F, 235.604 at 21100, 156.685 at 20950.
    assertThat(o.getEntryPrice()).isEqualTo(191_000_000_000L);
    assertThat(o.getTargetPrice()).isEqualTo(235_500_000_000L);
    assertThat(o.getStopPrice()).isEqualTo(156_750_000_000L);
  }

  @Test
  void onATieTheStrikeFurtherOutOfTheMoneyIsTaken() {
    ExpiryChain chain = chain(true);
    assertThat(OpportunityMapper.optionAtNearestStrike(chain, Right.CALL, 21_025).strike())
        .isEqualTo(21_050.0);
    assertThat(OpportunityMapper.optionAtNearestStrike(chain, Right.PUT, 21_025).strike())
        .isEqualTo(21_000.0);
    assertThat(OpportunityMapper.optionAtNearestStrike(chain, Right.CALL, 21_049).strike())
        .isEqualTo(21_050.0);
    assertThat(OpportunityMapper.optionAtNearestStrike(chain, Right.PUT, 20_500).strike())
        .isEqualTo(20_950.0);
  }

  @Test
  void aSetupWhoseSideIsNotListedHasNoOpportunity() {
    ModelResult r = result(chain(false), F, setup(SetupDirection.SHORT, 20_900, 21_080));
    assertThat(mapper.map(r, r.setups().get(0), 1, TS)).isNull();
  }

  @Test
  void aFarStopStaysOnTheGrid() {
    // A tiny premium (0.0003 at 19500): the stop rounds to one fine tick, never to 0.
    ModelResult r = result(chain(true), F, setup(SetupDirection.LONG, 21_100, 19_500));
    Opportunity o = mapper.map(r, r.setups().get(0), 1, TS);
    assertThat(o.getStopPrice()).isEqualTo(50_000_000L);
  }

  /** Strikes 20950..21100; calls and (when {@code puts}) puts quoted 1 point wide. */
  static ExpiryChain chain(boolean puts) {
    double[][] quotes = {
      // strike, call bid, put bid
      {20_950, 185, 93}, {21_000, 150, 118}, {21_050, 119, 147}, {21_100, 92, 180}
    };
    List<StrikeRow> rows = new ArrayList<>();
    for (double[] q : quotes) {
      double k = q[0];
      rows.add(
          new StrikeRow(
              k,
              contract(k, Right.CALL, q[1], q[1] + 1, null),
              puts ? contract(k, Right.PUT, q[2], q[2] + 1, null) : null));
    }
    return new ExpiryChain("NQH6", EXPIRY, 20, rows);
  }

  static ChainContract contract(double strike, Right right, Double bid, Double ask, Double last) {
    long id = (right == Right.CALL ? 1_000_000L : 2_000_000L) + (long) strike;
    return new ChainContract(
        id,
        "NQ " + right.code() + (long) strike,
        strike,
        right,
        EXPIRY,
        bid,
        ask,
        last,
        100,
        1_000,
        60,
        40,
        0,
        0);
  }

  static Setup setup(SetupDirection d, double target, double stop) {
    Map<String, Double> factors = new LinkedHashMap<>();
    factors.put("oi", 0.7);
    factors.put("distance", 0.3);
    return new Setup(
        d, target, stop, Math.abs(target - F), Math.abs(F - stop), 0.64, 26.0, factors);
  }

  static ModelResult result(ExpiryChain chain, double f, Setup setup) {
    RiskAnalysis risk =
        new RiskAnalysis(
            240_000,
            100_000,
            2.4,
            Verdict.CALL_DOMINANCE,
            List.of(
                new BattleZone(
                    21_050,
                    Right.CALL,
                    90_000,
                    30,
                    Urgency.IMMEDIATE,
                    270_000,
                    1.2,
                    Reinforcement.HEAVY)));
    Positioning pos =
        new Positioning(0.16, List.of(), 1e6, 2e6, 20_990.0, 21_100.0, null, 21_000.0);
    return new ModelResult("original", chain, f, false, risk, pos, 1, List.of(setup));
  }
}
