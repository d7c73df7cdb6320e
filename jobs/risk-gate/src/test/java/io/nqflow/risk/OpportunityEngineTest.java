package io.nqflow.risk;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.SECOND;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static io.nqflow.risk.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.DecisionSource;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.core.ids.Ids;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.schemas.AuditDetails;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The engine with {@code risk.opportunities.mode} trade, confirm and ignore. */
class OpportunityEngineTest {
  private final RiskBook book = new RiskBook();
  private final TestingEmitter out = new TestingEmitter();

  private AuditEvent lastAudit() {
    return out.audit.get(out.audit.size() - 1);
  }

  @Nested
  class Trade {
    private final RiskEngine engine = new RiskEngine(Fixtures.settings(OpportunityMode.TRADE));

    @Test
    void anApprovedOpportunityBuysItsOptionAtItsEntryWithItsStopAndTarget() {
      engine.onOpportunity(
          book, Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 2.00).build(), 1, out);

      assertThat(out.rejected).isEmpty();
      OrderIntent o = out.lastApproved();
      assertThat(o.getSource()).isEqualTo(DecisionSource.OPPORTUNITY);
      assertThat(o.getSignalId()).isEqualTo("o1");
      assertThat(o.getClientOrderId()).isEqualTo(Ids.clientOrderId("baseline", "o1"));
      assertThat(o.getConfirmingOpportunityId()).isNull();
      assertThat(o.getInstrumentId()).isEqualTo(9);
      assertThat(o.getRawSymbol()).isEqualTo("NQH5 C21000-9");
      assertThat(o.getUnderlying()).isEqualTo("NQH5");
      assertThat(o.getSide()).isEqualTo(OrderSide.BUY);
      assertThat(o.getQuantity()).isEqualTo(1);
      assertThat(o.getLimitPrice()).isEqualTo(px(2.00));
      assertThat(o.getStopLossPrice()).isEqualTo(px(1.00));
      assertThat(o.getProfitTargetPrice()).isEqualTo(px(4.00));
      assertThat(o.getSignalPrice()).isEqualTo(px(2.00));
      assertThat(o.getTsSignal()).isEqualTo(TUESDAY_10_CT);
      // (2.00 - 1.00) points x $20 x 1 contract
      assertThat(o.getRiskUsd()).isCloseTo(20.0, Offset.offset(1e-9));
      assertThat(o.getReduceOnly()).isFalse();
      assertThat(o.getRationale()).contains("BULLISH opportunity o1").contains("probability 0.750");

      AuditEvent a = lastAudit();
      assertThat(a.getAction()).isEqualTo("APPROVED");
      assertThat(a.getEntityType()).isEqualTo("opportunity");
      assertThat(a.getEntityId()).isEqualTo("o1");
      assertThat(a.getDetails())
          .containsEntry(AuditDetails.DECISION_SOURCE, "OPPORTUNITY")
          .containsEntry(AuditDetails.PROBABILITY, "0.75")
          .containsEntry(AuditDetails.EXPECTED_VALUE_POINTS, "20.0");
      assertThat(book.pending).containsKey(o.getClientOrderId());
    }

    @Test
    void anOpportunityCountsAgainstTheSameExposureAsASignal() {
      engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 1, out);
      engine.onOpportunity(
          book, Fixtures.opportunity("o1", 7, TUESDAY_10_CT + 3 * MINUTE, 2.00).build(), 2, out);
      engine.onOpportunity(
          book, Fixtures.opportunity("o2", 8, TUESDAY_10_CT + 3 * MINUTE, 2.00).build(), 3, out);
      // Two contracts pending (s1 and o2) fill max_total_position 2.
      engine.onSignal(
          book, Fixtures.signal("s3", 10, TUESDAY_10_CT + 4 * MINUTE, 2.00).build(), 4, out);

      assertThat(out.approved).extracting(OrderIntent::getSignalId).containsExactly("s1", "o2");
      assertThat(out.rejected).hasSize(2);
      RiskDecision first = out.rejected.get(0);
      assertThat(first.getSignalId()).isEqualTo("o1");
      assertThat(first.getSource()).isEqualTo(DecisionSource.OPPORTUNITY);
      assertThat(first.getViolations())
          .extracting(v -> v.getRule())
          .containsExactly("max_position");
      assertThat(out.lastRules()).containsExactly("max_total_position");
      assertThat(out.rejected.get(1).getSource()).isEqualTo(DecisionSource.FLOW_SIGNAL);
    }

    @Test
    void aHaltStopsOpportunitiesLikeSignals() {
      engine.onControl(
          book, Fixtures.control("c1", ControlAction.HALT, "global", TUESDAY_10_CT), 1, out);
      engine.onOpportunity(
          book, Fixtures.opportunity("o1", 9, TUESDAY_10_CT + SECOND, 2.00).build(), 2, out);

      assertThat(out.approved).isEmpty();
      assertThat(out.lastRules()).containsExactly("trading_state");
      AuditEvent a = lastAudit();
      assertThat(a.getAction()).isEqualTo("REJECTED");
      assertThat(a.getEntityType()).isEqualTo("opportunity");
      assertThat(a.getDetails()).containsEntry(AuditDetails.RULES, "trading_state");
    }

    @Test
    void anExhaustedDataBudgetStopsOpportunitiesAndTheyCountAsDecisions() {
      // $10 spent on 2025-03-11: over the $8 daily budget, and $10 per decided item > $5.
      engine.onCost(book, Fixtures.cost("k1", "2025-03-11", 10.0), 1, out);
      engine.onOpportunity(
          book, Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 2.00).build(), 2, out);

      assertThat(out.lastRules()).containsExactly("data_budget_daily", "cost_per_signal");
      assertThat(book.signalsByBudgetDay).containsEntry("2025-03-11", 1);
    }

    @Test
    void weakOpportunitiesAreRejectedNamingTheMinimumsTheyMiss() {
      engine.onOpportunity(
          book,
          Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 2.00)
              .setProbability(0.65)
              .setExpectedValuePoints(14.0)
              .build(),
          1,
          out);

      // 0.65 is MODERATE, enough for the tests' minimum confidence; EV 14 < 15.
      assertThat(out.lastRules()).containsExactly("opportunity_ev");
    }

    @Test
    void signalsTradeAsBeforeWithoutAConfirmation() {
      engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 1, out);

      assertThat(out.lastApproved().getSource()).isEqualTo(DecisionSource.FLOW_SIGNAL);
      assertThat(out.lastApproved().getConfirmingOpportunityId()).isNull();
    }
  }

  @Nested
  class Confirm {
    private final RiskEngine engine = new RiskEngine(Fixtures.settings(OpportunityMode.CONFIRM));

    @Test
    void anUnconfirmedSignalIsRejectedWithTheNamedReason() {
      engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 1, out);

      assertThat(out.approved).isEmpty();
      RiskDecision d = out.rejected.get(0);
      assertThat(d.getSource()).isEqualTo(DecisionSource.FLOW_SIGNAL);
      assertThat(d.getConfirmingOpportunityId()).isNull();
      assertThat(out.lastRules()).containsExactly("opportunity_confirmation");
      assertThat(lastAudit().getDetails())
          .containsEntry(AuditDetails.RULES, "opportunity_confirmation")
          .doesNotContainKey(AuditDetails.CONFIRMING_OPPORTUNITY_ID);
    }

    @Test
    void aSignalConfirmedByARecentOpportunityIsApprovedAndSaysWhichConfirmedIt() {
      engine.onOpportunity(
          book, Fixtures.opportunity("o1", 9, TUESDAY_10_CT - 2 * MINUTE, 3.00).build(), 1, out);
      assertThat(out.approved).isEmpty();
      assertThat(out.rejected).isEmpty();
      assertThat(lastAudit().getAction()).isEqualTo("CONFIRMATION_RECORDED");
      assertThat(lastAudit().getEntityId()).isEqualTo("o1");

      engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 2, out);

      OrderIntent o = out.lastApproved();
      // The signal's own order: its instrument and bracket, not the opportunity's.
      assertThat(o.getSignalId()).isEqualTo("s1");
      assertThat(o.getInstrumentId()).isEqualTo(7);
      assertThat(o.getStopLossPrice()).isEqualTo(px(1.40));
      assertThat(o.getSource()).isEqualTo(DecisionSource.FLOW_SIGNAL);
      assertThat(o.getConfirmingOpportunityId()).isEqualTo("o1");
      assertThat(o.getRationale()).contains("confirmed by opportunity o1");
      assertThat(lastAudit().getDetails())
          .containsEntry(AuditDetails.CONFIRMING_OPPORTUNITY_ID, "o1")
          .containsEntry(AuditDetails.DECISION_SOURCE, "FLOW_SIGNAL");
    }

    @Test
    void aConfirmedSignalStillMeetsEveryOtherLimitAndTheDecisionNamesItsConfirmation() {
      engine.onOpportunity(
          book, Fixtures.opportunity("o1", 9, TUESDAY_10_CT - MINUTE, 3.00).build(), 1, out);
      engine.onControl(
          book, Fixtures.control("c1", ControlAction.HALT, "global", TUESDAY_10_CT), 2, out);
      engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 3, out);

      assertThat(out.lastRules()).containsExactly("trading_state");
      assertThat(out.rejected.get(0).getConfirmingOpportunityId()).isEqualTo("o1");
    }

    @Test
    void theWindowIsEventTimeAndEndsConfirmWithinAfterTheOpportunity() {
      engine.onOpportunity(
          book, Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 3.00).build(), 1, out);
      // 5 min 1 s later: out of the 5 min window.
      engine.onSignal(
          book,
          Fixtures.signal("s1", 7, TUESDAY_10_CT + 5 * MINUTE + SECOND, 2.00).build(),
          2,
          out);

      assertThat(out.lastRules()).containsExactly("opportunity_confirmation");
      assertThat(book.confirmations).isEmpty(); // forgotten once the clock passed the window
    }

    @Test
    void anOpportunityOfTheOtherDirectionConfirmsNothing() {
      engine.onOpportunity(
          book,
          Fixtures.opportunity("o1", 9, TUESDAY_10_CT - MINUTE, 3.00)
              .setDirection(Direction.BEARISH)
              .build(),
          1,
          out);
      engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 2, out);

      assertThat(out.lastRules()).containsExactly("opportunity_confirmation");
    }

    @Test
    void aWeakOpportunityIsRefusedAsAConfirmationWithItsReasons() {
      engine.onOpportunity(
          book,
          Fixtures.opportunity("o1", 9, TUESDAY_10_CT - MINUTE, 3.00)
              .setProbability(0.59)
              .setExpectedValuePoints(5.0)
              .build(),
          1,
          out);

      AuditEvent a = lastAudit();
      assertThat(a.getAction()).isEqualTo("CONFIRMATION_REFUSED");
      assertThat(a.getDetails())
          .containsEntry(AuditDetails.RULES, "opportunity_probability,opportunity_ev");
      assertThat(book.confirmations).isEmpty();

      engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 2, out);
      assertThat(out.lastRules()).containsExactly("opportunity_confirmation");
    }

    @Test
    void anOlderOrNeutralOpportunityIsNotKept() {
      engine.onOpportunity(
          book, Fixtures.opportunity("o2", 9, TUESDAY_10_CT - MINUTE, 3.00).build(), 1, out);
      engine.onOpportunity(
          book, Fixtures.opportunity("o1", 9, TUESDAY_10_CT - 2 * MINUTE, 3.00).build(), 2, out);
      assertThat(lastAudit().getAction()).isEqualTo("CONFIRMATION_SUPERSEDED");
      engine.onOpportunity(
          book,
          Fixtures.opportunity("n1", 9, TUESDAY_10_CT - MINUTE, 3.00)
              .setDirection(Direction.NEUTRAL)
              .build(),
          3,
          out);
      assertThat(lastAudit().getAction()).isEqualTo("CONFIRMATION_REFUSED");

      engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 4, out);
      assertThat(out.lastApproved().getConfirmingOpportunityId()).isEqualTo("o2");
    }

    @Test
    void opportunitiesAreNotTradedAndExitsNeedNoConfirmation() {
      Position p = new Position(7, 20.0);
      p.quantity = 1;
      p.avgPrice = px(2.00);
      p.stopPrice = px(1.40);
      book.positions.put(7L, p);
      engine.onOpportunity(
          book, Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 3.00).build(), 1, out);
      engine.onSignal(
          book,
          Fixtures.signal("s1", 7, TUESDAY_10_CT + SECOND, 2.33)
              .setAggressor(Side.ASK)
              .setDirection(Direction.BEARISH)
              .build(),
          2,
          out);

      assertThat(out.approved)
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getSignalId()).isEqualTo("s1");
                assertThat(o.getSide()).isEqualTo(OrderSide.SELL);
                assertThat(o.getConfirmingOpportunityId()).isNull();
              });
    }
  }

  @Nested
  class Ignore {
    private final RiskEngine engine = new RiskEngine(Fixtures.settings());

    @Test
    void isTheDefaultAndAnOpportunityChangesNothing() {
      assertThat(RiskSettings.defaults().opportunities().mode()).isEqualTo(OpportunityMode.IGNORE);
      engine.onOpportunity(
          book, Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 2.00).build(), 1, out);

      assertThat(out.approved).isEmpty();
      assertThat(out.rejected).isEmpty();
      assertThat(out.audit).isEmpty();
      assertThat(book.confirmations).isEmpty();
      assertThat(book.signalsByBudgetDay).isEmpty();
    }

    @Test
    void signalsAreDecidedWithoutAConfirmation() {
      engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 1, out);

      OrderIntent o = out.lastApproved();
      assertThat(o.getSource()).isEqualTo(DecisionSource.FLOW_SIGNAL);
      assertThat(o.getConfirmingOpportunityId()).isNull();
      assertThat(lastAudit().getDetails())
          .containsEntry(AuditDetails.DECISION_SOURCE, "FLOW_SIGNAL");
    }
  }
}
