package io.nqflow.runner.ops;

import static io.nqflow.runner.ops.AuditEvents.fill;
import static io.nqflow.runner.ops.AuditEvents.order;
import static io.nqflow.runner.ops.AuditEvents.position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.ops.v1.AuditEvent;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeReportTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-20");

  @Test
  void aShortThatIsBoughtBackLowerRealizesTheDifferenceLessFees() {
    List<AuditEvent> audit =
        List.of(
            order(
                "s1",
                null,
                "ENTRY",
                "SELL",
                2,
                "100.00",
                "PENDING_NEW",
                "2026-11-20T15:00:00Z",
                "r"),
            fill("e1", "s1", "ENTRY", "SELL", 2, "100.00", "2026-11-20T15:00:01Z"),
            order(
                "s1/EX",
                null,
                "EXIT",
                "BUY",
                2,
                "90.00",
                "PENDING_NEW",
                "2026-11-20T15:10:00Z",
                "x"),
            fill("e2", "s1/EX", "EXIT", "BUY", 1, "90.00", "2026-11-20T15:10:01Z"));

    TradeReport.Trade t = TradeReport.build(DAY, audit, List.of(position(20.0))).trades().get(0);

    assertThat(t.legs()).extracting(TradeReport.TradeOrder::clientOrderId).containsExactly("s1/EX");
    assertThat(t.openQuantity()).isEqualTo(-1);
    // One of two contracts closed 10 points better, times 20 USD, less two fees of 1.25.
    assertThat(t.realizedUsd()).isCloseTo(197.5, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void pnlIsUnknownWithoutAMultiplier() {
    List<AuditEvent> audit =
        List.of(
            order(
                "b1", null, "ENTRY", "BUY", 1, "10.00", "PENDING_NEW", "2026-11-20T15:00:00Z", "r"),
            fill("e1", "b1", "ENTRY", "BUY", 1, "10.00", "2026-11-20T15:00:01Z"));

    TradeReport.Trade t = TradeReport.build(DAY, audit, List.of()).trades().get(0);

    assertThat(t.realizedUsd()).isNull();
    assertThat(t.feesUsd()).isEqualTo(1.25);
  }

  @Test
  void anExecutionRecordWithoutItsFiguresIsRefusedByName() {
    AuditEvent good =
        order("b1", null, "ENTRY", "BUY", 1, "10.00", "PENDING_NEW", "2026-11-20T15:00:00Z", "r");
    var details = new HashMap<>(good.getDetails());
    details.remove("side");
    AuditEvent bad = AuditEvent.newBuilder(good).setDetails(details).build();

    assertThatThrownBy(() -> TradeReport.build(DAY, List.of(bad), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(good.getAuditId())
        .hasMessageContaining("'side'");
  }
}
