package io.nqflow.risk.state;

import io.nqflow.common.v1.TradingState;
import io.nqflow.core.security.ControlGuard;
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
 * applied is audited as stale and changes nothing. Each command is first checked by the {@link
 * ControlGuard} of the settings' {@code control:} section (operator keys, require_signed, no
 * unsigned RESUME after an automatic HALT): a refused one changes nothing and is audited as
 * CONTROL_REFUSED, dead-lettered and counted.
 */
public final class TradingControl implements Serializable {
  private final RiskSettings s;
  private final GateAudits audits;
  private final String operatorId;
  private final ControlGuard guard;

  /**
   * @throws IllegalStateException when an operator key of {@code control:} had no value at load
   *     time (the message names the variable)
   */
  public TradingControl(RiskSettings settings, GateAudits audits, String operatorId) {
    this.s = settings;
    this.audits = audits;
    this.operatorId = operatorId;
    this.guard = settings.controlGuard();
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
    ControlGuard.Decision decision =
        guard.decide(c, b.tradingState == TradingState.HALTED && b.autoHalted);
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.OPERATOR, c.getOperator());
    d.put(AuditDetails.KEY_ID, decision.signed() || !decision.accepted() ? decision.keyId() : "");
    d.put(AuditDetails.SCOPE, scope);
    d.put(AuditDetails.COMMAND, c.getCommand().toString());
    d.put(AuditDetails.PREVIOUS_STATE, b.tradingState.toString());
    if (!decision.accepted()) {
      d.put(AuditDetails.REFUSAL, decision.refusal().name());
      String why =
          "refused "
              + c.getCommand()
              + " by "
              + c.getOperator()
              + ": "
              + decision.reason()
              + "; state stays "
              + b.tradingState;
      out.audit(
          audits.audit("control", c.getCommandId(), "CONTROL_REFUSED", nowNs, why, d, "control"));
      out.refusedControl(c, why);
      return false;
    }
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
    // another variant's gate halting the same account is an automatic HALT too
    b.autoHalted = ControlGuard.isAutomaticHalt(c);
    b.stateReason = c.getCommand() + " by " + c.getOperator() + ": " + c.getReason();
    d.put(AuditDetails.STATE, b.tradingState.toString());
    out.audit(
        audits.audit(
            "control",
            c.getCommandId(),
            b.tradingState.toString(),
            nowNs,
            "operator "
                + c.getOperator()
                + " ("
                + decision.reason()
                + ") set "
                + b.tradingState
                + ": "
                + c.getReason(),
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
