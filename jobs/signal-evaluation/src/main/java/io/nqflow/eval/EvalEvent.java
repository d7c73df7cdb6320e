package io.nqflow.eval;

import io.nqflow.signals.v1.FlowSignal;

/**
 * One input of {@link OutcomeFunction}, keyed by instrument: a trade print of the instrument, a
 * signal on it, the risk gate's decision on a signal, or a paper entry fill. A Flink POJO; prices
 * 1e-9 fixed point, times ns since the UNIX epoch.
 */
public class EvalEvent {
  /** What the event is; the order is the processing order of events at the same ns. */
  public enum Kind {
    PRINT,
    SIGNAL,
    DECISION,
    FILL
  }

  public Kind kind;
  public long instrumentId;

  /**
   * Event time: the print's or signal's ts_event, the decision's ts_signal, the fill's ts_event.
   */
  public long tsNs;

  /** Venue sequence of a print (ties inside a ns). */
  public long sequence;

  /** Print price, or fill price. */
  public long price;

  /** Filled contracts. */
  public int quantity;

  /** The signal (SIGNAL), else null. */
  public FlowSignal signal;

  /** The decided signal's id (DECISION), or the fill's client order id (FILL). */
  public String ref;

  public boolean approved;
  public String reason;

  public EvalEvent() {}

  public static EvalEvent print(long instrumentId, long tsNs, long sequence, long price) {
    EvalEvent e = new EvalEvent();
    e.kind = Kind.PRINT;
    e.instrumentId = instrumentId;
    e.tsNs = tsNs;
    e.sequence = sequence;
    e.price = price;
    return e;
  }

  public static EvalEvent signal(FlowSignal s) {
    EvalEvent e = new EvalEvent();
    e.kind = Kind.SIGNAL;
    e.instrumentId = s.getInstrumentId();
    e.tsNs = s.getTsEvent();
    e.sequence = s.getTriggerSequence();
    e.signal = s;
    return e;
  }

  public static EvalEvent decision(
      long instrumentId, String signalId, long tsSignal, boolean approved, String reason) {
    EvalEvent e = new EvalEvent();
    e.kind = Kind.DECISION;
    e.instrumentId = instrumentId;
    e.tsNs = tsSignal;
    e.ref = signalId;
    e.approved = approved;
    e.reason = reason;
    return e;
  }

  public static EvalEvent fill(
      long instrumentId, String clientOrderId, long tsNs, long price, int quantity) {
    EvalEvent e = new EvalEvent();
    e.kind = Kind.FILL;
    e.instrumentId = instrumentId;
    e.tsNs = tsNs;
    e.ref = clientOrderId;
    e.price = price;
    e.quantity = quantity;
    return e;
  }

  /** Event time in ms, Flink's timestamp (floor). */
  public long tsMs() {
    return Math.floorDiv(tsNs, 1_000_000L);
  }

  @Override
  public String toString() {
    return kind
        + " instrument "
        + instrumentId
        + " ts_event "
        + tsNs
        + (kind == Kind.SIGNAL ? " signal " + signal.getSignalId() : "")
        + (ref != null ? " ref " + ref : "");
  }
}
