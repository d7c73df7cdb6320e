package io.nqflow.execution.engine;

import io.nqflow.core.security.ControlGuard;
import io.nqflow.execution.ledger.OutboxRecord;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.schemas.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may switch the execution service's trading state: checks each ops.control command with the
 * {@link ControlGuard} (operator keys, the risk gate's key, control.require_signed, automatic HALTs
 * in force) and, for a refused one, says what to publish instead (a CONTROL_REFUSED audit event and
 * a dead letter holding the command) and counts it.
 */
final class ControlIntake {
  private static final Logger LOG = LoggerFactory.getLogger(ControlIntake.class);

  private final ControlGuard guard;
  private final TradingControl control;
  private final Messages messages;
  private final ExecutionCounters counters;

  ControlIntake(
      ControlGuard guard, TradingControl control, Messages messages, ExecutionCounters counters) {
    this.guard = guard;
    this.control = control;
    this.messages = messages;
    this.counters = counters;
  }

  /** Whether {@code c} may be applied now. */
  ControlGuard.Decision decide(ControlCommand c) {
    return guard.decide(c, control.automaticHaltInForce(c));
  }

  /** The audit event of an applied command: operator, key id (empty when unsigned), new state. */
  OutboxRecord applied(ControlCommand c, ControlGuard.Decision decision, TradingControl.Change ch) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.OPERATOR, c.getOperator());
    d.put(AuditDetails.KEY_ID, decision.signed() ? decision.keyId() : "");
    d.put(AuditDetails.SCOPE, ch.scope());
    d.put(AuditDetails.STATE, ch.state().name());
    LOG.warn(
        "control {} for scope {} by {} ({}): {} -> trading state {}",
        c.getCommand(),
        ch.scope(),
        c.getOperator(),
        decision.reason(),
        c.getReason(),
        ch.state());
    return messages.audit(
        "control",
        c.getCommandId(),
        c.getCommand().name(),
        "",
        OrderEngine.nowNs(),
        c.getReason(),
        d);
  }

  /**
   * The audit event and dead letter of a refused command, counted ({@code source}: where it was
   * read).
   */
  List<OutboxRecord> refusal(ControlCommand c, ControlGuard.Decision decision, String source) {
    long now = OrderEngine.nowNs();
    String why =
        "refused "
            + c.getCommand()
            + " "
            + c.getCommandId()
            + " by "
            + c.getOperator()
            + " at "
            + source
            + ": "
            + decision.reason()
            + "; trading state unchanged ("
            + control
            + ")";
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.OPERATOR, c.getOperator());
    d.put(AuditDetails.KEY_ID, decision.keyId());
    d.put(AuditDetails.REFUSAL, decision.refusal().name());
    d.put(AuditDetails.SCOPE, c.getScope());
    d.put(AuditDetails.COMMAND, c.getCommand().name());
    d.put(AuditDetails.POSITION, source);
    counters.controlRefused();
    LOG.warn("control {}", why);
    return List.of(
        messages.audit("control", c.getCommandId(), "CONTROL_REFUSED", source, now, why, d),
        messages.deadLetter(
            Topics.CONTROL.name(), source, Topics.CONTROL.serializeValue(c), why, now));
  }
}
