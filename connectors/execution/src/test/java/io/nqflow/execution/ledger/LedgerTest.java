package io.nqflow.execution.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.exec.v1.OrderRole;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  @TempDir Path dir;

  private Ledger open() {
    return Ledger.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "");
  }

  private static LedgerOrder order(String coid) {
    return new LedgerOrder(
        coid,
        null,
        OrderRole.ENTRY,
        "sig",
        "v1",
        "acct",
        1,
        "NQ",
        OrderSide.BUY,
        2,
        100,
        90L,
        110L,
        20.0,
        false,
        100L,
        5,
        OrderState.PENDING_NEW,
        null,
        0,
        null,
        1,
        1);
  }

  private static OutboxRecord msg(String v) {
    return new OutboxRecord(0, "exec.events", new byte[] {1}, v.getBytes());
  }

  @Test
  void aClientOrderIdIsWrittenOnce() {
    try (Ledger l = open()) {
      assertThat(l.insertOrder(order("o1"), List.of(msg("a")))).isTrue();
      assertThat(l.insertOrder(order("o1"), List.of(msg("b")))).isFalse();
      assertThat(l.orders()).hasSize(1);
      // The refused insert wrote nothing, not even its message.
      assertThat(l.outbox(10)).extracting(r -> new String(r.value())).containsExactly("a");
    }
  }

  @Test
  void stateMachineAllowsOnlyForwardMoves() {
    try (Ledger l = open()) {
      l.insertOrder(order("o1"), List.of());
      l.transition("o1", OrderState.SENT, null, null, 2, List.of(), List.of());
      LedgerOrder a = l.transition("o1", OrderState.ACCEPTED, "B1", null, 3, List.of(), List.of());
      assertThat(a.brokerOrderId()).isEqualTo("B1");
      assertThatThrownBy(
              () -> l.transition("o1", OrderState.SENT, null, null, 4, List.of(), List.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("ACCEPTED -> SENT");
      l.transition("o1", OrderState.CANCELLED, null, "HALT", 5, List.of(), List.of());
      assertThatThrownBy(
              () -> l.transition("o1", OrderState.FILLED, null, null, 6, List.of(), List.of()))
          .isInstanceOf(IllegalStateException.class);
      assertThat(l.order("o1").orElseThrow().reason()).isEqualTo("HALT");
    }
  }

  @Test
  void fillsAreCountedOncePerExecutionIdAndSurviveReopening() {
    try (Ledger l = open()) {
      l.insertOrder(order("o1"), List.of());
      l.transition("o1", OrderState.ACCEPTED, "B1", null, 2, List.of(), List.of());
      LedgerFill f = new LedgerFill("x1", "o1", "B1", 1, "NQ", OrderSide.BUY, 1, 100, 20, 0, 7);
      assertThat(l.recordFill(f, OrderState.PARTIALLY_FILLED, 3, List.of(msg("f")))).isTrue();
      assertThat(l.recordFill(f, OrderState.PARTIALLY_FILLED, 4, List.of(msg("g")))).isFalse();
    }
    try (Ledger l = open()) {
      assertThat(l.fills()).hasSize(1);
      LedgerOrder o = l.order("o1").orElseThrow();
      assertThat(o.filledQuantity()).isEqualTo(1);
      assertThat(o.state()).isEqualTo(OrderState.PARTIALLY_FILLED);
      List<OutboxRecord> out = l.outbox(10);
      assertThat(out).extracting(r -> new String(r.value())).containsExactly("f");
      l.deleteOutbox(out.get(0).seq());
      assertThat(l.outbox(10)).isEmpty();
    }
  }

  @Test
  void bracketLegsAreWrittenWithTheEntrysAcceptance() {
    try (Ledger l = open()) {
      l.insertOrder(order("o1"), List.of());
      LedgerOrder leg =
          new LedgerOrder(
              "o1/SL",
              "o1",
              OrderRole.STOP_LOSS,
              "sig",
              "v1",
              "acct",
              1,
              "NQ",
              OrderSide.SELL,
              2,
              90,
              null,
              null,
              20.0,
              true,
              null,
              5,
              OrderState.ACCEPTED,
              "B2",
              0,
              null,
              2,
              2);
      l.transition("o1", OrderState.ACCEPTED, "B1", null, 2, List.of(leg), List.of());
      assertThat(l.orders(OrderState.OPEN))
          .extracting(LedgerOrder::clientOrderId)
          .containsExactly("o1", "o1/SL");
    }
  }

  @Test
  void aBrokenUrlIsReportedWithTheUrl() {
    assertThatThrownBy(() -> Ledger.open("jdbc:nosuchdb:x", "u", "p"))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("jdbc:nosuchdb:x");
  }
}
