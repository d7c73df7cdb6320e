package io.nqflow.feed;

import java.time.Instant;

/**
 * A source refuses to run until a given time (its data budget is spent, a request would cost more
 * than what is left): not a failure of the source, so it does not count against its circuit
 * breaker, but the feed moves on to the next source and comes back after {@link #until()}.
 */
public final class SourceUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Instant until;

  /**
   * @param until when the source may run again; null when it cannot run at all in this process
   */
  public SourceUnavailableException(String message, Instant until) {
    super(message);
    this.until = until;
  }

  /** When the source may run again; null for never (in this process). */
  public Instant until() {
    return until;
  }
}
