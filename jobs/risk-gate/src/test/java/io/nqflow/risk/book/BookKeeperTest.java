package io.nqflow.risk.book;

import static io.nqflow.risk.Fixtures.DAY;
import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static io.nqflow.risk.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.risk.Fixtures;
import io.nqflow.risk.PendingOrder;
import io.nqflow.risk.Position;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskInputException;
import org.junit.jupiter.api.Test;

class BookKeeperTest {
  private final BookKeeper keeper = new BookKeeper(Fixtures.settings());
  private final RiskBook b = new RiskBook();

  private PendingOrder approveEntry(String cid, long instrument, int qty) {
    PendingOrder p = new PendingOrder();
    p.clientOrderId = cid;
    p.instrumentId = instrument;
    p.side = OrderSide.BUY;
    p.quantity = qty;
    p.limitPrice = px(2.00);
    p.stopPrice = px(1.40);
    p.multiplierUsd = 20.0;
    p.tsSignal = TUESDAY_10_CT;
    keeper.recordApproval(b, p);
    return p;
  }

  private boolean fill(String id, String cid, OrderSide side, int qty, double price, long ts) {
    return keeper.applyExecution(
        b, Fixtures.fill(id, cid, 7, side, qty, price, OrderRole.ENTRY, ts));
  }

  @Test
  void approvalCountsAsPendingExposureAndStartsTheCooldown() {
    approveEntry("c1", 7, 1);
    assertThat(b.pending).containsKey("c1");
    assertThat(b.recentOrderTimes).containsExactly(TUESDAY_10_CT);
    assertThat(b.lastEntryByInstrument).containsEntry(7L, TUESDAY_10_CT);
    assertThat(Exposure.of(b).contractsOn(7)).isEqualTo(1);
    assertThat(Exposure.of(b).riskUsd()).isCloseTo(12.0, within(1e-9));
  }

  @Test
  void fillsAverageTheEntryTakeTheStopAndRealizeAgainstTheAverage() {
    approveEntry("c1", 7, 2);
    keeper.advanceClock(b, TUESDAY_10_CT);
    fill("x1", "c1", OrderSide.BUY, 1, 2.00, TUESDAY_10_CT);
    fill("x2", "c1", OrderSide.BUY, 1, 2.10, TUESDAY_10_CT);
    Position p = b.positions.get(7L);
    assertThat(p.quantity).isEqualTo(2);
    assertThat(p.avgPrice).isEqualTo(px(2.05));
    assertThat(p.stopPrice).isEqualTo(px(1.40));
    assertThat(b.pending).isEmpty();

    // Sell one at 2.55: +0.50 x $20.
    fill("x3", "exit", OrderSide.SELL, 1, 2.55, TUESDAY_10_CT + MINUTE);
    assertThat(b.realizedTodayUsd).isCloseTo(10.0, within(1e-9));
    assertThat(p.avgPrice).isEqualTo(px(2.05));
    fill("x4", "exit", OrderSide.SELL, 1, 2.05, TUESDAY_10_CT + MINUTE);
    assertThat(b.positions).isEmpty();
  }

  @Test
  void aFillAlreadyAppliedChangesNothing() {
    approveEntry("c1", 7, 1);
    assertThat(fill("x1", "c1", OrderSide.BUY, 1, 2.00, TUESDAY_10_CT)).isTrue();
    assertThat(fill("x1", "c1", OrderSide.BUY, 1, 2.00, TUESDAY_10_CT)).isFalse();
    assertThat(b.positions.get(7L).quantity).isEqualTo(1);
  }

  @Test
  void aSellThroughFlatOpensTheRestAtTheFillPriceWithNoKnownStop() {
    approveEntry("c1", 7, 1);
    fill("x1", "c1", OrderSide.BUY, 1, 2.00, TUESDAY_10_CT);
    fill("x2", "other", OrderSide.SELL, 3, 2.50, TUESDAY_10_CT);
    Position p = b.positions.get(7L);
    assertThat(p.quantity).isEqualTo(-2);
    assertThat(p.avgPrice).isEqualTo(px(2.50));
    assertThat(p.stopPrice).isZero();
  }

  @Test
  void aNewTradingDayStartsRealizedPnlAfresh() {
    b.tradingDay = "2025-03-11";
    b.realizedTodayUsd = -30;
    keeper.advanceClock(b, TUESDAY_10_CT + DAY);
    assertThat(b.tradingDay).isEqualTo("2025-03-12");
    assertThat(b.realizedTodayUsd).isZero();
  }

  @Test
  void marksMoveOnlyHeldPositionsAndRefuseANonPositivePrice() {
    assertThat(keeper.applyMark(b, 7, px(1.00), TUESDAY_10_CT)).isFalse();
    approveEntry("c1", 7, 1);
    fill("x1", "c1", OrderSide.BUY, 1, 2.00, TUESDAY_10_CT);
    assertThat(keeper.applyMark(b, 7, px(1.50), TUESDAY_10_CT + MINUTE)).isTrue();
    assertThat(BookKeeper.dailyPnl(b)).isCloseTo(-10.0, within(1e-9));
    assertThatThrownBy(() -> keeper.applyMark(b, 7, 0, TUESDAY_10_CT + 2 * MINUTE))
        .isInstanceOf(RiskInputException.class);
    assertThat(b.positions.get(7L).markPrice).isEqualTo(px(1.50));
  }

  @Test
  void orderStateEventsReleasePendingOrdersWithoutMovingTheClock() {
    approveEntry("c1", 7, 1);
    keeper.advanceClock(b, TUESDAY_10_CT);
    keeper.applyExecution(b, Fixtures.cancelled("c1", TUESDAY_10_CT + 400 * DAY));
    assertThat(b.pending).isEmpty();
    assertThat(b.clockNs).isEqualTo(TUESDAY_10_CT);
  }
}
