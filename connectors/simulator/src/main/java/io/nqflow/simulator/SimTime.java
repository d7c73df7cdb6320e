package io.nqflow.simulator;

/** Durations of the simulated session clock, in ns. */
public final class SimTime {
  /** One millisecond. */
  public static final long MS = 1_000_000L;

  /** One second. */
  public static final long SEC = 1_000_000_000L;

  private SimTime() {}
}
