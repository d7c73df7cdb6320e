package io.nqflow.core.trades;

import static io.nqflow.core.trades.AuditEvents.fill;
import static io.nqflow.core.trades.AuditEvents.order;
import static io.nqflow.core.trades.AuditEvents.position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.ops.v1.AuditEvent;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeReconstructionTest {
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

    Trade t = TradeReconstruction.reconstruct(DAY, audit, List.of(position(20.0))).trades().get(0);

    assertThat(t.legs()).extracting(TradeOrder::clientOrderId).containsExactly("s1/EX");
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

    TradeDay report =
        TradeReconstruction.reconstruct(
            LocalDate.parse("2025-03-11"), audit, List.of(position(20.0)));

    assertThat(report.trades())
        .extracting(t -> t.entry().clientOrderId())
        .containsExactly("ord-D", "ord-E");
    Trade d = report.trades().get(0);
    Trade e = report.trades().get(1);
    assertThat(d.legs()).extracting(TradeOrder::clientOrderId).containsExactly("ord-D/SL");
    assertThat(e.legs()).extracting(TradeOrder::clientOrderId).containsExactly("ord-E/SL", "ord-X");
    assertThat(e.openQuantity()).isZero();
    // (1.30 - 2.45) x 20 USD less two fees of 1.25; D: (1.00 - 2.00) x 20 less two fees.
    assertThat(e.realizedUsd()).isCloseTo(-25.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(d.realizedUsd()).isCloseTo(-22.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(TradeReconstruction.reconstruct(DAY, audit, List.of(position(20.0))).trades())
        .isEmpty();
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
            TradeReconstruction.reconstruct(LocalDate.parse("2025-03-11"), List.of(halt), List.of())
                .controls())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.command()).isEqualTo("HALT");
              assertThat(c.scope()).isEqualTo("limited-live");
              assertThat(c.operator()).isEqualTo("risk-gate:baseline");
              assertThat(c.reason()).contains("daily loss limit");
            });
    assertThat(TradeReconstruction.reconstruct(DAY, List.of(halt), List.of()).controls()).isEmpty();
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

    Trade t = TradeReconstruction.reconstruct(DAY, audit, List.of()).trades().get(0);

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

    assertThatThrownBy(() -> TradeReconstruction.reconstruct(DAY, List.of(bad), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(good.getAuditId())
        .hasMessageContaining("'side'");
  }

  @Test
  void theGlobexSessionOpeningAt17ChicagoBelongsToTheNextTradingDay() {
    // 16:59 Chicago (CST, UTC-6) on 20 Nov is still the 20th; 17:00 opens the 21st.
    assertThat(TradeReconstruction.tradingDay(AuditEvents.ns("2026-11-20T22:59:59Z")))
        .isEqualTo(LocalDate.parse("2026-11-20"));
    assertThat(TradeReconstruction.tradingDay(AuditEvents.ns("2026-11-20T23:00:00Z")))
        .isEqualTo(LocalDate.parse("2026-11-21"));
    // Summer time (CDT, UTC-5): the session opens at 22:00 UTC.
    assertThat(TradeReconstruction.tradingDay(AuditEvents.ns("2025-07-10T21:59:59Z")))
        .isEqualTo(LocalDate.parse("2025-07-10"));
    assertThat(TradeReconstruction.tradingDay(AuditEvents.ns("2025-07-10T22:00:00Z")))
        .isEqualTo(LocalDate.parse("2025-07-11"));
  }

  @Test
  void anEntryOrderedAfterTheSessionOpenIsATradeOfTheNextDay() {
    List<AuditEvent> audit =
        List.of(
            order(
                "n1",
                null,
                "ENTRY",
                "BUY",
                1,
                "10.00",
                "PENDING_NEW",
                "2026-11-20T23:30:00Z",
                "r"));

    assertThat(TradeReconstruction.reconstruct(DAY, audit, List.of()).trades()).isEmpty();
    assertThat(
            TradeReconstruction.reconstruct(LocalDate.parse("2026-11-21"), audit, List.of())
                .trades())
        .extracting(t -> t.entry().clientOrderId())
        .containsExactly("n1");
  }

  @Test
  void addingToAPositionAveragesItsCostAndAFlipOpensTheRestAtTheFillPrice() {
    List<AuditEvent> audit =
        List.of(
            order(
                "a1", null, "ENTRY", "BUY", 2, "10.00", "PENDING_NEW", "2026-11-20T15:00:00Z", "r"),
            fill("f1", "a1", "ENTRY", "BUY", 1, "10.00", "2026-11-20T15:00:01Z"),
            fill("f2", "a1", "ENTRY", "BUY", 1, "12.00", "2026-11-20T15:00:02Z"),
            order(
                "a1/EX",
                null,
                "EXIT",
                "SELL",
                3,
                "13.00",
                "PENDING_NEW",
                "2026-11-20T15:01:00Z",
                "x"),
            fill("f3", "a1/EX", "EXIT", "SELL", 3, "13.00", "2026-11-20T15:01:01Z"));

    Trade t = TradeReconstruction.reconstruct(DAY, audit, List.of(position(20.0))).trades().get(0);

    // Two long at an average of 11.00 closed at 13.00: 2 x 2 points x 20 USD, less 3 x 1.25 fees;
    // the third contract sold is a new short.
    assertThat(t.openQuantity()).isEqualTo(-1);
    assertThat(t.feesUsd()).isEqualTo(3.75);
    assertThat(t.realizedUsd()).isCloseTo(76.25, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void repeatedAuditRecordsCountOnceAndTheOrderKeepsItsFurthestState() {
    AuditEvent placed =
        order("r1", null, "ENTRY", "BUY", 1, "10.00", "PENDING_NEW", "2026-11-20T15:00:00Z", "r");
    AuditEvent accepted =
        order("r1", null, "ENTRY", "BUY", 1, "10.00", "ACCEPTED", "2026-11-20T15:00:00.5Z", "a");
    AuditEvent filled =
        order("r1", null, "ENTRY", "BUY", 1, "10.00", "FILLED", "2026-11-20T15:00:01Z", "f");
    AuditEvent lateSent =
        order("r1", null, "ENTRY", "BUY", 1, "10.00", "SENT", "2026-11-20T15:00:02Z", "s");
    AuditEvent refused =
        order(
            "r1",
            null,
            "ENTRY",
            "BUY",
            1,
            "10.00",
            "DUPLICATE_REFUSED",
            "2026-11-20T15:00:03Z",
            "d");
    AuditEvent f = fill("g1", "r1", "ENTRY", "BUY", 1, "10.00", "2026-11-20T15:00:01Z");

    TradeOrder o =
        TradeReconstruction.reconstruct(
                DAY,
                List.of(placed, accepted, f, filled, f, lateSent, refused, refused, placed),
                List.of(AuditEvents.execFill("g1", "r1", "BUY", "10.00", 2.5, 1_500_000L)))
            .trades()
            .get(0)
            .entry();

    assertThat(o.state()).isEqualTo("FILLED");
    assertThat(o.duplicatesRefused()).isEqualTo(1);
    assertThat(o.fills())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.slippageUsd()).isEqualTo(2.5);
              assertThat(x.signalToFillNs()).isEqualTo(1_500_000L);
            });
  }

  @Test
  void theApprovalOfTheEntrysSignalIsItsRationale() {
    List<AuditEvent> audit =
        List.of(
            AuditEvents.approval("sig-p1", "2026-11-20T14:59:59Z", "EV 20 points"),
            order(
                "p1",
                null,
                "ENTRY",
                "BUY",
                1,
                "10.00",
                "PENDING_NEW",
                "2026-11-20T15:00:00Z",
                "r"));

    Trade t = TradeReconstruction.reconstruct(DAY, audit, List.of()).trades().get(0);

    assertThat(t.signalRationale()).isEqualTo("EV 20 points");
    assertThat(t.anyFill()).isFalse();
  }
}
