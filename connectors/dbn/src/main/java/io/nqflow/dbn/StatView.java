package io.nqflow.dbn;

/** Flyweight accessors of StatMsg over the v1/v2 (i32 quantity) and v3 (i64) layouts. */
public final class StatView {
  private final DbnRecord r;

  StatView(DbnRecord r) {
    this.r = r;
  }

  private Field f(String name) {
    return r.layout.field(name);
  }

  public long tsRecv() {
    return r.i64(16);
  }

  public long tsRef() {
    return r.i64(24);
  }

  public long price() {
    return r.i64(32);
  }

  /** Quantity as i64; the v1/v2 sentinel i32::MAX is mapped to {@link Dbn#UNDEF_STAT_QUANTITY}. */
  public long quantity() {
    if (r.layout == Layouts.STAT_V3) {
      return r.i64(40);
    }
    int q = r.i32(40);
    return q == Dbn.UNDEF_STAT_QUANTITY_V1 ? Dbn.UNDEF_STAT_QUANTITY : q;
  }

  public long sequence() {
    return r.getInteger(f("sequence"));
  }

  public int tsInDelta() {
    return (int) r.getInteger(f("ts_in_delta"));
  }

  public int statType() {
    return (int) r.getInteger(f("stat_type"));
  }

  public int channelId() {
    return (int) r.getInteger(f("channel_id"));
  }

  public int updateAction() {
    return (int) r.getInteger(f("update_action"));
  }

  public int statFlags() {
    return (int) r.getInteger(f("stat_flags"));
  }
}
