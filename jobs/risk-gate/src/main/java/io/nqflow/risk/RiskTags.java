package io.nqflow.risk;

import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.RiskDecision;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** Side outputs of the gate's operators (approved intents are the main output). */
public final class RiskTags {
  private RiskTags() {}

  public static final OutputTag<RiskDecision> REJECTED =
      new OutputTag<>("risk-rejected", new AvroTypeInfo<>(RiskDecision.class));

  public static final OutputTag<AuditEvent> AUDIT =
      new OutputTag<>("risk-audit", new AvroTypeInfo<>(AuditEvent.class));

  public static final OutputTag<ControlCommand> CONTROL =
      new OutputTag<>("risk-control", new AvroTypeInfo<>(ControlCommand.class));
}
