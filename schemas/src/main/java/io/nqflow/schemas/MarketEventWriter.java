package io.nqflow.schemas;

import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Trade;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Writes the Avro binary body of a {@link MarketEvent} with its typed getters: Avro's generic
 * writer cannot use generated coders for a record holding a union of records, so it walked
 * MarketEvent field by field (boxing every long and looking the payload's branch up by name), which
 * made encoding the feed's bound. The payload branch is found by its class and written by its own
 * generated coder. {@link #supports} checks the schema has the shape written here, so a changed
 * schema falls back to the generic writer instead of writing wrong bytes.
 *
 * <p>Events with an MBO or trade payload (nearly all of the feed's) can also be written whole by
 * {@link #encode}: sized first, then zig-zag varints straight into an array of the exact size, so
 * the bytes are copied once and no encoder is involved. The payload fields are written in the order
 * {@link #directPayloads} checks against the schema; any other shape is written by {@link #write}.
 */
final class MarketEventWriter implements DatumWriter<MarketEvent> {
  private static final List<String> FIELDS =
      List.of(
          "source:STRING",
          "instrument_id:LONG",
          "publisher_id:INT",
          "ts_event:LONG",
          "ts_recv:LONG",
          "sequence:LONG",
          "flags:INT",
          "payload:UNION");

  private static final List<String> MBO_FIELDS =
      List.of(
          "order_id:LONG", "action:ENUM", "side:ENUM", "price:LONG", "size:LONG", "channel_id:INT");

  private static final List<String> TRADE_FIELDS =
      List.of("price:LONG", "size:LONG", "side:ENUM", "depth:INT");

  /** The union branch of each payload class. */
  private final Map<Class<?>, Integer> branches = new IdentityHashMap<>();

  /** Union branches of Mbo and Trade for {@link #encode}; -1 when it cannot write them. */
  private final int mboBranch;

  private final int tradeBranch;

  /**
   * The UTF-8 bytes of the last source written: one feed writes one source over and over. One
   * immutable pair in one field, as the codec is shared by every thread.
   */
  private volatile SourceBytes lastSource = new SourceBytes("", new byte[0]);

  private record SourceBytes(String source, byte[] bytes) {}

  MarketEventWriter(Schema schema) {
    if (!supports(schema)) {
      throw new IllegalArgumentException("not the MarketEvent shape this writer knows: " + schema);
    }
    List<Schema> types = schema.getField("payload").schema().getTypes();
    for (int i = 0; i < types.size(); i++) {
      branches.put(SpecificData.get().getClass(types.get(i)), i);
    }
    boolean direct = directPayloads(schema);
    mboBranch = direct ? branches.get(Mbo.class) : -1;
    tradeBranch = direct ? branches.get(Trade.class) : -1;
  }

  /** Whether the payload union holds Mbo and Trade with the fields {@link #encode} writes. */
  static boolean directPayloads(Schema schema) {
    boolean mbo = false;
    boolean trade = false;
    for (Schema branch : schema.getField("payload").schema().getTypes()) {
      Class<?> c = SpecificData.get().getClass(branch);
      if (c == Mbo.class) {
        mbo = shape(branch).equals(MBO_FIELDS);
      } else if (c == Trade.class) {
        trade = shape(branch).equals(TRADE_FIELDS);
      }
    }
    return mbo && trade;
  }

  private static List<String> shape(Schema record) {
    return record.getFields().stream().map(f -> f.name() + ":" + f.schema().getType()).toList();
  }

  /**
   * Whether {@code schema} has the fields written here, in order, and a payload union of generated
   * records that carry their own coders.
   */
  static boolean supports(Schema schema) {
    List<Schema.Field> fields = schema.getFields();
    if (fields.size() != FIELDS.size()) {
      return false;
    }
    for (int i = 0; i < fields.size(); i++) {
      Schema.Field f = fields.get(i);
      if (!FIELDS.get(i).equals(f.name() + ":" + f.schema().getType())) {
        return false;
      }
    }
    for (Schema branch : schema.getField("payload").schema().getTypes()) {
      if (branch.getType() != Schema.Type.RECORD) {
        return false;
      }
      Class<?> c = SpecificData.get().getClass(branch);
      if (c == null || !SpecificRecordBase.class.isAssignableFrom(c)) {
        return false;
      }
      // Generated classes declare customEncode only when they carry their own coders.
      try {
        c.getDeclaredMethod("customEncode", Encoder.class);
      } catch (NoSuchMethodException e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void setSchema(Schema schema) {
    if (!supports(schema)) {
      throw new IllegalArgumentException("not the MarketEvent shape this writer knows: " + schema);
    }
  }

  @Override
  public void write(MarketEvent e, Encoder out) throws IOException {
    out.writeString(e.getSource());
    out.writeLong(e.getInstrumentId());
    out.writeInt(e.getPublisherId());
    out.writeLong(e.getTsEvent());
    out.writeLong(e.getTsRecv());
    out.writeLong(e.getSequence());
    out.writeInt(e.getFlags());
    Object payload = e.getPayload();
    Integer branch = payload == null ? null : branches.get(payload.getClass());
    if (branch == null) {
      throw new IOException(
          "MarketEvent payload is not a branch of its union: "
              + (payload == null ? "null" : payload.getClass().getName()));
    }
    out.writeIndex(branch);
    ((SpecificRecordBase) payload).customEncode(out);
  }

  /**
   * The single-object encoding of {@code e}: {@code header}, then the body as {@link #write} writes
   * it; null when the payload is not an MBO or trade with every field set (the caller then uses
   * {@link #write}, which also reports what is missing).
   */
  byte[] encode(byte[] header, MarketEvent e) {
    Object payload = e.getPayload();
    String source = e.getSource();
    if (source == null) {
      return null;
    }
    byte[] src = sourceBytes(source);
    int size =
        header.length
            + varLength(src.length)
            + src.length
            + varLength(e.getInstrumentId())
            + varLength(e.getPublisherId())
            + varLength(e.getTsEvent())
            + varLength(e.getTsRecv())
            + varLength(e.getSequence())
            + varLength(e.getFlags());
    if (payload instanceof Mbo m
        && mboBranch >= 0
        && m.getAction() != null
        && m.getSide() != null) {
      size +=
          varLength(mboBranch)
              + varLength(m.getOrderId())
              + varLength(m.getAction().ordinal())
              + varLength(m.getSide().ordinal())
              + varLength(m.getPrice())
              + varLength(m.getSize())
              + varLength(m.getChannelId());
      byte[] b = new byte[size];
      int p = head(b, header, src, e);
      p = put(b, p, mboBranch);
      p = put(b, p, m.getOrderId());
      p = put(b, p, m.getAction().ordinal());
      p = put(b, p, m.getSide().ordinal());
      p = put(b, p, m.getPrice());
      p = put(b, p, m.getSize());
      put(b, p, m.getChannelId());
      return b;
    }
    if (payload instanceof Trade t && tradeBranch >= 0 && t.getSide() != null) {
      size +=
          varLength(tradeBranch)
              + varLength(t.getPrice())
              + varLength(t.getSize())
              + varLength(t.getSide().ordinal())
              + varLength(t.getDepth());
      byte[] b = new byte[size];
      int p = head(b, header, src, e);
      p = put(b, p, tradeBranch);
      p = put(b, p, t.getPrice());
      p = put(b, p, t.getSize());
      p = put(b, p, t.getSide().ordinal());
      put(b, p, t.getDepth());
      return b;
    }
    return null;
  }

  private byte[] sourceBytes(String source) {
    SourceBytes last = lastSource;
    if (last.source() != source) {
      last = new SourceBytes(source, source.getBytes(StandardCharsets.UTF_8));
      lastSource = last;
    }
    return last.bytes();
  }

  /** Writes the header and the event's fields before the payload; returns the next position. */
  private static int head(byte[] b, byte[] header, byte[] src, MarketEvent e) {
    System.arraycopy(header, 0, b, 0, header.length);
    int p = put(b, header.length, src.length);
    System.arraycopy(src, 0, b, p, src.length);
    p += src.length;
    p = put(b, p, e.getInstrumentId());
    p = put(b, p, e.getPublisherId());
    p = put(b, p, e.getTsEvent());
    p = put(b, p, e.getTsRecv());
    p = put(b, p, e.getSequence());
    return put(b, p, e.getFlags());
  }

  /**
   * Bytes of Avro's zig-zag varint of {@code v}. An int's encoding equals that of the same value as
   * a long, so both go through here.
   */
  static int varLength(long v) {
    long z = (v << 1) ^ (v >> 63);
    return z == 0 ? 1 : (63 - Long.numberOfLeadingZeros(z)) / 7 + 1;
  }

  /** Writes Avro's zig-zag varint of {@code v} at {@code p}; returns the next position. */
  static int put(byte[] b, int p, long v) {
    long z = (v << 1) ^ (v >> 63);
    while ((z & ~0x7FL) != 0) {
      b[p++] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    b[p++] = (byte) z;
    return p;
  }
}
