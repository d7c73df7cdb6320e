package io.nqflow.dbn;

/** Bits of the {@code flags} field of market-data records. */
public final class Flags {
  private Flags() {}

  /** Last record of an event for this instrument (the book is consistent after it). */
  public static final int F_LAST = 1 << 7;

  /** Top-of-book message, not an individual order. */
  public static final int F_TOB = 1 << 6;

  /** Message sourced from a replay, such as a snapshot server. */
  public static final int F_SNAPSHOT = 1 << 5;

  /** An aggregated price level message, not an individual order. */
  public static final int F_MBP = 1 << 4;

  /** The {@code ts_recv} value is inaccurate (clock issues or reordering). */
  public static final int F_BAD_TS_RECV = 1 << 3;

  /** An unrecoverable gap was detected in the channel. */
  public static final int F_MAYBE_BAD_BOOK = 1 << 2;

  /** Tests one flag bit. */
  public static boolean isSet(int flags, int flag) {
    return (flags & flag) != 0;
  }
}
