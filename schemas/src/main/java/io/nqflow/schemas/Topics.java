package io.nqflow.schemas;

import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;
import java.util.List;

/** Every topic of the system (docs/design.md §5): the only place a topic name is written. */
public final class Topics {
  private Topics() {}

  public static final Topic<Long, Instrument> INSTRUMENTS =
      Topic.longKeyed(
          "md.instruments", Instrument.class, true, "instrument definitions, latest per id");
  public static final Topic<Long, MarketEvent> MARKET_EVENTS =
      Topic.longKeyed("md.events", MarketEvent.class, false, "normalized market events");
  public static final Topic<String, FlowSignal> FLOW_SIGNALS =
      Topic.stringKeyed("signals.flow", FlowSignal.class, "flow-detection signals");
  public static final Topic<String, Opportunity> OPPORTUNITIES =
      Topic.stringKeyed("signals.opportunity", Opportunity.class, "expected-value setups");
  public static final Topic<String, OrderIntent> ORDERS_APPROVED =
      Topic.stringKeyed("orders.approved", OrderIntent.class, "orders approved by the risk gate");
  public static final Topic<String, RiskDecision> ORDERS_REJECTED =
      Topic.stringKeyed("orders.rejected", RiskDecision.class, "signals the risk gate rejected");
  public static final Topic<String, ExecutionEvent> EXEC_EVENTS =
      Topic.stringKeyed("exec.events", ExecutionEvent.class, "orders, fills, positions, P&L");
  public static final Topic<String, SignalOutcome> OUTCOMES =
      Topic.stringKeyed("eval.outcomes", SignalOutcome.class, "shadow-trading outcomes");
  public static final Topic<String, CostEvent> COSTS =
      Topic.stringKeyed("ops.costs", CostEvent.class, "data spend in USD");
  public static final Topic<String, ControlCommand> CONTROL =
      Topic.stringKeyed("ops.control", ControlCommand.class, "operator commands");
  public static final Topic<String, AuditEvent> AUDIT =
      Topic.stringKeyed("ops.audit", AuditEvent.class, "append-only decision record");
  public static final Topic<String, DeadLetter> DEAD_LETTERS =
      Topic.stringKeyed("ops.deadletter", DeadLetter.class, "input that could not be processed");

  /** All topics, in data-flow order. */
  public static final List<Topic<?, ?>> ALL =
      List.of(
          INSTRUMENTS,
          MARKET_EVENTS,
          FLOW_SIGNALS,
          OPPORTUNITIES,
          ORDERS_APPROVED,
          ORDERS_REJECTED,
          EXEC_EVENTS,
          OUTCOMES,
          COSTS,
          CONTROL,
          AUDIT,
          DEAD_LETTERS);

  /**
   * The topic with this name. Serializable operators keep a topic's name and look it up here after
   * deserialization, since codecs are not serializable.
   *
   * @throws IllegalArgumentException for a name that is not a system topic
   */
  @SuppressWarnings("unchecked")
  public static <K, V extends org.apache.avro.specific.SpecificRecord> Topic<K, V> byName(
      String name) {
    for (Topic<?, ?> t : ALL) {
      if (t.name().equals(name)) {
        return (Topic<K, V>) t;
      }
    }
    throw new IllegalArgumentException("unknown topic '" + name + "'");
  }
}
