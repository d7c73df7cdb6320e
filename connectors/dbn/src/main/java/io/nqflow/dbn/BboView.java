package io.nqflow.dbn;

/** Flyweight accessors of BboMsg (bbo-1s, bbo-1m). */
public final class BboView {
  private final DbnRecord r;

  BboView(DbnRecord r) {
    this.r = r;
  }

  /** Last trade price, 1e-9 units. */
  public long price() {
    return r.i64(16);
  }

  public long size() {
    return r.u32(24);
  }

  public char side() {
    return r.chr(29);
  }

  public int flags() {
    return r.u8(30);
  }

  public long tsRecv() {
    return r.i64(32);
  }

  public long sequence() {
    return r.u32(44);
  }

  public long bidPx() {
    return r.i64(48);
  }

  public long askPx() {
    return r.i64(56);
  }

  public long bidSz() {
    return r.u32(64);
  }

  public long askSz() {
    return r.u32(68);
  }

  public long bidCt() {
    return r.u32(72);
  }

  public long askCt() {
    return r.u32(76);
  }
}
