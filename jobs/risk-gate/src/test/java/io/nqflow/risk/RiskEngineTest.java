package io.nqflow.risk;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.SECOND;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static io.nqflow.risk.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.common.v1.TradingState;
import io.nqflow.core.ids.Ids;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.signals.v1.FlowSignal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RiskEngineTest {
  private final RiskEngine engine = new RiskEngine(Fixtures.settings());
  private final RiskBook book = new RiskBook();
  private final TestingEmitter out = new TestingEmitter();

  @Test
  void approvesAnEntryWithATickRoundedBracketAndDeterministicOrderId() {
    engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 4.02).build(), 1, out);

    assertThat(out.rejected).isEmpty();
    OrderIntent o = out.lastApproved();
    assertThat(o.getClientOrderId()).isEqualTo(Ids.clientOrderId("baseline", "s1"));
    assertThat(o.getSide()).isEqualTo(OrderSide.BUY);
    assertThat(o.getQuantity()).isEqualTo(1);
    // 4.02 floors to 4.00 on the 0.05 grid; stop 4.00 - 30% = 2.80; target 4.00 + 60% = 6.40,
    // above 5.00 so floored to the 0.25 grid: 6.25.
    assertThat(o.getLimitPrice()).isEqualTo(px(4.00));
    assertThat(o.getStopLossPrice()).isEqualTo(px(2.80));
    assertThat(o.getProfitTargetPrice()).isEqualTo(px(6.25));
    assertThat(o.getRiskUsd()).isCloseTo(1.20 * 20, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(o.getMultiplierUsd()).isEqualTo(20.0);
    assertThat(o.getReduceOnly()).isFalse();
    assertThat(o.getSignalPrice()).isEqualTo(px(4.02));
    assertThat(out.audit)
        .singleElement()
        .satisfies(a -> assertThat(a.getAction()).isEqualTo("APPROVED"));
  }

  @Test
  void pendingEntryCountsAsExposureSoASecondQuickSignalCannotPassTheOneContractLimit() {
    engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 1, out);
    engine.onSignal(
        book, Fixtures.signal("s2", 7, TUESDAY_10_CT + 3 * MINUTE, 2.00).build(), 2, out);

    assertThat(out.approved).hasSize(1);
    assertThat(out.lastRules()).containsExactly("max_position");
  }

  @Test
  void totalPositionLimitCountsPendingOrdersOnOtherInstruments() {
    for (int i = 0; i < 3; i++) {
      engine.onSignal(
          book, Fixtures.signal("s" + i, 10 + i, TUESDAY_10_CT + i * SECOND, 2.00).build(), i, out);
    }
    assertThat(out.approved).hasSize(2);
    assertThat(out.lastRules()).containsExactly("max_total_position");
  }

  @Test
  void rejectionNamesEveryFailedRule() {
    long saturday = TUESDAY_10_CT + 4 * Fixtures.DAY;
    engine.onSignal(
        book,
        Fixtures.signal("s1", 7, saturday, 0.01)
            .setConfidence(Confidence.LOW)
            .setExpiration(null)
            .setUnderlying("ESH5")
            .build(),
        1,
        out);

    assertThat(out.approved).isEmpty();
    assertThat(out.lastRules())
        .containsExactly(
            "instrument", "reference_price", "confidence", "trading_hours", "time_to_expiry");
    assertThat(out.rejected.get(0).getTradingState()).isEqualTo(TradingState.ACTIVE);
    assertThat(out.audit)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getAction()).isEqualTo("REJECTED");
              assertThat(a.getDetails().get("rules"))
                  .isEqualTo("instrument,reference_price,confidence,trading_hours,time_to_expiry");
            });
  }

  @Test
  void haltStopsEntriesButLetsExitsThrough() {
    engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 1, out);
    String cid = out.lastApproved().getClientOrderId();
    engine.onExecution(
        book,
        Fixtures.fill(
            "x1", cid, 7, OrderSide.BUY, 1, 2.00, OrderRole.ENTRY, TUESDAY_10_CT + SECOND),
        2,
        out);
    engine.onControl(
        book, Fixtures.control("c1", ControlAction.HALT, "global", TUESDAY_10_CT), 3, out);
    assertThat(book.tradingState).isEqualTo(TradingState.HALTED);

    engine.onSignal(
        book, Fixtures.signal("s2", 8, TUESDAY_10_CT + 5 * MINUTE, 2.00).build(), 4, out);
    assertThat(out.lastRules()).containsExactly("trading_state");

    engine.onSignal(
        book,
        Fixtures.signal("s3", 7, TUESDAY_10_CT + 6 * MINUTE, 2.33).setAggressor(Side.ASK).build(),
        5,
        out);
    OrderIntent exit = out.lastApproved();
    assertThat(exit.getSide()).isEqualTo(OrderSide.SELL);
    assertThat(exit.getReduceOnly()).isTrue();
    assertThat(exit.getQuantity()).isEqualTo(1);
    // A sell limit rounds up: never below the reference.
    assertThat(exit.getLimitPrice()).isEqualTo(px(2.35));
  }

  @Test
  void sellFlowWithoutAPositionIsRejectedNotSoldShort() {
    engine.onSignal(
        book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).setAggressor(Side.ASK).build(), 1, out);
    assertThat(out.lastRules()).containsExactly("side");
  }

  @Test
  void dailyLossLimitHaltsAutomaticallyAndIsAudited() {
    engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 4.00).build(), 1, out);
    String cid = out.lastApproved().getClientOrderId();
    engine.onExecution(
        book,
        Fixtures.fill(
            "x1", cid, 7, OrderSide.BUY, 1, 4.00, OrderRole.ENTRY, TUESDAY_10_CT + SECOND),
        2,
        out);
    // Gap through the stop: 4.00 -> 1.40 is -2.60 points x $20 = -$52.
    engine.onMark(book, 7, px(1.40), TUESDAY_10_CT + 2 * SECOND, 3, out);

    assertThat(book.tradingState).isEqualTo(TradingState.HALTED);
    assertThat(out.controls)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getCommand()).isEqualTo(ControlAction.HALT);
              assertThat(c.getScope()).isEqualTo("paper");
            });
    assertThat(out.audit).anySatisfy(a -> assertThat(a.getAction()).isEqualTo("HALT"));

    engine.onSignal(
        book, Fixtures.signal("s2", 8, TUESDAY_10_CT + 10 * MINUTE, 2.00).build(), 4, out);
    assertThat(out.lastRules()).containsExactly("trading_state", "daily_loss");

    // The gate's own HALT read back from ops.control changes nothing; an operator RESUME while
    // the loss stands halts again at once.
    engine.onControl(book, out.controls.get(0), 5, out);
    engine.onControl(
        book, Fixtures.control("c1", ControlAction.RESUME, "paper", TUESDAY_10_CT), 6, out);
    assertThat(out.controls).hasSize(2);
    assertThat(book.tradingState).isEqualTo(TradingState.HALTED);
  }

  @Test
  void orderStateEventsStampedByTheServiceClockDoNotMoveAReplayedTradingDay() {
    // A paper run over recorded data: fills carry market time, order-state events the time the
    // execution service handled them, a year later.
    long serviceClock = TUESDAY_10_CT + 400 * Fixtures.DAY;
    engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 4.00).build(), 1, out);
    String cid = out.lastApproved().getClientOrderId();
    engine.onExecution(book, Fixtures.accepted(cid, 7, serviceClock), 2, out);
    engine.onExecution(
        book,
        Fixtures.fill(
            "x1", cid, 7, OrderSide.BUY, 1, 4.00, OrderRole.ENTRY, TUESDAY_10_CT + SECOND),
        3,
        out);
    // Stopped out through a gap: 4.00 -> 2.00 is -2.00 points x $20 = -$40 on 2025-03-11.
    engine.onExecution(
        book,
        Fixtures.fill(
            "x2",
            cid + "/SL",
            7,
            OrderSide.SELL,
            1,
            2.00,
            OrderRole.STOP_LOSS,
            TUESDAY_10_CT + MINUTE),
        4,
        out);
    engine.onExecution(book, Fixtures.cancelled(cid + "/PT", serviceClock), 5, out);

    assertThat(book.tradingDay).isEqualTo("2025-03-11");
    assertThat(engine.dailyPnl(book)).isCloseTo(-40.0, org.assertj.core.data.Offset.offset(1e-9));
    // The loss counts against the day: another $24 to a stop would end it below -$50.
    engine.onSignal(
        book, Fixtures.signal("s2", 8, TUESDAY_10_CT + 5 * MINUTE, 4.00).build(), 6, out);
    assertThat(out.lastRules()).containsExactly("daily_loss_headroom");
  }

  @Test
  void entryWhoseStopOutWouldPassTheDailyLossIsRejected() {
    // Entry 10.00: stop 7.00 -> risk 3.00 points x $20 = $60 > $50.
    engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 10.00).build(), 1, out);
    assertThat(out.lastRules()).containsExactly("daily_loss_headroom");
  }

  @Test
  void fillsAndCancellationsReleasePendingExposure() {
    RiskEngine e = new RiskEngine(Fixtures.settings().toBuilder().cooldown(Duration.ZERO).build());
    e.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 1, out);
    e.onExecution(
        book, Fixtures.cancelled(out.lastApproved().getClientOrderId(), TUESDAY_10_CT), 2, out);
    assertThat(book.pending).isEmpty();

    e.onSignal(book, Fixtures.signal("s2", 7, TUESDAY_10_CT + SECOND, 2.00).build(), 3, out);
    assertThat(out.approved).hasSize(2);
    String cid = out.lastApproved().getClientOrderId();
    e.onExecution(
        book,
        Fixtures.fill("x1", cid, 7, OrderSide.BUY, 1, 2.00, OrderRole.ENTRY, TUESDAY_10_CT),
        4,
        out);
    // The same fill again (at-least-once feedback) is counted once.
    e.onExecution(
        book,
        Fixtures.fill("x1", cid, 7, OrderSide.BUY, 1, 2.00, OrderRole.ENTRY, TUESDAY_10_CT),
        5,
        out);
    assertThat(book.pending).isEmpty();
    assertThat(book.positions.get(7L).quantity).isEqualTo(1);
    assertThat(book.positions.get(7L).stopPrice).isEqualTo(px(1.40));

    // Exit at 2.50: +0.50 x $20 = +$10 realized.
    e.onExecution(
        book,
        Fixtures.fill(
            "x2",
            "exit",
            7,
            OrderSide.SELL,
            1,
            2.50,
            OrderRole.PROFIT_TARGET,
            TUESDAY_10_CT + MINUTE),
        6,
        out);
    assertThat(book.positions).isEmpty();
    assertThat(book.realizedTodayUsd).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void dataBudgetAndCostPerSignalStopEntriesAndDuplicateCostsCountOnce() {
    engine.onCost(book, Fixtures.cost("k1", "2025-03-11", 4.0), 1, out);
    engine.onCost(book, Fixtures.cost("k1", "2025-03-11", 4.0), 2, out);
    engine.onCost(book, Fixtures.cost("k2", "2025-03-11", 2.0), 3, out);
    // $6 over the first signal of the day is $6 per signal > $5.
    engine.onSignal(book, Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build(), 4, out);
    assertThat(out.lastRules()).containsExactly("cost_per_signal");

    engine.onCost(book, Fixtures.cost("k3", "2025-03-11", 2.0), 5, out);
    assertThat(out.audit)
        .anySatisfy(a -> assertThat(a.getAction()).isEqualTo("DATA_BUDGET_EXHAUSTED"));
    engine.onSignal(book, Fixtures.signal("s2", 8, TUESDAY_10_CT + SECOND, 2.00).build(), 6, out);
    assertThat(out.lastRules()).containsExactly("data_budget_daily");
  }

  @Test
  void orderRateLimitCountsEveryApprovalWithinAMinute() {
    RiskEngine e =
        new RiskEngine(
            Fixtures.settings().toBuilder()
                .maxOrdersPerMinute(2)
                .maxTotalContracts(10)
                .maxDailyLossUsd(1000)
                .build());
    for (int i = 0; i < 3; i++) {
      e.onSignal(
          book, Fixtures.signal("s" + i, 10 + i, TUESDAY_10_CT + i * SECOND, 2.00).build(), i, out);
    }
    assertThat(out.approved).hasSize(2);
    assertThat(out.lastRules()).containsExactly("order_rate");
    e.onSignal(book, Fixtures.signal("s9", 20, TUESDAY_10_CT + 2 * MINUTE, 2.00).build(), 9, out);
    assertThat(out.approved).hasSize(3);
  }

  @Test
  void impossibleFillIsRefusedAndLeavesTheBookUnchanged() {
    assertThatThrownBy(
            () ->
                engine.onExecution(
                    book,
                    Fixtures.fill(
                        "x1", "c", 7, OrderSide.BUY, 0, 2.00, OrderRole.ENTRY, TUESDAY_10_CT),
                    1,
                    out))
        .isInstanceOf(RiskInputException.class)
        .hasMessageContaining("x1")
        .hasMessageContaining("quantity 0");
    assertThat(book.positions).isEmpty();
    assertThat(book.seenFillIds).isEmpty();
  }

  @Test
  void pnlSnapshotWorseThanOwnReckoningCounts() {
    engine.onExecution(book, Fixtures.pnl("2025-03-11", -45, -6, TUESDAY_10_CT), 1, out);
    assertThat(book.tradingState).isEqualTo(TradingState.HALTED);
    assertThat(engine.dailyPnl(book)).isCloseTo(-51, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void settingsReportEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                Fixtures.settings().toBuilder()
                    .maxDailyLossUsd(-1)
                    .stopLossFraction(1.5)
                    .account("")
                    .build())
        .hasMessageContaining("max_daily_loss_usd")
        .hasMessageContaining("stop_loss_fraction")
        .hasMessageContaining("account");
  }

  @Test
  void aSignalWhoseOrderTheBrokerAlreadyReportedIsNotDecidedAgainAfterARestore() {
    FlowSignal s1 = Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build();
    engine.onSignal(book, s1, 1, out);
    String cid = out.lastApproved().getClientOrderId();

    // Restored from a checkpoint taken before s1: the book knows nothing of it, but the replayed
    // exec.events (the order accepted and filled, 1 contract: the position limit) come first.
    RiskBook restored = new RiskBook();
    TestingEmitter replay = new TestingEmitter();
    engine.onExecution(restored, Fixtures.accepted(cid, 7, TUESDAY_10_CT), 2, replay);
    engine.onExecution(
        restored,
        Fixtures.fill("x1", cid, 7, OrderSide.BUY, 1, 2.00, OrderRole.ENTRY, TUESDAY_10_CT),
        3,
        replay);
    engine.onSignal(restored, s1, 4, replay);

    assertThat(replay.approved).as("no second order").isEmpty();
    assertThat(replay.rejected).as("no rejection of what was traded").isEmpty();
    assertThat(replay.audit)
        .singleElement()
        .satisfies(a -> assertThat(a.getAction()).isEqualTo("DUPLICATE_DROPPED"))
        .satisfies(a -> assertThat(a.getDetails()).containsEntry("client_order_id", cid));

    // Without the broker's report the same replay would have been decided (and rejected).
    RiskBook filledOnly = new RiskBook();
    TestingEmitter other = new TestingEmitter();
    engine.onExecution(
        filledOnly,
        Fixtures.fill("x1", "elsewhere", 7, OrderSide.BUY, 1, 2.00, OrderRole.ENTRY, TUESDAY_10_CT),
        3,
        other);
    engine.onSignal(filledOnly, s1, 4, other);
    assertThat(other.rejected).hasSize(1);
  }
}
