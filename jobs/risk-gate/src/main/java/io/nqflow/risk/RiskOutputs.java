package io.nqflow.risk;

import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What the gate's workflow produces.
 *
 * @param approved orders for orders.approved (key account)
 * @param rejected rejections naming every failed rule, for orders.rejected (key account)
 * @param audit one event per decision, duplicate and trading-state change, for ops.audit (key
 *     entity id)
 * @param controls the gate's automatic HALT commands, for ops.control (key scope)
 * @param deadLetters inputs with impossible content, for ops.deadletter (key source)
 */
public record RiskOutputs(
    DataStream<OrderIntent> approved,
    DataStream<RiskDecision> rejected,
    DataStream<AuditEvent> audit,
    DataStream<ControlCommand> controls,
    DataStream<DeadLetter> deadLetters) {}
