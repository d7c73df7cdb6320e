package io.nqflow.simulator.dbn;

import static io.nqflow.simulator.dbn.DbnConstants.*;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal reader for uncompressed DBN v3 streams holding the record types {@link DbnV3Writer}
 * writes; it exists so the simulator can check its own output until the project codec replaces it.
 * Any other version or record type is rejected with its byte offset.
 */
public final class DbnV3Reader implements Closeable {
  private final DataInputStream in;
  private final DbnMetadata metadata;
  private final byte[] rec = new byte[LEN_DEFINITION];
  private final ByteBuffer b = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
  private long offset;

  public DbnV3Reader(InputStream in) throws IOException {
    this.in = new DataInputStream(in);
    this.metadata = readMetadata();
  }

  public DbnMetadata metadata() {
    return metadata;
  }

  private DbnMetadata readMetadata() throws IOException {
    byte[] prefix = readN(8);
    if (prefix[0] != 'D' || prefix[1] != 'B' || prefix[2] != 'N') {
      throw new DbnFormatException("missing DBN magic", 0);
    }
    if (prefix[3] != VERSION) {
      throw new DbnFormatException("DBN version " + prefix[3] + " (only 3 is read here)", 3);
    }
    int len = ByteBuffer.wrap(prefix, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    ByteBuffer m = ByteBuffer.wrap(readN(len)).order(ByteOrder.LITTLE_ENDIAN);
    String dataset = cstr(m, 16);
    int schema = Short.toUnsignedInt(m.getShort());
    long start = m.getLong();
    long end = m.getLong();
    m.getLong(); // limit
    int stypeIn = Byte.toUnsignedInt(m.get());
    int stypeOut = Byte.toUnsignedInt(m.get());
    m.get(); // ts_out
    int symLen = Short.toUnsignedInt(m.getShort());
    m.position(m.position() + METADATA_RESERVED_LEN);
    int schemaDefLen = m.getInt();
    m.position(m.position() + schemaDefLen);
    List<String> symbols = new ArrayList<>();
    int n = m.getInt();
    for (int i = 0; i < n; i++) {
      symbols.add(cstr(m, symLen));
    }
    for (int k = 0; k < 2; k++) { // partial, not_found
      int c = m.getInt();
      m.position(m.position() + c * symLen);
    }
    int mappings = m.getInt();
    for (int i = 0; i < mappings; i++) {
      m.position(m.position() + symLen);
      int intervals = m.getInt();
      m.position(m.position() + intervals * (8 + symLen));
    }
    return new DbnMetadata(dataset, schema, start, end, stypeIn, stypeOut, symbols);
  }

  /** The next record, or {@code null} at the end of the stream. */
  public DbnRecord next() throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    long at = offset;
    int len = first * 4;
    if (len < 16 || len > rec.length) {
      throw new DbnFormatException("record length " + len, at);
    }
    rec[0] = (byte) first;
    in.readFully(rec, 1, len - 1);
    offset += len;
    b.clear();
    b.get(); // length
    int rtype = Byte.toUnsignedInt(b.get());
    int publisher = Short.toUnsignedInt(b.getShort());
    int instrumentId = b.getInt();
    long tsEvent = b.getLong();
    return switch (rtype) {
      case RTYPE_MBO -> {
        expectLen(len, LEN_MBO, "MBO", at);
        long orderId = b.getLong();
        long price = b.getLong();
        int size = b.getInt();
        int flags = Byte.toUnsignedInt(b.get());
        int channel = Byte.toUnsignedInt(b.get());
        char action = (char) b.get();
        char side = (char) b.get();
        yield new MboMsg(
            publisher,
            instrumentId,
            tsEvent,
            orderId,
            price,
            size,
            flags,
            channel,
            action,
            side,
            b.getLong(),
            b.getInt(),
            Integer.toUnsignedLong(b.getInt()));
      }
      case RTYPE_MBP0 -> {
        expectLen(len, LEN_TRADE, "trade", at);
        long price = b.getLong();
        int size = b.getInt();
        char action = (char) b.get();
        char side = (char) b.get();
        int flags = Byte.toUnsignedInt(b.get());
        int depth = Byte.toUnsignedInt(b.get());
        yield new TradeMsg(
            publisher,
            instrumentId,
            tsEvent,
            price,
            size,
            action,
            side,
            flags,
            depth,
            b.getLong(),
            b.getInt(),
            Integer.toUnsignedLong(b.getInt()));
      }
      case RTYPE_STATISTICS -> {
        expectLen(len, LEN_STAT, "statistics v3", at);
        long tsRecv = b.getLong();
        long tsRef = b.getLong();
        long price = b.getLong();
        long qty = b.getLong();
        long seq = Integer.toUnsignedLong(b.getInt());
        int delta = b.getInt();
        int statType = Short.toUnsignedInt(b.getShort());
        int channel = Short.toUnsignedInt(b.getShort());
        yield new StatMsg(
            publisher,
            instrumentId,
            tsEvent,
            tsRecv,
            tsRef,
            price,
            qty,
            seq,
            delta,
            statType,
            channel,
            Byte.toUnsignedInt(b.get()),
            Byte.toUnsignedInt(b.get()));
      }
      case RTYPE_INSTRUMENT_DEF -> {
        expectLen(len, LEN_DEFINITION, "instrument definition v3", at);
        yield definition(publisher, instrumentId, tsEvent);
      }
      default ->
          throw new DbnFormatException("unsupported rtype 0x" + Integer.toHexString(rtype), at);
    };
  }

  private InstrumentDefMsg definition(int publisher, int instrumentId, long tsEvent) {
    return new InstrumentDefMsg(
        publisher,
        instrumentId,
        tsEvent,
        b.getLong(16),
        b.getLong(24),
        b.getLong(32),
        b.getLong(40),
        b.getLong(48),
        b.getLong(56),
        b.getLong(64),
        b.getLong(80),
        b.getLong(104),
        Integer.toUnsignedLong(b.getInt(140)),
        b.getInt(148),
        b.getInt(160),
        Short.toUnsignedInt(b.getShort(218)),
        Short.toUnsignedInt(b.getShort(214)),
        Byte.toUnsignedInt(b.get(494)),
        Byte.toUnsignedInt(b.get(495)),
        cstrAt(224, 4),
        cstrAt(238, SYMBOL_CSTR_LEN),
        cstrAt(309, 21),
        cstrAt(330, 5),
        cstrAt(335, 11),
        cstrAt(346, 7),
        cstrAt(353, 7),
        cstrAt(360, 31),
        cstrAt(391, 21),
        cstrAt(412, 4),
        (char) b.get(487),
        (char) b.get(488),
        (char) b.get(493),
        Byte.toUnsignedInt(b.get(492)),
        Byte.toUnsignedInt(b.get(500)));
  }

  /** Reads a headerless stream of v3 records (a ".frag" file) into a list. */
  public static List<DbnRecord> readFragment(InputStream in) throws IOException {
    DbnV3Reader r = new DbnV3Reader(in, null);
    List<DbnRecord> out = new ArrayList<>();
    for (DbnRecord x = r.next(); x != null; x = r.next()) {
      out.add(x);
    }
    return out;
  }

  private DbnV3Reader(InputStream in, Void noMetadata) {
    this.in = new DataInputStream(in);
    this.metadata = null;
  }

  private static void expectLen(int len, int expected, String what, long at) {
    if (len != expected) {
      throw new DbnFormatException(what + " record of " + len + " bytes, expected " + expected, at);
    }
  }

  private String cstrAt(int pos, int len) {
    int end = pos;
    while (end < pos + len && rec[end] != 0) {
      end++;
    }
    return new String(rec, pos, end - pos, StandardCharsets.US_ASCII);
  }

  private static String cstr(ByteBuffer m, int len) {
    byte[] raw = new byte[len];
    m.get(raw);
    int end = 0;
    while (end < len && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.US_ASCII);
  }

  private byte[] readN(int n) throws IOException {
    byte[] x = new byte[n];
    try {
      in.readFully(x);
    } catch (EOFException e) {
      throw new DbnFormatException("stream ends inside the metadata header", offset);
    }
    offset += n;
    return x;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
