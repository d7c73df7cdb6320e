package io.nqflow.runner.ops;

import static io.nqflow.runner.ops.LimitedLiveRig.MINUTE;
import static io.nqflow.runner.ops.LimitedLiveRig.SECOND;
import static io.nqflow.runner.ops.LimitedLiveRig.T0;
import static io.nqflow.runner.ops.LimitedLiveRig.WAIT;
import static io.nqflow.runner.ops.LimitedLiveRig.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.common.v1.TradingState;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderCancelled;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.exec.v1.PnlSnapshot;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.runner.Main;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.FlinkMiniCluster;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.Poll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Forces losses through the limited-live stack (the risk gate on a MiniCluster, the paper execution
 * service filling against md.events): a stop-out and a gap against a second position take the day's
 * realized plus unrealized P&amp;L past -$50, the gate halts by itself, new entries are rejected
 * naming the daily-loss rule, the exit of the open position still passes, and no position ever
 * holds more than one contract.
 */
class LimitedLiveDailyLossITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  /** Exchange, clearing and commission per contract and fill: what takes a day past its stops. */
  private static final double FEE = 2.50;

  private static final long A = 7;
  private static final long B = 8;

  @TempDir Path tmp;

  private static String auditTrades(String bootstrap) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int rc =
        cli.execute(
            "audit",
            "trades",
            "--date",
            LimitedLiveRig.TRADING_DAY,
            "--bootstrap-servers",
            bootstrap);
    assertThat(rc).as(out.toString()).isZero();
    return out.toString();
  }

  @Test
  void lossesPastTheDailyLimitHaltTheGateWhileTheExitStillPasses() throws Exception {
    long t0 = System.nanoTime();
    try (LimitedLiveRig rig = LimitedLiveRig.start(KAFKA, tmp, FEE)) {
      assertThat(rig.risk.maxDailyLossUsd()).isEqualTo(50.0);
      assertThat(rig.risk.maxContractsPerPosition()).isEqualTo(1);
      assertThat(rig.risk.maxTotalContracts()).isEqualTo(1);
      rig.define(
          LimitedLiveRig.instrument(A, "NQH5 C21000", 21000),
          LimitedLiveRig.instrument(B, "NQH5 C21100", 21100));
      rig.publish(
          rig.add(A, T0, Side.BID, 1, 1.90, 10),
          rig.add(A, T0, Side.ASK, 2, 2.00, 10),
          rig.add(B, T0, Side.BID, 11, 2.40, 10),
          rig.add(B, T0, Side.ASK, 12, 2.45, 10));
      rig.service.awaitIdle(WAIT);

      // Trade A: buy 1 at 2.00 (limit 1.98 + 2% on the 0.05 grid), stop 1.00 ($20 at risk).
      rig.signal("a-entry", A, T0 + MINUTE, 1.98, Side.BID);
      OrderIntent a = rig.awaitApproved("a-entry");
      assertThat(a.getQuantity()).isEqualTo(1);
      assertThat(a.getLimitPrice()).isEqualTo(px(2.00));
      assertThat(a.getStopLossPrice()).isEqualTo(px(1.00));
      assertThat(a.getProfitTargetPrice()).isEqualTo(px(4.00));
      rig.awaitAccepted(a.getClientOrderId());
      // The next event on A comes after the paper latency: the entry takes the ask.
      rig.publish(rig.add(A, T0 + MINUTE + SECOND, Side.BID, 3, 1.85, 5));
      Fill aFill = rig.awaitFill(a.getClientOrderId());
      assertThat(aFill.getPrice()).isEqualTo(px(2.00));
      assertThat(aFill.getSignalPrice()).isEqualTo(px(1.98));
      // (2.00 - 1.98) x $20: the signal-to-fill figures on exec.events.
      assertThat(aFill.getSlippageUsd()).isCloseTo(0.40, within(1e-9));
      assertThat(aFill.getSignalToFillNs()).isEqualTo(SECOND);
      assertThat(aFill.getFeeUsd()).isEqualTo(FEE);

      // A falls to its stop: the bids are pulled, 1.00 is bid and trades; the stop sells there.
      rig.publish(
          rig.cancel(A, T0 + 2 * MINUTE, Side.BID, 1, 1.90, 10),
          rig.cancel(A, T0 + 2 * MINUTE, Side.BID, 3, 1.85, 5),
          rig.add(A, T0 + 2 * MINUTE, Side.BID, 4, 1.00, 5),
          rig.trade(A, T0 + 2 * MINUTE, 1.00, 1));
      Fill aStop = rig.awaitFill(a.getClientOrderId() + "/SL");
      assertThat(aStop.getPrice()).isEqualTo(px(1.00));
      // -$20 and two fees.
      rig.awaitGate(
          "A stopped out",
          T0 + 3 * MINUTE,
          f ->
              f.get("contracts_open_or_pending").equals("0")
                  && f.get("realized_usd").equals("-25.00"));

      // Trade B: the day can lose $25 more; buy 1 at 2.45, stop 1.25 puts $24 at risk.
      rig.signal("b-entry", B, T0 + 4 * MINUTE, 2.45, Side.BID);
      OrderIntent b = rig.awaitApproved("b-entry");
      assertThat(b.getLimitPrice()).isEqualTo(px(2.45));
      assertThat(b.getStopLossPrice()).isEqualTo(px(1.25));
      assertThat(b.getRiskUsd()).isCloseTo(24.0, within(1e-9));
      rig.awaitAccepted(b.getClientOrderId());
      rig.publish(rig.add(B, T0 + 4 * MINUTE + SECOND, Side.BID, 13, 2.35, 5));
      assertThat(rig.awaitFill(b.getClientOrderId()).getPrice()).isEqualTo(px(2.45));
      rig.awaitGate(
          "B filled",
          T0 + 4 * MINUTE + 30 * SECOND,
          f ->
              f.get("contracts_open_or_pending").equals("1")
                  && f.get("pending_orders").equals("0"));

      // B gaps down to 1.30, above its stop: -$23 open, -$27.50 realized, -$50.50 for the day.
      rig.publish(
          rig.cancel(B, T0 + 5 * MINUTE, Side.BID, 11, 2.40, 10),
          rig.cancel(B, T0 + 5 * MINUTE, Side.BID, 13, 2.35, 5),
          rig.cancel(B, T0 + 5 * MINUTE, Side.ASK, 12, 2.45, 10),
          rig.add(B, T0 + 5 * MINUTE, Side.BID, 14, 1.30, 5),
          rig.add(B, T0 + 5 * MINUTE, Side.ASK, 15, 1.40, 5),
          rig.trade(B, T0 + 5 * MINUTE, 1.30, 2));
      AuditEvent halt =
          rig.awaitAudit(
              "the automatic HALT",
              e ->
                  e.getStage().equals("risk-gate")
                      && e.getEntityType().equals("trading_state")
                      && e.getAction().equals("HALT"));
      assertThat(halt.getRationale())
          .contains("daily loss limit")
          .contains("$-50.50")
          .contains("-$50.00");
      assertThat(halt.getDetails())
          .containsEntry("trading_state", "HALTED")
          .containsEntry("realized_usd", "-27.50")
          .containsEntry("daily_pnl_usd", "-50.50")
          .containsEntry("contracts_open_or_pending", "1");
      ControlCommand auto =
          rig.awaitControl(
              "the gate's automatic HALT command",
              c -> c.getOperator().equals("risk-gate:baseline"));
      assertThat(auto.getCommand()).isEqualTo(ControlAction.HALT);
      assertThat(auto.getScope()).isEqualTo(rig.risk.account());
      Poll.until(
          WAIT,
          "the execution service to apply the gate's HALT",
          () -> rig.service.tradingState() == TradingState.HALTED);

      // A new entry is refused for the state and the loss.
      rig.signal("c-entry", A, T0 + 6 * MINUTE, 2.00, Side.BID);
      RiskDecision c = rig.awaitRejected("c-entry");
      assertThat(c.getTradingState()).isEqualTo(TradingState.HALTED);
      assertThat(c.getViolations())
          .extracting(RuleViolation::getRule)
          .contains("trading_state", "daily_loss");
      assertThat(c.getViolations())
          .filteredOn(v -> v.getRule().equals("daily_loss"))
          .singleElement()
          .satisfies(v -> assertThat(v.getDetail()).contains("$-50.50").contains("-$50.00"));

      // Selling flow on B: the exit passes the halted gate and the halted service.
      rig.signal("b-exit", B, T0 + 6 * MINUTE, 1.30, Side.ASK);
      OrderIntent exit = rig.awaitApproved("b-exit");
      assertThat(exit.getSide()).isEqualTo(OrderSide.SELL);
      assertThat(exit.getReduceOnly()).isTrue();
      assertThat(exit.getQuantity()).isEqualTo(1);
      assertThat(exit.getLimitPrice()).isEqualTo(px(1.30));
      rig.awaitAccepted(exit.getClientOrderId());
      rig.publish(rig.add(B, T0 + 6 * MINUTE + SECOND, Side.BID, 16, 1.25, 1));
      Fill exitFill = rig.awaitFill(exit.getClientOrderId());
      assertThat(exitFill.getRole()).isEqualTo(OrderRole.EXIT);
      assertThat(exitFill.getPrice()).isEqualTo(px(1.30));
      for (String leg : List.of("/SL", "/PT")) {
        OrderCancelled cancelled = rig.awaitCancelled(b.getClientOrderId() + leg);
        assertThat(cancelled.getReason())
            .isEqualTo("position flat after EXIT fill of " + exit.getClientOrderId());
      }

      // B falls through its old stop: nothing is left to sell.
      rig.publish(
          rig.cancel(B, T0 + 7 * MINUTE, Side.BID, 14, 1.30, 5),
          rig.add(B, T0 + 7 * MINUTE, Side.BID, 17, 1.00, 5),
          rig.trade(B, T0 + 7 * MINUTE, 1.00, 3));
      rig.service.awaitIdle(WAIT);
      // -$25 on A; B: -$23 and two fees.
      rig.awaitGate(
          "the day's result",
          T0 + 8 * MINUTE,
          f ->
              f.get("contracts_open_or_pending").equals("0")
                  && f.get("realized_usd").equals("-53.00")
                  && f.get("trading_state").equals("HALTED"));

      assertThat(rig.values(Topics.ORDERS_APPROVED))
          .extracting(OrderIntent::getSignalId)
          .containsExactlyInAnyOrder("a-entry", "b-entry", "b-exit");
      assertThat(rig.values(Topics.ORDERS_APPROVED))
          .allSatisfy(o -> assertThat(o.getQuantity()).isEqualTo(1));
      assertThat(rig.payloads(Fill.class))
          .extracting(Fill::getClientOrderId)
          .containsExactlyInAnyOrder(
              a.getClientOrderId(),
              a.getClientOrderId() + "/SL",
              b.getClientOrderId(),
              exit.getClientOrderId());
      assertThat(rig.payloads(PositionSnapshot.class))
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p.getQuantity()).isBetween(0, 1));
      PnlSnapshot last =
          rig.payloads(PnlSnapshot.class).get(rig.payloads(PnlSnapshot.class).size() - 1);
      assertThat(last.getTradingDay()).isEqualTo(LimitedLiveRig.TRADING_DAY);
      assertThat(last.getRealizedUsd()).isCloseTo(-53.0, within(1e-9));
      assertThat(rig.service.stats().maxAbsPosition()).isEqualTo(1);
      assertThat(rig.service.stats().duplicateOrdersRefused()).isZero();
      assertThat(rig.values(Topics.DEAD_LETTERS)).isEmpty();

      // The audit trail tells the day again: both trades, the exit with its entry, the HALT.
      String report = auditTrades(rig.bootstrap);
      assertThat(report)
          .contains("slippage 0.40 USD signal->fill 1000.0 ms")
          .contains(a.getClientOrderId() + "/SL SELL 1 @ 1.00 -> FILLED")
          .contains("EXIT " + exit.getClientOrderId() + " SELL 1 @ 1.30 -> FILLED")
          .contains("realized P&L -25.00 USD")
          .contains("realized P&L -28.00 USD")
          .contains("HALT scope " + rig.risk.account() + " by risk-gate:baseline")
          .contains("total: 2 trade(s), 2 with fills, 0 open, realized P&L -53.00 USD, fees 10.00");
      assertThat(report.indexOf(exit.getClientOrderId()))
          .as("the exit is reported under B's entry")
          .isGreaterThan(report.indexOf(b.getClientOrderId()));
    }
  }
}
