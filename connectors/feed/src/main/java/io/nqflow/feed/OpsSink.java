package io.nqflow.feed;

import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.CostEvent;

/** Where the feed reports data spend ({@code ops.costs}) and its decisions ({@code ops.audit}). */
public interface OpsSink {
  /** Publishes one cost event and waits until it is durable. */
  void cost(CostEvent c);

  /** Publishes one audit event and waits until it is durable. */
  void audit(AuditEvent a);
}
