package io.nqflow.flow;

/**
 * One instrument's aggressive trading in the current session, both sides: what the accumulation
 * pattern compares a run with (a run must stand out from the option's normal flow). A Flink POJO in
 * keyed state.
 */
public final class AccumulationActivity {
  /** Current session (epoch day of its close, {@code SessionClock#session}); 0 before any trade. */
  public long session;

  /** Event time of the instrument's first trade this session, ns. */
  public long firstTradeTs;

  /** Event time of its last trade this session, ns. */
  public long lastTradeTs;

  /** Contracts traded this session. */
  public long contracts;

  /** Contracts per second over the previous session's trading hours; 0 when none. */
  public double priorRate;

  /** Event time of the last accumulation signal of buyers this session, ns; 0 when none. */
  public long lastBuySignalTs;

  /** Event time of the last accumulation signal of sellers this session, ns; 0 when none. */
  public long lastSellSignalTs;

  public AccumulationActivity() {}
}
