package io.nqflow.dbn;

/** Flyweight accessors of TradeMsg (mbp-0), Mbp1Msg (mbp-1, tbbo) and Mbp10Msg. */
public final class MbpView {
  private static final int LEVELS = 48;
  private final DbnRecord r;

  MbpView(DbnRecord r) {
    this.r = r;
  }

  /** Price, 1e-9 units. */
  public long price() {
    return r.i64(16);
  }

  public long size() {
    return r.u32(24);
  }

  public char action() {
    return r.chr(28);
  }

  public char side() {
    return r.chr(29);
  }

  public int flags() {
    return r.u8(30);
  }

  /** Book level updated (0 = top). */
  public int depth() {
    return r.u8(31);
  }

  public long tsRecv() {
    return r.i64(32);
  }

  public int tsInDelta() {
    return r.i32(40);
  }

  public long sequence() {
    return r.u32(44);
  }

  /** Number of book levels carried: 0 (trades), 1 or 10. */
  public int levelCount() {
    return switch (r.rtype()) {
      case RType.MBP_1 -> 1;
      case RType.MBP_10 -> 10;
      default -> 0;
    };
  }

  public long bidPx(int level) {
    return r.i64(level(level));
  }

  public long askPx(int level) {
    return r.i64(level(level) + 8);
  }

  public long bidSz(int level) {
    return r.u32(level(level) + 16);
  }

  public long askSz(int level) {
    return r.u32(level(level) + 20);
  }

  public long bidCt(int level) {
    return r.u32(level(level) + 24);
  }

  public long askCt(int level) {
    return r.u32(level(level) + 28);
  }

  private int level(int i) {
    if (i < 0 || i >= levelCount()) {
      throw new IndexOutOfBoundsException("level " + i + " of " + levelCount());
    }
    return LEVELS + 32 * i;
  }
}
