package io.nqflow.risk;

import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;

/** Where {@link RiskEngine} sends what it decides; the Flink operator and tests implement it. */
public interface RiskEmitter {
  void approved(OrderIntent intent);

  void rejected(RiskDecision decision);

  void audit(AuditEvent event);

  /** A command the gate itself issues, such as the automatic HALT on the daily loss limit. */
  void control(ControlCommand command);

  /**
   * A control command the gate refused (io.nqflow.core.security.ControlGuard): dead-lettered and
   * counted by the Flink operator; its audit event has already gone to {@link #audit}.
   */
  default void refusedControl(ControlCommand command, String reason) {}
}
