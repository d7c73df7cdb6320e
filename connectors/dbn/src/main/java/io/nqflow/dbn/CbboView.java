package io.nqflow.dbn;

/** Flyweight accessors of CbboMsg (cbbo-1s/1m) and Cmbp1Msg (cmbp-1, tcbbo). */
public final class CbboView {
  private final DbnRecord r;

  CbboView(DbnRecord r) {
    this.r = r;
  }

  private boolean isCmbp() {
    int t = r.rtype();
    return t == RType.CMBP_1 || t == RType.TCBBO;
  }

  public long price() {
    return r.i64(16);
  }

  public long size() {
    return r.u32(24);
  }

  /** Action (cmbp-1/tcbbo only; cbbo records have none and return 'N'). */
  public char action() {
    return isCmbp() ? r.chr(28) : 'N';
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

  /** ts_in_delta (cmbp-1/tcbbo only; 0 for cbbo). */
  public int tsInDelta() {
    return isCmbp() ? r.i32(40) : 0;
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

  /** Publisher id of the best bid. */
  public int bidPb() {
    return r.u16(72);
  }

  /** Publisher id of the best ask. */
  public int askPb() {
    return r.u16(76);
  }
}
