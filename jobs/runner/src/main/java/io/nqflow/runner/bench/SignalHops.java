package io.nqflow.runner.bench;

/**
 * The wall times (ns since the epoch, one JVM clock) at which one live signal passed each hop; -1
 * where it did not get there (a rejected signal has no order) or the time was not observed.
 *
 * @param signalId the signal
 * @param algorithm the detector that raised it
 * @param publish the feed handed the trigger event to the producer (= the signal's ts_event)
 * @param mdAppend the broker appended the trigger event to md.events (LogAppendTime, ms precision)
 * @param emit the detection job built the signal (its ts_emit)
 * @param signalReceived a plain consumer of signals.flow received it
 * @param decision the risk gate decided it (ts_decision of the intent or the rejection)
 * @param approved whether the gate approved it
 * @param intentReceived a plain consumer of orders.approved received the intent
 * @param orderSent the execution service sent the order to the broker (its SENT audit)
 * @param orderAccepted the paper broker had acknowledged the order (OrderAccepted on exec.events)
 */
record SignalHops(
    String signalId,
    String algorithm,
    long publish,
    long mdAppend,
    long emit,
    long signalReceived,
    long decision,
    boolean approved,
    long intentReceived,
    long orderSent,
    long orderAccepted) {

  /** How a hop's end and start are read from the stamps. */
  @FunctionalInterface
  interface Stamp {
    long of(SignalHops h);
  }

  /** One row of the report: from one stamp to a later one. */
  record Hop(String name, String key, Stamp from, Stamp to, boolean target) {}

  /** The rows, in path order; the two targets of issue 11 are marked. */
  static final java.util.List<Hop> HOPS =
      java.util.List.of(
          new Hop(
              "publish -> md.events append",
              "publish_to_md",
              SignalHops::publish,
              SignalHops::mdAppend,
              false),
          new Hop(
              "md.events append -> signal emit",
              "md_to_emit",
              SignalHops::mdAppend,
              SignalHops::emit,
              false),
          new Hop(
              "signal emit -> signal received",
              "emit_to_received",
              SignalHops::emit,
              SignalHops::signalReceived,
              false),
          new Hop(
              "EVENT -> SIGNAL RECEIVED",
              "event_to_signal",
              SignalHops::publish,
              SignalHops::signalReceived,
              true),
          new Hop(
              "signal emit -> gate decision",
              "emit_to_decision",
              SignalHops::emit,
              SignalHops::decision,
              false),
          new Hop(
              "gate decision -> intent received",
              "decision_to_intent",
              SignalHops::decision,
              SignalHops::intentReceived,
              false),
          new Hop(
              "gate decision -> order sent",
              "decision_to_sent",
              SignalHops::decision,
              SignalHops::orderSent,
              false),
          new Hop(
              "order sent -> broker accepted",
              "sent_to_accepted",
              SignalHops::orderSent,
              SignalHops::orderAccepted,
              false),
          new Hop(
              "SIGNAL RECEIVED -> ORDER SENT",
              "signal_to_order",
              SignalHops::signalReceived,
              SignalHops::orderSent,
              true),
          new Hop(
              "signal emit -> order sent",
              "emit_to_order",
              SignalHops::emit,
              SignalHops::orderSent,
              false));
}
