package io.nqflow.runner.ops;

import static io.nqflow.core.trades.AuditEvents.approval;
import static io.nqflow.core.trades.AuditEvents.execFill;
import static io.nqflow.core.trades.AuditEvents.fill;
import static io.nqflow.core.trades.AuditEvents.ns;
import static io.nqflow.core.trades.AuditEvents.order;
import static io.nqflow.core.trades.AuditEvents.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.runner.Main;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code nqflow audit trades} over hand-made audit and execution events on a real broker. */
class AuditTradesITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @BeforeAll
  static void writeADayOfTrading() {
    ControlCommand halt =
        ControlCommand.newBuilder()
            .setCommandId("ctl-1")
            .setScope("global")
            .setCommand(ControlAction.HALT)
            .setOperator("alice")
            .setReason("feed gap")
            .setTs(ns("2026-11-20T16:00:00Z"))
            .build();
    List<AuditEvent> audit =
        List.of(
            approval("sig-ord-A", "2026-11-20T15:29:59.900Z", "EXTREME call sweep, EV 31 USD"),
            // A: bought 1 at 250.25, target filled at 260.00, stop cancelled by OCO.
            order(
                "ord-A",
                null,
                "ENTRY",
                "BUY",
                1,
                "250.00",
                "PENDING_NEW",
                "2026-11-20T15:30:00Z",
                "r"),
            order(
                "ord-A",
                null,
                "ENTRY",
                "BUY",
                1,
                "250.00",
                "SENT",
                "2026-11-20T15:30:00.010Z",
                "s"),
            order(
                "ord-A",
                null,
                "ENTRY",
                "BUY",
                1,
                "250.00",
                "ACCEPTED",
                "2026-11-20T15:30:00.020Z",
                "a"),
            fill("x-A1", "ord-A", "ENTRY", "BUY", 1, "250.25", "2026-11-20T15:30:00.100Z"),
            order(
                "ord-A",
                null,
                "ENTRY",
                "BUY",
                1,
                "250.00",
                "FILLED",
                "2026-11-20T15:30:00.100Z",
                "f"),
            order(
                "ord-A/SL",
                "ord-A",
                "STOP_LOSS",
                "SELL",
                1,
                "240.00",
                "ACCEPTED",
                "2026-11-20T15:30:00.020Z",
                "leg"),
            order(
                "ord-A/PT",
                "ord-A",
                "PROFIT_TARGET",
                "SELL",
                1,
                "260.00",
                "ACCEPTED",
                "2026-11-20T15:30:00.020Z",
                "leg"),
            fill("x-A2", "ord-A/PT", "PROFIT_TARGET", "SELL", 1, "260.00", "2026-11-20T15:45:00Z"),
            fill("x-A2", "ord-A/PT", "PROFIT_TARGET", "SELL", 1, "260.00", "2026-11-20T15:45:00Z"),
            order(
                "ord-A/PT",
                "ord-A",
                "PROFIT_TARGET",
                "SELL",
                1,
                "260.00",
                "FILLED",
                "2026-11-20T15:45:00Z",
                "f"),
            order(
                "ord-A/SL",
                "ord-A",
                "STOP_LOSS",
                "SELL",
                1,
                "240.00",
                "CANCELLED",
                "2026-11-20T15:45:00.001Z",
                "OCO: target filled"),
            // B: refused by the broker, never filled.
            order(
                "ord-B",
                null,
                "ENTRY",
                "SELL",
                2,
                "100.00",
                "PENDING_NEW",
                "2026-11-20T17:00:00Z",
                "r"),
            order(
                "ord-B",
                null,
                "ENTRY",
                "SELL",
                2,
                "100.00",
                "REJECTED",
                "2026-11-20T17:00:00.050Z",
                "insufficient margin"),
            // C: 15:00 Chicago on the 19th belongs to the 19th.
            order(
                "ord-C",
                null,
                "ENTRY",
                "BUY",
                1,
                "50.00",
                "PENDING_NEW",
                "2026-11-19T21:00:00Z",
                "r"),
            // D: 17:30 Chicago on the 19th opens the session of the 20th; still open.
            order(
                "ord-D",
                null,
                "ENTRY",
                "BUY",
                1,
                "80.00",
                "PENDING_NEW",
                "2026-11-19T23:30:00Z",
                "r"),
            order(
                "ord-D",
                null,
                "ENTRY",
                "BUY",
                1,
                "80.00",
                "ACCEPTED",
                "2026-11-19T23:30:00.020Z",
                "a"),
            fill("x-D1", "ord-D", "ENTRY", "BUY", 1, "80.00", "2026-11-19T23:30:01Z"),
            ControlPublisher.audit(halt));
    List<ExecutionEvent> exec =
        List.of(
            execFill("x-A1", "ord-A", "BUY", "250.25", 5.0, 120_000_000L),
            execFill("x-A2", "ord-A/PT", "SELL", "260.00", 0.0, null),
            position(20.0));
    KAFKA
        .client()
        .produce(Topics.AUDIT, audit.stream().map(a -> Map.entry(a.getEntityId(), a)).toList());
    KAFKA
        .client()
        .produce(Topics.EXEC_EVENTS, exec.stream().map(e -> Map.entry("paper", e)).toList());
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int rc = cli.execute(args);
    assertThat(rc).as(out.toString()).isZero();
    return out.toString();
  }

  @Test
  void printsTheTradesOfTheTradingDayWithFillsLegsAndPnl() {
    String out =
        run(
            "audit",
            "trades",
            "--date",
            "2026-11-20",
            "--bootstrap-servers",
            KAFKA.bootstrapServers());

    assertThat(out)
        .contains("ord-A")
        .contains("EXTREME call sweep, EV 31 USD")
        .contains("ord-A/PT")
        .contains("ord-A/SL")
        .contains("CANCELLED (OCO: target filled)")
        .contains("slippage 5.00 USD")
        .contains("signal->fill 120.0 ms")
        // (260.00 - 250.25) * 20 USD - 2 * 1.25 USD fees
        .contains("realized P&L 192.50 USD")
        .contains("ord-B")
        .contains("REJECTED (insufficient margin)")
        .contains("ord-D")
        .contains("open 1")
        .contains("HALT scope global by alice: feed gap")
        .doesNotContain("ord-C");
    // The repeated fill record of x-A2 is counted once.
    assertThat(out.split("fill 2026-11-20T15:45:00Z", -1)).hasSize(2);
    // Fees are realized when paid: A's 192.50 less D's opening fee of 1.25.
    assertThat(out)
        .contains(
            "total: 3 trade(s), 2 with fills, 1 open, realized P&L 191.25 USD, fees 3.75 USD");
  }

  @Test
  void theDayBeforeHoldsOnlyItsOwnSession() {
    String out =
        run(
            "audit",
            "trades",
            "--date",
            "2026-11-19",
            "--bootstrap-servers",
            KAFKA.bootstrapServers());

    assertThat(out).contains("ord-C").doesNotContain("ord-A").doesNotContain("ord-D");
    assertThat(out).contains("total: 1 trade(s), 0 with fills");
  }

  @Test
  void aDateThatIsNotADateIsRefused() {
    int rc =
        Main.execute(
            "audit",
            "trades",
            "--date",
            "20-11-2026",
            "--bootstrap-servers",
            KAFKA.bootstrapServers());
    assertThat(rc).isNotZero();
  }
}
