package io.nqflow.dbn;

/** Flyweight accessors of StatusMsg. */
public final class StatusView {
  private final DbnRecord r;

  StatusView(DbnRecord r) {
    this.r = r;
  }

  public long tsRecv() {
    return r.i64(16);
  }

  public int action() {
    return r.u16(24);
  }

  public int reason() {
    return r.u16(26);
  }

  public int tradingEvent() {
    return r.u16(28);
  }

  /** Y, N or '~' (not available). */
  public char isTrading() {
    return r.chr(30);
  }

  public char isQuoting() {
    return r.chr(31);
  }

  public char isShortSellRestricted() {
    return r.chr(32);
  }
}
