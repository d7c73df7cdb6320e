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
  void aGateExitClosesTheOpenEntryAndTradesLandOnTheirSignalsDay() {
    // A paper run over a recorded day: order records carry the service's clock (2026), signals
    // and fills market time (2025-03-11).
    String service = "2026-11-20T15:00:00Z";
    List<AuditEvent> audit =
        List.of(
            atSignal(
                order("ord-D", null, "ENTRY", "BUY", 1, "2.00", "PENDING_NEW", service, "r"),
                "2025-03-11T15:01:00Z"),
            fill("d1", "ord-D", "ENTRY", "BUY", 1, "2.00", "2025-03-11T15:01:01Z"),
            atSignal(
                order(
                    "ord-D/SL", "ord-D", "STOP_LOSS", "SELL", 1, "1.00", "ACCEPTED", service, "a"),
                "2025-03-11T15:01:00Z"),
            fill("d2", "ord-D/SL", "STOP_LOSS", "SELL", 1, "1.00", "2025-03-11T15:02:00Z"),
            atSignal(
                order("ord-E", null, "ENTRY", "BUY", 1, "2.45", "PENDING_NEW", service, "r"),
                "2025-03-11T15:04:00Z"),
            fill("e1", "ord-E", "ENTRY", "BUY", 1, "2.45", "2025-03-11T15:04:01Z"),
            atSignal(
                order(
                    "ord-E/SL", "ord-E", "STOP_LOSS", "SELL", 1, "1.25", "CANCELLED", service, "c"),
                "2025-03-11T15:04:00Z"),
            atSignal(
                order("ord-X", null, "EXIT", "SELL", 1, "1.30", "PENDING_NEW", service, "x"),
                "2025-03-11T15:06:00Z"),
            fill("x1", "ord-X", "EXIT", "SELL", 1, "1.30", "2025-03-11T15:06:01Z"));

    TradeReport report =
        TradeReport.build(LocalDate.parse("2025-03-11"), audit, List.of(position(20.0)));

    assertThat(report.trades())
        .extracting(t -> t.entry().clientOrderId())
        .containsExactly("ord-D", "ord-E");
    TradeReport.Trade d = report.trades().get(0);
    TradeReport.Trade e = report.trades().get(1);
    assertThat(d.legs())
        .extracting(TradeReport.TradeOrder::clientOrderId)
        .containsExactly("ord-D/SL");
    assertThat(e.legs())
        .extracting(TradeReport.TradeOrder::clientOrderId)
        .containsExactly("ord-E/SL", "ord-X");
    assertThat(e.openQuantity()).isZero();
    // (1.30 - 2.45) x 20 USD less two fees of 1.25; D: (1.00 - 2.00) x 20 less two fees.
    assertThat(e.realizedUsd()).isCloseTo(-25.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(d.realizedUsd()).isCloseTo(-22.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(TradeReport.build(DAY, audit, List.of(position(20.0))).trades()).isEmpty();
  }

  @Test
  void theGatesAutomaticHaltIsListedOnTheTradingDayItHalted() {
    AuditEvent halt =
        AuditEvent.newBuilder()
            .setAuditId("aud-halt")
            .setStage("risk-gate")
            .setEntityType("trading_state")
            .setEntityId("limited-live")
            .setAction("HALT")
            .setTs(AuditEvents.ns("2026-11-20T15:00:00Z"))
            .setRationale(
                "automatic HALT, daily loss limit: P&L of trading day 2025-03-11 is $-50.50")
            .setDetails(java.util.Map.of("trading_day", "2025-03-11", "variant", "baseline"))
            .build();

    assertThat(
            TradeReport.build(LocalDate.parse("2025-03-11"), List.of(halt), List.of()).controls())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.command()).isEqualTo("HALT");
              assertThat(c.scope()).isEqualTo("limited-live");
              assertThat(c.operator()).isEqualTo("risk-gate:baseline");
              assertThat(c.reason()).contains("daily loss limit");
            });
    assertThat(TradeReport.build(DAY, List.of(halt), List.of()).controls()).isEmpty();
  }

  private static AuditEvent atSignal(AuditEvent order, String instant) {
    return AuditEvents.with(order, "ts_signal", Long.toString(AuditEvents.ns(instant)));
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
