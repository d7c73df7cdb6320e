package io.nqflow.execution.engine;

import static io.nqflow.execution.TestData.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.execution.ledger.LedgerFill;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PortfolioTest {
  private static long ns(String iso) {
    Instant t = Instant.parse(iso);
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static LedgerFill fill(String id, OrderSide side, int qty, double price, long ts) {
    return new LedgerFill(id, "o", "b", 7, "NQ", side, qty, px(price), 20.0, 1.0 * qty, ts);
  }

  @Test
  void realizedPnlIsNetOfFeesAndAveragesEntries() {
    Portfolio p = new Portfolio();
    long ts = ns("2025-06-02T15:00:00Z");
    p.apply(fill("1", OrderSide.BUY, 1, 10.0, ts));
    p.apply(fill("2", OrderSide.BUY, 1, 11.0, ts));
    p.apply(fill("3", OrderSide.SELL, 2, 12.0, ts));
    // (12 - 10.5) * 2 * $20 = $60, less $4 of fees.
    assertThat(p.realizedTotalUsd()).isCloseTo(56.0, within(1e-9));
    assertThat(p.quantity(7)).isZero();
    assertThat(p.maxAbsPosition()).isEqualTo(2);
  }

  @Test
  void theAveragePriceIsRoundedToTheNearestUnitByTheMarketLibrarysRule() {
    Portfolio p = new Portfolio();
    p.apply(fill("1", OrderSide.BUY, 1, 10.0, 0));
    Portfolio.Position pos = p.apply(fill("2", OrderSide.BUY, 2, 10.05, 0));
    // (10.00 + 2 * 10.05) / 3 = 10.0333...: exact integer division, rounded to 1e-9.
    assertThat(pos.avgPrice()).isEqualTo(10_033_333_333L);
    p.apply(fill("3", OrderSide.SELL, 3, 10.10, 0));
    // (10.10 - 10.033333333) * 3 * $20 = $4.00000002, less $6 of fees.
    assertThat(p.realizedTotalUsd()).isCloseTo(4.00000002 - 6.0, within(1e-9));
  }

  @Test
  void unrealizedPnlUsesTheMark() {
    Portfolio p = new Portfolio();
    p.apply(fill("1", OrderSide.SELL, 2, 10.0, 0));
    p.mark(7, px(9.5));
    assertThat(p.unrealizedUsd()).isCloseTo(20.0, within(1e-9));
  }

  @Test
  void tradingDayRollsAtFivePmChicago() {
    assertThat(Portfolio.tradingDay(ns("2025-06-02T21:59:00Z"))).isEqualTo("2025-06-02");
    assertThat(Portfolio.tradingDay(ns("2025-06-02T22:00:00Z"))).isEqualTo("2025-06-03");
  }
}
