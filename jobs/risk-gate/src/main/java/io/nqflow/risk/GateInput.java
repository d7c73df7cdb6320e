package io.nqflow.risk;

import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;

/**
 * One input of the gate operator, keyed by account: exactly one of the fields other than {@link
 * #account} is set. A POJO of Avro records, so Flink serializes it without Kryo.
 */
public class GateInput {
  public String account;
  public FlowSignal signal;
  public ExecutionEvent execution;
  public CostEvent cost;
  public ControlCommand control;

  /** A trade from md.events (other payloads are filtered out before the gate). */
  public MarketEvent mark;

  /**
   * An opportunity from signals.opportunity (read only when the opportunity mode is not IGNORE).
   */
  public Opportunity opportunity;

  /** A shadow outcome from eval.outcomes (read only when risk.validation.enabled). */
  public SignalOutcome outcome;

  /** The latest state of an MNQ option ({@code risk.execute_in: MICRO}). */
  public io.nqflow.risk.micro.MicroQuote micro;

  public GateInput() {}

  public static GateInput micro(String account, io.nqflow.risk.micro.MicroQuote q) {
    GateInput in = new GateInput();
    in.account = account;
    in.micro = q;
    return in;
  }

  public static GateInput signal(String account, FlowSignal s) {
    GateInput in = new GateInput();
    in.account = account;
    in.signal = s;
    return in;
  }

  public static GateInput execution(String account, ExecutionEvent e) {
    GateInput in = new GateInput();
    in.account = account;
    in.execution = e;
    return in;
  }

  public static GateInput cost(String account, CostEvent c) {
    GateInput in = new GateInput();
    in.account = account;
    in.cost = c;
    return in;
  }

  public static GateInput control(String account, ControlCommand c) {
    GateInput in = new GateInput();
    in.account = account;
    in.control = c;
    return in;
  }

  public static GateInput mark(String account, MarketEvent m) {
    GateInput in = new GateInput();
    in.account = account;
    in.mark = m;
    return in;
  }

  public static GateInput opportunity(String account, Opportunity o) {
    GateInput in = new GateInput();
    in.account = account;
    in.opportunity = o;
    return in;
  }

  public static GateInput outcome(String account, SignalOutcome o) {
    GateInput in = new GateInput();
    in.account = account;
    in.outcome = o;
    return in;
  }

  /** What kind of input this is, for dead letters and metrics. */
  public String kind() {
    if (signal != null) {
      return "signal";
    }
    if (execution != null) {
      return "execution";
    }
    if (cost != null) {
      return "cost";
    }
    if (control != null) {
      return "control";
    }
    if (mark != null) {
      return "mark";
    }
    if (opportunity != null) {
      return "opportunity";
    }
    if (outcome != null) {
      return "outcome";
    }
    if (micro != null) {
      return "micro";
    }
    return "empty";
  }
}
