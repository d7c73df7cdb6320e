package io.nqflow.feed.quality;

import java.util.Locale;

/** What the quality monitor checks; a rejecting check keeps the record off {@code md.events}. */
public enum Check {
  /** MBO sequence jumped forward on a channel: messages were missed (metric only). */
  SEQUENCE_GAP(false),
  /** Same instrument, sequence, ts_event and payload as a record already seen. */
  DUPLICATE(true),
  /** A price that is not a multiple of the instrument's tick at that price. */
  OFF_TICK(true),
  /** A trade or quote price above the high or below the low limit price. */
  OUTSIDE_LIMITS(true),
  /** Best bid above best ask in a quote. */
  CROSSED_BOOK(true),
  /** |ts_recv - ts_event| above feed.quality.max_clock_skew (metric only). */
  CLOCK_SKEW(false),
  /**
   * An instrument without an update for feed.quality.stale_after (event time) while others keep
   * updating (metric only; the finding is about that instrument, not the record checked).
   */
  STALE_INSTRUMENT(false);

  private final boolean rejects;

  Check(boolean rejects) {
    this.rejects = rejects;
  }

  /** Whether a record with this finding goes to dead letters instead of {@code md.events}. */
  public boolean rejects() {
    return rejects;
  }

  /** The metric label, e.g. {@code sequence_gap}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
