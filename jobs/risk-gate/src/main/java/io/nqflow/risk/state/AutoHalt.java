package io.nqflow.risk.state;

import io.nqflow.common.v1.TradingState;
import io.nqflow.core.ids.Ids;
import io.nqflow.core.security.RecordSigner;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskEmitter;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.audit.GateAudits;
import io.nqflow.risk.book.BookKeeper;
import io.nqflow.risk.book.Usd;
import io.nqflow.schemas.AuditDetails;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;

/**
 * The automatic HALT: once the day's P&amp;L reaches the daily loss limit, the account is HALTED, a
 * HALT command goes to ops.control (so the execution service cancels open orders) and the change is
 * audited. It lasts until an operator RESUME; a RESUME while the loss stands halts again. With a
 * signing key ({@code risk.signing_key}) the HALT command is signed with it, so that consumers that
 * require signed commands accept it.
 */
public final class AutoHalt implements Serializable {
  private final RiskSettings s;
  private final GateAudits audits;
  private final String operatorId;
  private final RecordSigner<ControlCommand> signer;

  public AutoHalt(RiskSettings settings, GateAudits audits, String operatorId) {
    this.s = settings;
    this.audits = audits;
    this.operatorId = operatorId;
    this.signer = settings.controlSigner();
  }

  /** Halts the account if it is not halted yet and the day's loss reached the limit. */
  public void check(RiskBook b, long nowNs, RiskEmitter out) {
    if (b.tradingState == TradingState.HALTED) {
      return;
    }
    double pnl = BookKeeper.dailyPnl(b);
    if (pnl > -s.maxDailyLossUsd() + Usd.EPS) {
      return;
    }
    TradingState previous = b.tradingState;
    b.tradingState = TradingState.HALTED;
    b.autoHalted = true;
    String reason =
        String.format(
            Locale.ROOT,
            "daily loss limit: P&L of trading day %s is $%.2f, limit -$%.2f",
            b.tradingDay,
            pnl,
            s.maxDailyLossUsd());
    b.stateReason = "automatic HALT, " + reason;
    String commandId = Ids.of("ctl", s.variant(), s.account(), "daily_loss", b.tradingDay);
    ControlCommand halt =
        ControlCommand.newBuilder()
            .setCommandId(commandId)
            .setScope(s.account())
            .setCommand(ControlAction.HALT)
            .setOperator(operatorId)
            .setReason(reason)
            .setTs(nowNs)
            .build();
    out.control(signer == null ? halt : signer.sign(halt));
    Map<String, String> d = audits.figures(b);
    d.put(AuditDetails.PREVIOUS_STATE, previous.toString());
    d.put(AuditDetails.COMMAND_ID, commandId);
    out.audit(
        audits.audit(
            "trading_state",
            s.account(),
            "HALT",
            nowNs,
            "automatic HALT, " + reason,
            d,
            "auto-halt:" + b.tradingDay));
  }
}
