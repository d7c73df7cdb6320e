package io.nqflow.dbn;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Reads v1-v3 and writes v3 metadata headers. */
final class MetadataCodec {
  private MetadataCodec() {}

  /** "DBN" + version byte + u32 length. */
  static final int PREFIX_LEN = 8;

  /** Fixed part after the prefix, the same size in every version. */
  static final int FIXED_LEN = 100;

  private static final int DATASET_LEN = 16;
  private static final int RESERVED_V2 = 53;

  /**
   * Parses the metadata body (the bytes after the 8-byte prefix).
   *
   * @param base stream offset of {@code body[0]}, for error messages
   */
  static Metadata read(byte[] body, int len, int version, long base) throws DbnFormatException {
    Reader r = new Reader(ByteBuffer.wrap(body, 0, len).order(ByteOrder.LITTLE_ENDIAN), base);
    String dataset = r.cstr(DATASET_LEN, "dataset");
    int schemaCode = r.u16();
    Schema schema = null;
    if (schemaCode != Schema.MIXED_CODE) {
      schema = Schema.fromCode(schemaCode);
      if (schema == null) {
        throw new DbnFormatException(r.at(-2), "unknown schema code " + schemaCode);
      }
    }
    long start = r.u64();
    long end = r.u64();
    long limit = r.u64();
    if (version == 1) {
      r.u64(); // v1 record_count: deprecated, never used by readers
    }
    SType stypeIn = r.stype("stype_in");
    SType stypeOut = r.stype("stype_out");
    int tsOutByte = r.u8();
    if (tsOutByte > 1) {
      throw new DbnFormatException(r.at(-1), "ts_out flag is " + tsOutByte + ", not 0 or 1");
    }
    int cstrLen;
    if (version == 1) {
      cstrLen = Dbn.SYMBOL_CSTR_LEN_V1;
    } else {
      cstrLen = r.u16();
      if (cstrLen == 0 || cstrLen > 1024) {
        throw new DbnFormatException(
            r.at(-2), "symbol_cstr_len " + cstrLen + " out of range 1..1024");
      }
    }
    r.seek(FIXED_LEN);
    long schemaDefLen = r.u32();
    if (schemaDefLen != 0) {
      throw new DbnFormatException(
          r.at(-4), "schema_definition_length is " + schemaDefLen + "; only 0 is supported");
    }
    List<String> symbols = r.symbols(cstrLen, "symbols");
    List<String> partial = r.symbols(cstrLen, "partial");
    List<String> notFound = r.symbols(cstrLen, "not_found");
    long mappingCount = r.count(cstrLen + 4L, "mappings");
    List<Metadata.SymbolMapping> mappings = new ArrayList<>((int) mappingCount);
    for (long i = 0; i < mappingCount; i++) {
      String raw = r.cstr(cstrLen, "mapping raw_symbol");
      long n = r.count(8L + cstrLen, "mapping intervals");
      List<Metadata.MappingInterval> intervals = new ArrayList<>((int) n);
      for (long j = 0; j < n; j++) {
        LocalDate s = r.date("start_date");
        LocalDate e = r.date("end_date");
        intervals.add(new Metadata.MappingInterval(s, e, r.cstr(cstrLen, "mapping symbol")));
      }
      mappings.add(new Metadata.SymbolMapping(raw, intervals));
    }
    // Whatever follows is padding to 8-byte alignment.
    return new Metadata(
        version,
        dataset,
        schema,
        start,
        end,
        limit,
        stypeIn,
        stypeOut,
        tsOutByte == 1,
        cstrLen,
        symbols,
        partial,
        notFound,
        mappings);
  }

  /** Encodes a complete v3 metadata header: prefix, body, zero padding to 8-byte alignment. */
  static byte[] writeV3(Metadata md) {
    int cstr = Dbn.SYMBOL_CSTR_LEN_V2;
    ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    Writer w = new Writer(body);
    w.cstr(md.dataset(), DATASET_LEN, "dataset");
    w.u16(md.schema() == null ? Schema.MIXED_CODE : md.schema().code());
    w.u64(md.start());
    w.u64(md.end());
    w.u64(md.limit());
    w.u8(md.stypeIn() == null ? SType.MIXED_CODE : md.stypeIn().code());
    w.u8(md.stypeOut() == null ? SType.MIXED_CODE : md.stypeOut().code());
    w.u8(md.tsOut() ? 1 : 0);
    w.u16(cstr);
    w.zeros(RESERVED_V2);
    w.u32(0); // schema_definition_length
    w.symbols(md.symbols(), cstr);
    w.symbols(md.partial(), cstr);
    w.symbols(md.notFound(), cstr);
    w.u32(md.mappings().size());
    for (Metadata.SymbolMapping m : md.mappings()) {
      w.cstr(m.rawSymbol(), cstr, "mapping raw_symbol");
      w.u32(m.intervals().size());
      for (Metadata.MappingInterval iv : m.intervals()) {
        w.u32(toYmd(iv.startDate()));
        w.u32(toYmd(iv.endDate()));
        w.cstr(iv.symbol(), cstr, "mapping symbol");
      }
    }
    int unpadded = PREFIX_LEN + body.size();
    w.zeros((8 - unpadded % 8) % 8);
    byte[] b = body.toByteArray();
    ByteBuffer out = ByteBuffer.allocate(PREFIX_LEN + b.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) 'D').put((byte) 'B').put((byte) 'N').put((byte) 3).putInt(b.length).put(b);
    return out.array();
  }

  private static int toYmd(LocalDate d) {
    return d.getYear() * 10000 + d.getMonthValue() * 100 + d.getDayOfMonth();
  }

  /** Bounds-checked little-endian reader that reports stream offsets. */
  private static final class Reader {
    private final ByteBuffer b;
    private final long base;

    Reader(ByteBuffer b, long base) {
      this.b = b;
      this.base = base;
    }

    long at(int delta) {
      return base + b.position() + delta;
    }

    private void need(long n, String what) throws DbnFormatException {
      if (b.remaining() < n) {
        throw new DbnFormatException(
            at(0),
            "metadata ends inside " + what + ": needs " + n + " bytes, " + b.remaining() + " left");
      }
    }

    void seek(int p) {
      b.position(p);
    }

    int u8() throws DbnFormatException {
      need(1, "u8");
      return b.get() & 0xFF;
    }

    int u16() throws DbnFormatException {
      need(2, "u16");
      return b.getShort() & 0xFFFF;
    }

    long u32() throws DbnFormatException {
      need(4, "u32");
      return b.getInt() & 0xFFFF_FFFFL;
    }

    long u64() throws DbnFormatException {
      need(8, "u64");
      return b.getLong();
    }

    SType stype(String what) throws DbnFormatException {
      int c = u8();
      if (c == SType.MIXED_CODE) {
        return null;
      }
      SType s = SType.fromCode(c);
      if (s == null) {
        throw new DbnFormatException(at(-1), "unknown " + what + " code " + c);
      }
      return s;
    }

    String cstr(int len, String what) throws DbnFormatException {
      need(len, what);
      int p = b.position();
      int n = 0;
      while (n < len && b.get(p + n) != 0) {
        n++;
      }
      String s = new String(b.array(), b.arrayOffset() + p, n, StandardCharsets.UTF_8);
      b.position(p + len);
      return s;
    }

    /** A u32 count whose elements of {@code elemMin} bytes must fit in what is left. */
    long count(long elemMin, String what) throws DbnFormatException {
      long n = u32();
      if (n * elemMin > b.remaining()) {
        throw new DbnFormatException(
            at(-4),
            what
                + " count "
                + n
                + " needs at least "
                + n * elemMin
                + " bytes, only "
                + b.remaining()
                + " left in the metadata");
      }
      return n;
    }

    List<String> symbols(int cstrLen, String what) throws DbnFormatException {
      long n = count(cstrLen, what);
      List<String> out = new ArrayList<>((int) n);
      for (long i = 0; i < n; i++) {
        out.add(cstr(cstrLen, what));
      }
      return out;
    }

    LocalDate date(String what) throws DbnFormatException {
      long ymd = u32();
      try {
        return LocalDate.of((int) (ymd / 10000), (int) (ymd / 100 % 100), (int) (ymd % 100));
      } catch (DateTimeException e) {
        throw new DbnFormatException(at(-4), what + " " + ymd + " is not a YYYYMMDD date");
      }
    }
  }

  private static final class Writer {
    private final ByteArrayOutputStream out;

    Writer(ByteArrayOutputStream out) {
      this.out = out;
    }

    void u8(int v) {
      out.write(v);
    }

    void u16(int v) {
      out.write(v);
      out.write(v >>> 8);
    }

    void u32(long v) {
      for (int i = 0; i < 4; i++) {
        out.write((int) (v >>> (8 * i)));
      }
    }

    void u64(long v) {
      for (int i = 0; i < 8; i++) {
        out.write((int) (v >>> (8 * i)));
      }
    }

    void zeros(int n) {
      for (int i = 0; i < n; i++) {
        out.write(0);
      }
    }

    void cstr(String s, int len, String what) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length >= len) {
        throw new IllegalArgumentException(
            what + " '" + s + "' is " + b.length + " bytes; at most " + (len - 1) + " fit");
      }
      out.write(b, 0, b.length);
      zeros(len - b.length);
    }

    void symbols(List<String> syms, int len) {
      u32(syms.size());
      for (String s : syms) {
        cstr(s, len, "symbol");
      }
    }
  }
}
