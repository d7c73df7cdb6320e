package io.nqflow.dbn;

import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.dbn.record.MessageCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A flyweight view of one DBN record inside the decoder's buffer: fields are read in place, nothing
 * is copied. The decoder reuses one instance, so a view is valid only until the next call to {@link
 * DbnDecoder#next()}; call {@link #copy()} or {@link #toMessage()} to keep a record.
 *
 * <p>Integer fields are returned widened so unsigned values stay correct: u8/u16/i8/i16/i32 as
 * {@code int}, u32 as {@code long}; u64 is returned as the raw 64 bits in a {@code long} (use
 * {@link Long#toUnsignedString(long)}); prices are i64 in units of 1e-9.
 */
public final class DbnRecord {
  ByteBuffer bb;
  int off;
  int len;
  int version;
  boolean tsOut;
  RecordLayout layout;
  long streamOffset;

  private MboView mbo;
  private MbpView mbp;
  private BboView bbo;
  private CbboView cbbo;
  private OhlcvView ohlcv;
  private StatView stat;
  private StatusView status;
  private DefinitionView definition;

  DbnRecord() {}

  void set(
      ByteBuffer bb,
      int off,
      int len,
      int version,
      boolean tsOut,
      RecordLayout layout,
      long streamOffset) {
    this.bb = bb;
    this.off = off;
    this.len = len;
    this.version = version;
    this.tsOut = tsOut;
    this.layout = layout;
    this.streamOffset = streamOffset;
  }

  /** Wraps the bytes of one complete record (e.g. from {@link #copyBytes()}). */
  public static DbnRecord wrap(byte[] bytes, int version, boolean tsOut) {
    if (bytes.length < Dbn.RECORD_HEADER_LEN || (bytes[0] & 0xFF) * 4 != bytes.length) {
      throw new IllegalArgumentException(
          "not one complete record: "
              + bytes.length
              + " bytes, header length word "
              + (bytes[0] & 0xFF));
    }
    DbnRecord r = new DbnRecord();
    RecordLayout l = Layouts.of(bytes[1] & 0xFF, version);
    if (l != null && bytes.length < l.size() + (tsOut ? 8 : 0)) {
      throw new IllegalArgumentException(
          RType.name(bytes[1] & 0xFF) + " record of " + bytes.length + " bytes is too short");
    }
    r.set(
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN),
        0,
        bytes.length,
        version,
        tsOut,
        l,
        0);
    return r;
  }

  // ---- header ----

  /** Record type, see {@link RType}. */
  public int rtype() {
    return bb.get(off + 1) & 0xFF;
  }

  /** Databento publisher id (dataset + venue). */
  public int publisherId() {
    return bb.getShort(off + 2) & 0xFFFF;
  }

  /** Numeric instrument id (u32). */
  public long instrumentId() {
    return bb.getInt(off + 4) & 0xFFFF_FFFFL;
  }

  /** Matching-engine timestamp, ns since the UNIX epoch (u64). */
  public long tsEvent() {
    return bb.getLong(off + 8);
  }

  /** Record length in bytes (the header stores it in 4-byte words), ts_out suffix included. */
  public int length() {
    return len;
  }

  /** The DBN version of this record's layout (3 after an upgrade). */
  public int version() {
    return version;
  }

  /** Layout of this record, never null (the decoder skips records of unknown rtypes). */
  public RecordLayout layout() {
    return layout;
  }

  /** Offset of this record in the decompressed stream. */
  public long streamOffset() {
    return streamOffset;
  }

  /** True if the record carries the 8-byte ts_out suffix (gateway send time). */
  public boolean hasTsOut() {
    return tsOut;
  }

  /** Gateway send time, ns since the UNIX epoch, or {@link Dbn#UNDEF_TIMESTAMP} if absent. */
  public long tsOut() {
    return tsOut ? bb.getLong(off + layout.size()) : Dbn.UNDEF_TIMESTAMP;
  }

  /** A read-only little-endian view of this record's bytes (no copy; valid until next()). */
  public ByteBuffer rawBytes() {
    // asReadOnlyBuffer() resets the byte order, so set it last.
    return bb.slice(off, len).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A copy of this record's bytes. */
  public byte[] copyBytes() {
    byte[] b = new byte[len];
    bb.get(off, b);
    return b;
  }

  /** A detached copy that stays valid after the decoder moves on. */
  public DbnRecord copy() {
    DbnRecord r = new DbnRecord();
    r.set(
        ByteBuffer.wrap(copyBytes()).order(ByteOrder.LITTLE_ENDIAN),
        0,
        len,
        version,
        tsOut,
        layout,
        streamOffset);
    return r;
  }

  /**
   * Materializes this record as an immutable Java record in the v3 shape (v1/v2 definitions,
   * statistics, errors, system and symbol-mapping records are upgraded; ts_out is not included).
   */
  public DbnMessage toMessage() {
    if (version < 3 && Layouts.changesInV3(rtype(), version)) {
      byte[] up = new byte[Upgrader.MAX_UPGRADED_LEN];
      int n = Upgrader.upgrade(this, up);
      return MessageCodec.read(ByteBuffer.wrap(up, 0, n).order(ByteOrder.LITTLE_ENDIAN), 0);
    }
    return MessageCodec.read(bb, off);
  }

  // ---- generic field access (by layout field) ----

  /** The field of this name in this record's layout, or null. */
  public Field field(String name) {
    return layout.field(name);
  }

  /** An integer or char field, widened as described in the class comment. */
  public long getInteger(Field f) {
    int p = off + f.offset();
    return switch (f.type()) {
      case U8, CHAR -> bb.get(p) & 0xFF;
      case I8 -> bb.get(p);
      case U16 -> bb.getShort(p) & 0xFFFF;
      case I16 -> bb.getShort(p);
      case U32 -> bb.getInt(p) & 0xFFFF_FFFFL;
      case I32 -> bb.getInt(p);
      case U64, I64 -> bb.getLong(p);
      default ->
          throw new IllegalArgumentException(f.name() + " is " + f.type() + ", not an integer");
    };
  }

  /** An integer field by name. */
  public long getInteger(String name) {
    return getInteger(required(name));
  }

  /** A {@code c_char} field. */
  public char getChar(Field f) {
    return (char) (bb.get(off + f.offset()) & 0xFF);
  }

  /** A {@code c_char[N]} field, cut at the first NUL, decoded as UTF-8. */
  public String getString(Field f) {
    return cstr(f.offset(), f.size());
  }

  /** A {@code c_char[N]} field by name. */
  public String getString(String name) {
    return getString(required(name));
  }

  private Field required(String name) {
    Field f = layout.field(name);
    if (f == null) {
      throw new IllegalArgumentException(layout + " has no field " + name);
    }
    return f;
  }

  String cstr(int relOffset, int size) {
    int start = off + relOffset;
    int n = 0;
    while (n < size && bb.get(start + n) != 0) {
      n++;
    }
    if (n == 0) {
      return "";
    }
    byte[] b = new byte[n];
    bb.get(start, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  long u32(int rel) {
    return bb.getInt(off + rel) & 0xFFFF_FFFFL;
  }

  long i64(int rel) {
    return bb.getLong(off + rel);
  }

  int i32(int rel) {
    return bb.getInt(off + rel);
  }

  int u16(int rel) {
    return bb.getShort(off + rel) & 0xFFFF;
  }

  int u8(int rel) {
    return bb.get(off + rel) & 0xFF;
  }

  char chr(int rel) {
    return (char) (bb.get(off + rel) & 0xFF);
  }

  // ---- typed views (no allocation after the first call) ----

  /** MBO view; rtype must be {@link RType#MBO}. */
  public MboView mbo() {
    expect(rtype() == RType.MBO, "mbo");
    return mbo == null ? mbo = new MboView(this) : mbo;
  }

  /** Trades (mbp-0), mbp-1/tbbo and mbp-10 view. */
  public MbpView mbp() {
    int t = rtype();
    expect(t == RType.MBP_0 || t == RType.MBP_1 || t == RType.MBP_10, "mbp-0/mbp-1/mbp-10");
    return mbp == null ? mbp = new MbpView(this) : mbp;
  }

  /** bbo-1s / bbo-1m view. */
  public BboView bbo() {
    int t = rtype();
    expect(t == RType.BBO_1S || t == RType.BBO_1M, "bbo");
    return bbo == null ? bbo = new BboView(this) : bbo;
  }

  /** cbbo-1s / cbbo-1m / cmbp-1 / tcbbo view. */
  public CbboView cbbo() {
    int t = rtype();
    expect(
        t == RType.CBBO_1S || t == RType.CBBO_1M || t == RType.CMBP_1 || t == RType.TCBBO,
        "cbbo/cmbp-1/tcbbo");
    return cbbo == null ? cbbo = new CbboView(this) : cbbo;
  }

  /** OHLCV view. */
  public OhlcvView ohlcv() {
    expect(layout == Layouts.OHLCV, "ohlcv");
    return ohlcv == null ? ohlcv = new OhlcvView(this) : ohlcv;
  }

  /** Statistics view (v1/v2 i32 quantities are widened; undefined maps to i64::MAX). */
  public StatView stat() {
    expect(rtype() == RType.STATISTICS, "statistics");
    return stat == null ? stat = new StatView(this) : stat;
  }

  /** Status view. */
  public StatusView status() {
    expect(rtype() == RType.STATUS, "status");
    return status == null ? status = new StatusView(this) : status;
  }

  /** Instrument definition view over any of the v1/v2/v3 layouts. */
  public DefinitionView definition() {
    expect(rtype() == RType.INSTRUMENT_DEF, "instrument-def");
    return definition == null ? definition = new DefinitionView(this) : definition;
  }

  private void expect(boolean ok, String kind) {
    if (!ok) {
      throw new IllegalStateException("record is " + RType.name(rtype()) + ", not " + kind);
    }
  }

  @Override
  public String toString() {
    return RType.name(rtype())
        + "{v"
        + version
        + ", instrument_id="
        + instrumentId()
        + ", ts_event="
        + Long.toUnsignedString(tsEvent())
        + ", "
        + len
        + " bytes}";
  }
}
