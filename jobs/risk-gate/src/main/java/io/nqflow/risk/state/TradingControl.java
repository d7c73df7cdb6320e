package io.nqflow.risk.state;

import io.nqflow.common.v1.TradingState;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskEmitter;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.audit.GateAudits;
import io.nqflow.schemas.AuditDetails;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operator commands from ops.control: HALT, REDUCE_ONLY and RESUME set the trading state when their
 * scope is {@code global}, the gate's account or its variant; a command older than the last one
 * applied is audited as stale and changes nothing.
 */
public final class TradingControl implements Serializable {
  private final RiskSettings s;
  private final GateAudits audits;
  private final String operatorId;

  public TradingControl(RiskSettings settings, GateAudits audits, String operatorId) {
    this.s = settings;
    this.audits = audits;
    this.operatorId = operatorId;
  }

  /**
   * Applies an operator command. The gate's own automatic HALT, read back from ops.control, is
   * already applied and is skipped.
   *
   * @return whether the command set the trading state
   */
  public boolean apply(RiskBook b, ControlCommand c, long nowNs, RiskEmitter out) {
    String scope = c.getScope();
    if (!("global".equals(scope) || s.account().equals(scope) || s.variant().equals(scope))) {
      return false;
    }
    if (operatorId.equals(c.getOperator())) {
      return false;
    }
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.OPERATOR, c.getOperator());
    d.put(AuditDetails.SCOPE, scope);
    d.put(AuditDetails.COMMAND, c.getCommand().toString());
    d.put(AuditDetails.PREVIOUS_STATE, b.tradingState.toString());
    if (c.getTs() < b.lastControlTs) {
      d.put(AuditDetails.LAST_APPLIED_TS, Long.toString(b.lastControlTs));
      out.audit(
          audits.audit(
              "control",
              c.getCommandId(),
              "IGNORED_STALE",
              nowNs,
              "command issued before the last applied one; state stays " + b.tradingState,
              d,
              "control"));
      return false;
    }
    b.lastControlTs = c.getTs();
    b.tradingState = stateOf(c.getCommand());
    b.autoHalted = false;
    b.stateReason = c.getCommand() + " by " + c.getOperator() + ": " + c.getReason();
    d.put(AuditDetails.STATE, b.tradingState.toString());
    out.audit(
        audits.audit(
            "control",
            c.getCommandId(),
            b.tradingState.toString(),
            nowNs,
            "operator " + c.getOperator() + " set " + b.tradingState + ": " + c.getReason(),
            d,
            "control"));
    return true;
  }

  /** The trading state a command sets. */
  static TradingState stateOf(ControlAction a) {
    return switch (a) {
      case HALT -> TradingState.HALTED;
      case REDUCE_ONLY -> TradingState.REDUCE_ONLY;
      case RESUME -> TradingState.ACTIVE;
    };
  }
}
