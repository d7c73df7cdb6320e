package io.nqflow.simulator.dbn;

/** A decoded DBN record of one of the types this module writes. */
public sealed interface DbnRecord permits MboMsg, TradeMsg, StatMsg, InstrumentDefMsg {
  /** Numeric instrument id from the record header. */
  int instrumentId();

  /** Matching-engine event time, ns since the epoch. */
  long tsEvent();
}
