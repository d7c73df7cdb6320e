package io.nqflow.feed;

import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.CostEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what the feed reports to ops.costs and ops.audit. */
public final class TestingOps implements OpsSink {
  public final List<CostEvent> costs = new CopyOnWriteArrayList<>();
  public final List<AuditEvent> audits = new CopyOnWriteArrayList<>();

  @Override
  public void cost(CostEvent c) {
    costs.add(c);
  }

  @Override
  public void audit(AuditEvent a) {
    audits.add(a);
  }

  public List<String> actions() {
    return audits.stream().map(AuditEvent::getAction).toList();
  }
}
