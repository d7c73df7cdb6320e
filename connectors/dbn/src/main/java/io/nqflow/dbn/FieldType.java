package io.nqflow.dbn;

/** Wire type of one record field (all little-endian). */
public enum FieldType {
  U8(1),
  I8(1),
  U16(2),
  I16(2),
  U32(4),
  I32(4),
  U64(8),
  I64(8),
  /** One ASCII character ({@code c_char}). */
  CHAR(1),
  /** A NUL-padded character array ({@code c_char[N]}); the field's size is N. */
  CSTR(0),
  /** {@code BidAskPair[N]}: bid_px, ask_px, bid_sz, ask_sz, bid_ct, ask_ct; 32 bytes each. */
  BID_ASK_PAIRS(32),
  /** {@code ConsolidatedBidAskPair[N]}: bid_px, ask_px, bid_sz, ask_sz, bid_pb, ask_pb. */
  CONSOLIDATED_BID_ASK_PAIRS(32);

  private final int width;

  FieldType(int width) {
    this.width = width;
  }

  /** Size in bytes of one element (0 for CSTR, whose size is per field). */
  public int width() {
    return width;
  }

  /** True for the integer types. */
  public boolean isInteger() {
    return ordinal() <= I64.ordinal();
  }
}
