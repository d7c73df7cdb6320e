package io.nqflow.flow;

/** Keyed state of IFD v3 for one instrument. A Flink POJO. */
public final class PressureState {
  public SessionVolume volume;
  public PressureSlices window;

  /** Price of the last fill, 1e-9 fixed point. */
  public long lastFillPrice;

  /** Book side of the last fill: 1 bid, -1 ask, 0 none. */
  public int lastFillSide;

  /** Event time of the last fill, ns. */
  public long lastFillTs;

  /** Match event (ts_event) of the latest fills, ns. */
  public long fillEventTs;

  /** Order ids filled in that match event; their cancels are the fills' book removal. */
  public long[] fillOrderIds;

  public int fillOrders;

  /** Event time of the last signal, ns; 0 when none. */
  public long lastSignalTs;

  /** Confidence ordinal of the last signal; -1 when none. */
  public int lastSignalConfidence = -1;

  public PressureState() {}
}
