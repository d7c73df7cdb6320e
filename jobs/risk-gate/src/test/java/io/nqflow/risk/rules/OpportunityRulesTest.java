package io.nqflow.risk.rules;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.SECOND;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static io.nqflow.risk.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.DecisionSource;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.Side;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.risk.Fixtures;
import io.nqflow.risk.OpportunityMode;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.book.Confirmations;
import io.nqflow.signals.v1.Opportunity;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The rules as they apply to opportunities (trade mode) and to flow signals in confirm mode: the
 * confidence buckets of a probability, the probability and expected-value minimums, the
 * confirmation window, and an opportunity's own bracket on the tick grid.
 */
class OpportunityRulesTest {
  private static final RiskSettings TRADE = Fixtures.settings(OpportunityMode.TRADE);
  private static final RiskSettings CONFIRM = Fixtures.settings(OpportunityMode.CONFIRM);
  private final RuleChain chain = RuleChain.standard();

  private static SignalContext opp(RiskBook b, Opportunity.Builder o) {
    return SignalContext.ofOpportunity(TRADE, b, o.build(), Contexts.NO_SPEND);
  }

  private static java.util.List<String> rules(java.util.List<RuleViolation> v) {
    return v.stream().map(RuleViolation::getRule).toList();
  }

  @Test
  void probabilityBucketsAreTheDocumentedConfidences() {
    assertThat(OpportunityConfidence.of(0.95)).isEqualTo(Confidence.VERY_HIGH);
    assertThat(OpportunityConfidence.of(0.80)).isEqualTo(Confidence.VERY_HIGH);
    assertThat(OpportunityConfidence.of(0.7999)).isEqualTo(Confidence.HIGH);
    assertThat(OpportunityConfidence.of(0.70)).isEqualTo(Confidence.HIGH);
    assertThat(OpportunityConfidence.of(0.6999)).isEqualTo(Confidence.MODERATE);
    assertThat(OpportunityConfidence.of(0.60)).isEqualTo(Confidence.MODERATE);
    assertThat(OpportunityConfidence.of(0.5999)).isEqualTo(Confidence.LOW);
    assertThat(OpportunityConfidence.of(Double.NaN)).isEqualTo(Confidence.LOW);
  }

  @Test
  void aPlainOpportunityPassesEveryRuleAsAnEntry() {
    SignalContext c = opp(new RiskBook(), Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 2.00));

    assertThat(chain.violations(c)).isEmpty();
    assertThat(c.source()).isEqualTo(DecisionSource.OPPORTUNITY);
    assertThat(c.exit()).isFalse();
    assertThat(c.id()).isEqualTo("o1");
    assertThat(c.confidence()).isEqualTo(Confidence.HIGH); // probability 0.75
  }

  @Test
  void anOpportunityWhoseChainExpiresTooSoonOrUnknownIsRejectedByTimeToExpiry() {
    long minutes = 60_000_000_000L;
    SignalContext soon =
        opp(
            new RiskBook(),
            Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 2.00)
                .setExpiration(TUESDAY_10_CT + 10 * minutes)); // 10 min < the 30 min minimum
    assertThat(rules(chain.violations(soon))).containsExactly("time_to_expiry");

    SignalContext unknown =
        opp(new RiskBook(), Fixtures.opportunity("o2", 9, TUESDAY_10_CT, 2.00).setExpiration(0L));
    assertThat(rules(chain.violations(unknown))).containsExactly("time_to_expiry");
  }

  @Test
  void theBracketIsTheOpportunitysOwnRoundedTowardLessRiskAndReward() {
    // entry 4.02 floors to 4.00 (0.05 grid); stop 2.01 ceils to 2.05; target 7.30 floors to 7.25
    // on the 0.25 grid above 5.00. Risk per contract (4.00 - 2.05) x $20 = $39.
    SignalContext c =
        opp(
            new RiskBook(),
            Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 4.02)
                .setStopPrice(px(2.01))
                .setTargetPrice(px(7.30)));
    Bracket b = c.bracket();
    assertThat(b.limit()).isEqualTo(px(4.00));
    assertThat(b.stop()).isEqualTo(px(2.05));
    assertThat(b.target()).isEqualTo(px(7.25));
    assertThat(b.reference()).isEqualTo(px(4.02));
    assertThat(b.riskPerContractUsd()).isCloseTo(39.0, Offset.offset(1e-9));
  }

  @Test
  void lowProbabilityAndLowExpectedValueAreRejectedWithTheirReasons() {
    var weak =
        Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 2.00)
            .setProbability(0.55)
            .setExpectedValuePoints(10.0);
    var v = chain.violations(opp(new RiskBook(), weak));

    // 0.55 is LOW (< MODERATE, the tests' minimum) and below min_probability 0.6; 10 < 15 points.
    assertThat(rules(v)).containsExactly("confidence", "opportunity_probability", "opportunity_ev");
    assertThat(v.get(0).getDetail()).isEqualTo("confidence LOW (probability 0.550) < MODERATE");
    assertThat(v.get(1).getDetail()).isEqualTo("probability 0.550 < min_probability 0.600");
    assertThat(v.get(2).getDetail()).isEqualTo("expected value 10.00 points < min_ev_points 15.00");
  }

  @Test
  void theMinimumsThemselvesPass() {
    var edge =
        Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 2.00)
            .setProbability(0.6)
            .setExpectedValuePoints(15.0);
    assertThat(chain.violations(opp(new RiskBook(), edge))).isEmpty();
  }

  @Test
  void anOpportunitysOwnStopAndRewardToRiskAreChecked() {
    var stopAbove = Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 2.00).setStopPrice(px(2.50));
    assertThat(rules(chain.violations(opp(new RiskBook(), stopAbove))))
        .containsExactly("stop_loss");

    // (2.50 - 2.00) / (2.00 - 1.00) = 0.5 < 1.5
    var poorReward = Fixtures.opportunity("o2", 9, TUESDAY_10_CT, 2.00).setTargetPrice(px(2.50));
    assertThat(rules(chain.violations(opp(new RiskBook(), poorReward))))
        .containsExactly("risk_reward");
  }

  @Test
  void signalsAreNotHeldToTheOpportunityMinimumsOrToAConfirmationOutsideConfirmMode() {
    assertThat(chain.violations(Contexts.of(TRADE, new RiskBook(), Contexts.entry(2.00))))
        .isEmpty();
    assertThat(chain.violations(Contexts.of(Contexts.entry(2.00)))).isEmpty();
  }

  @Test
  void confirmModeRejectsAnEntryWithoutARecentOpportunityOfItsUnderlyingAndDirection() {
    var v = chain.violations(Contexts.of(CONFIRM, new RiskBook(), Contexts.entry(2.00)));

    assertThat(rules(v)).containsExactly("opportunity_confirmation");
    assertThat(v.get(0).getDetail())
        .isEqualTo("no BULLISH opportunity on NQH5 within 300 s before the signal");
  }

  @Test
  void confirmModeAcceptsAnOpportunityUpToTheWindowBeforeTheSignal() {
    RiskBook b = new RiskBook();
    Confirmations.record(b, Fixtures.opportunity("o1", 9, TUESDAY_10_CT - 5 * MINUTE, 2.0).build());

    SignalContext c = Contexts.of(CONFIRM, b, Contexts.entry(2.00));
    assertThat(chain.violations(c)).isEmpty();
    assertThat(c.confirmation().opportunityId).isEqualTo("o1");
  }

  @Test
  void confirmModeRefusesAnOpportunityTooOldAfterTheSignalOrOfAnotherDirectionOrUnderlying() {
    long t = TUESDAY_10_CT;
    RiskBook old = new RiskBook();
    Confirmations.record(old, Fixtures.opportunity("o1", 9, t - 5 * MINUTE - SECOND, 2.0).build());
    RiskBook later = new RiskBook();
    Confirmations.record(later, Fixtures.opportunity("o2", 9, t + SECOND, 2.0).build());
    RiskBook bearish = new RiskBook();
    Confirmations.record(
        bearish,
        Fixtures.opportunity("o3", 9, t - MINUTE, 2.0).setDirection(Direction.BEARISH).build());
    RiskBook otherUnderlying = new RiskBook();
    Confirmations.record(
        otherUnderlying,
        Fixtures.opportunity("o4", 9, t - MINUTE, 2.0).setUnderlying("NQM5").build());

    for (RiskBook b : java.util.List.of(old, later, bearish, otherUnderlying)) {
      assertThat(rules(chain.violations(Contexts.of(CONFIRM, b, Contexts.entry(2.00)))))
          .containsExactly("opportunity_confirmation");
    }
  }

  @Test
  void confirmModeDoesNotHoldBackExits() {
    RiskBook b = new RiskBook();
    Contexts.held(b, 7, 1, 2.00, 1.40);
    var exit = Contexts.entry(2.00).setAggressor(Side.ASK);

    assertThat(chain.violations(Contexts.of(CONFIRM, b, exit))).isEmpty();
  }

  @Test
  void theLatestOpportunityOfAnUnderlyingAndDirectionIsKept() {
    RiskBook b = new RiskBook();
    long t = TUESDAY_10_CT;
    assertThat(Confirmations.record(b, Fixtures.opportunity("o1", 9, t, 2.0).build())).isTrue();
    assertThat(Confirmations.record(b, Fixtures.opportunity("o2", 9, t + MINUTE, 2.0).build()))
        .isTrue();
    assertThat(Confirmations.record(b, Fixtures.opportunity("o0", 9, t - MINUTE, 2.0).build()))
        .isFalse();
    assertThat(
            Confirmations.record(
                b, Fixtures.opportunity("n", 9, t, 2.0).setDirection(Direction.NEUTRAL).build()))
        .isFalse();

    assertThat(b.confirmations).containsOnlyKeys("NQH5|BULLISH");
    assertThat(b.confirmations.get("NQH5|BULLISH").opportunityId).isEqualTo("o2");
  }
}
