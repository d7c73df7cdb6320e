package io.nqflow.jobs.common;

/**
 * A count of the instrument keys of a keyed operator's state at one moment of event time: how many
 * keys hold a definition, how many of those are past their instrument's expiration (kept on purpose
 * for stragglers) and how many are past the time by which the operator should have cleared them.
 * The last must stay 0: a key counted there is state left behind for an expired instrument.
 *
 * @param keys keys that hold a definition
 * @param expired keys whose instrument expired at or before the watermark
 * @param overdue keys whose clearing time (expiration plus the operator's retention) is at or
 *     before the watermark, yet still hold a definition
 */
public record InstrumentKeyCensus(long keys, long expired, long overdue) {
  /** No keys. */
  public static final InstrumentKeyCensus EMPTY = new InstrumentKeyCensus(0, 0, 0);

  /**
   * Adds one key to the count.
   *
   * @param expiresAtMillis event time (ms) of the instrument's expiration, {@code Long.MAX_VALUE}
   *     when it never expires
   * @param retiredAtMillis event time (ms) at which the operator clears the key's state, {@code
   *     Long.MAX_VALUE} when never
   * @param watermarkMillis the operator's current event time (ms)
   */
  public InstrumentKeyCensus plus(
      long expiresAtMillis, long retiredAtMillis, long watermarkMillis) {
    return new InstrumentKeyCensus(
        keys + 1,
        expired + (expiresAtMillis <= watermarkMillis ? 1 : 0),
        overdue + (retiredAtMillis <= watermarkMillis ? 1 : 0));
  }
}
