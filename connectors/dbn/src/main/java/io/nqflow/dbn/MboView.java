package io.nqflow.dbn;

/** Flyweight accessors of an MBO record (MboMsg, the same in v1-v3). */
public final class MboView {
  private final DbnRecord r;

  MboView(DbnRecord r) {
    this.r = r;
  }

  public long orderId() {
    return r.i64(16);
  }

  /** Order price, 1e-9 units. */
  public long price() {
    return r.i64(24);
  }

  public long size() {
    return r.u32(32);
  }

  /** See {@link Flags}. */
  public int flags() {
    return r.u8(36);
  }

  public int channelId() {
    return r.u8(37);
  }

  /** A(dd), C(ancel), M(odify), R (clear), T(rade), F(ill), N(one). */
  public char action() {
    return r.chr(38);
  }

  /** A(sk), B(id), N(one). */
  public char side() {
    return r.chr(39);
  }

  /** Capture-server receive time, ns since the UNIX epoch. */
  public long tsRecv() {
    return r.i64(40);
  }

  public int tsInDelta() {
    return r.i32(48);
  }

  public long sequence() {
    return r.u32(52);
  }
}
