package io.nqflow.risk;

import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import java.util.ArrayList;
import java.util.List;

/** Collects what the engine emits. */
public final class TestingEmitter implements RiskEmitter {
  public final List<OrderIntent> approved = new ArrayList<>();
  public final List<RiskDecision> rejected = new ArrayList<>();
  public final List<AuditEvent> audit = new ArrayList<>();
  public final List<ControlCommand> controls = new ArrayList<>();
  public final List<ControlCommand> refusedControls = new ArrayList<>();

  @Override
  public void approved(OrderIntent intent) {
    approved.add(intent);
  }

  @Override
  public void rejected(RiskDecision decision) {
    rejected.add(decision);
  }

  @Override
  public void audit(AuditEvent event) {
    audit.add(event);
  }

  @Override
  public void control(ControlCommand command) {
    controls.add(command);
  }

  @Override
  public void refusedControl(ControlCommand command, String reason) {
    refusedControls.add(command);
  }

  public OrderIntent lastApproved() {
    return approved.get(approved.size() - 1);
  }

  /** Rule names of the last rejection. */
  public List<String> lastRules() {
    return rejected.get(rejected.size() - 1).getViolations().stream()
        .map(RuleViolation::getRule)
        .toList();
  }
}
