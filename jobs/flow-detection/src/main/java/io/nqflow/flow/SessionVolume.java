package io.nqflow.flow;

/**
 * One instrument's trading in the current session: contracts per time-of-day bucket and in total,
 * plus the window ring and the cooldown bookkeeping of IFD v1. A Flink POJO in keyed state.
 */
public final class SessionVolume {
  /** Current session (epoch day of its close); 0 before the first trade. */
  public long session;

  /** Event time of the instrument's first trade in this session, ns. */
  public long firstTradeTs;

  /** Contracts traded this session. */
  public long contracts;

  /** Contracts per time-of-day bucket this session. */
  public long[] bucketContracts;

  public WindowSlices window;

  /** Event time of the last signal, ns; 0 when none. */
  public long lastSignalTs;

  /** Confidence ordinal of the last signal; -1 when none. */
  public int lastSignalConfidence = -1;

  public SessionVolume() {}
}
