package io.nqflow.dbn;

/** Flyweight accessors of OhlcvMsg (all ohlcv-* schemas). */
public final class OhlcvView {
  private final DbnRecord r;

  OhlcvView(DbnRecord r) {
    this.r = r;
  }

  public long open() {
    return r.i64(16);
  }

  public long high() {
    return r.i64(24);
  }

  public long low() {
    return r.i64(32);
  }

  public long close() {
    return r.i64(40);
  }

  /** Volume (u64). */
  public long volume() {
    return r.i64(48);
  }
}
