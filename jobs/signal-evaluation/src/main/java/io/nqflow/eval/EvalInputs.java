package io.nqflow.eval;

import io.nqflow.common.v1.DecisionSource;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Trade;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.signals.v1.FlowSignal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** The job's inputs as {@link EvalEvent}s: what of each record the outcomes need. */
final class EvalInputs {
  private EvalInputs() {}

  /** Trade prints (book and status events are not prices a trade was made at). */
  static final class Prints implements FlatMapFunction<MarketEvent, EvalEvent> {
    @Override
    public void flatMap(MarketEvent m, Collector<EvalEvent> out) {
      if (m.getPayload() instanceof Trade t && t.getPrice() > 0) {
        out.collect(
            EvalEvent.print(m.getInstrumentId(), m.getTsEvent(), m.getSequence(), t.getPrice()));
      }
    }
  }

  /** The signals of one variant. */
  static final class Signals implements FlatMapFunction<FlowSignal, EvalEvent> {
    private final String variant;

    Signals(String variant) {
      this.variant = variant;
    }

    @Override
    public void flatMap(FlowSignal s, Collector<EvalEvent> out) {
      if (variant.equals(s.getVariant())) {
        out.collect(EvalEvent.signal(s));
      }
    }
  }

  /**
   * Approved flow signals of one variant (opportunities are not signals); an approved exit
   * (reduce-only) is approved too, though its fills are no entry.
   */
  static final class Approved implements FlatMapFunction<OrderIntent, EvalEvent> {
    private final String variant;

    Approved(String variant) {
      this.variant = variant;
    }

    @Override
    public void flatMap(OrderIntent o, Collector<EvalEvent> out) {
      if (variant.equals(o.getVariant()) && o.getSource() == DecisionSource.FLOW_SIGNAL) {
        out.collect(
            EvalEvent.decision(
                o.getInstrumentId(), o.getSignalId(), o.getTsSignal(), true, "approved"));
      }
    }
  }

  /** Rejected flow signals of one variant; the reason lists the failed rules. */
  static final class Rejected implements FlatMapFunction<RiskDecision, EvalEvent> {
    private final String variant;

    Rejected(String variant) {
      this.variant = variant;
    }

    @Override
    public void flatMap(RiskDecision d, Collector<EvalEvent> out) {
      if (variant.equals(d.getVariant()) && d.getSource() == DecisionSource.FLOW_SIGNAL) {
        out.collect(
            EvalEvent.decision(
                d.getInstrumentId(), d.getSignalId(), d.getTsSignal(), false, reason(d)));
      }
    }

    static String reason(RiskDecision d) {
      List<String> rules = new ArrayList<>();
      for (RuleViolation v : d.getViolations()) {
        if (!rules.contains(v.getRule())) {
          rules.add(v.getRule());
        }
      }
      return rules.isEmpty() ? "rejected" : String.join(",", rules);
    }
  }

  /** Entry fills of the paper (or live) broker. */
  static final class EntryFills implements FlatMapFunction<ExecutionEvent, EvalEvent> {
    @Override
    public void flatMap(ExecutionEvent e, Collector<EvalEvent> out) {
      if (e.getPayload() instanceof Fill f && f.getRole() == OrderRole.ENTRY) {
        out.collect(
            EvalEvent.fill(
                f.getInstrumentId(),
                f.getClientOrderId(),
                e.getTsEvent(),
                f.getPrice(),
                f.getQuantity()));
      }
    }
  }
}
