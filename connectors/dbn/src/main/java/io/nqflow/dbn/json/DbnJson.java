package io.nqflow.dbn.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Field;
import io.nqflow.dbn.FieldType;
import io.nqflow.dbn.Metadata;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * JSON-lines output of DBN records and metadata, the contract of {@code nqflow dbn dump} and {@code
 * nqflow dbn metadata} (see docs/dbn.md): Databento's field names in wire order, the header under
 * {@code "hd"}, every integer a JSON number (u64 written unsigned), prices as raw 1e-9 integers,
 * {@code c_char} as a one-character string, {@code c_char[N]} cut at the first NUL, reserved bytes
 * omitted, {@code "ts_out"} last when present. Written with Jackson's streaming generator (no tree:
 * a dump writes millions of records).
 */
public final class DbnJson {
  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          // Lines are separated by '\n' written here, not by the generator's root separator.
          .rootValueSeparator((SerializableString) null)
          // The format's escapes: \\u00XX in lower case, as the files written so far.
          .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
          .characterEscapes(new Escapes())
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  private DbnJson() {}

  /**
   * Writes every remaining record of {@code decoder}, one JSON object per line; returns the count.
   */
  public static long dump(DbnDecoder decoder, Writer out) throws IOException {
    long n = 0;
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      for (DbnRecord r = decoder.next(); r != null; r = decoder.next()) {
        record(r, g);
        g.writeRaw('\n');
        n++;
      }
    }
    return n;
  }

  /** One record as one JSON line (newline included). */
  public static void writeRecord(DbnRecord r, Writer out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      record(r, g);
      g.writeRaw('\n');
    }
  }

  /** One record as a JSON object (no newline). */
  public static String toJson(DbnRecord r) {
    StringWriter w = new StringWriter(512);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      record(r, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** The metadata header as one JSON line (newline included). */
  public static void writeMetadata(Metadata md, Writer out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      metadata(md, g);
      g.writeRaw('\n');
    }
  }

  /** The metadata header as a JSON object (no newline). */
  public static String toJson(Metadata md) {
    StringWriter w = new StringWriter(512);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      metadata(md, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** {@code s} as a JSON string literal with the format's escaping. */
  public static String string(String s) {
    StringWriter w = new StringWriter(s.length() + 2);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      g.writeString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void record(DbnRecord r, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("hd");
    g.writeNumberField("length", r.length() / 4);
    g.writeNumberField("rtype", r.rtype());
    g.writeNumberField("publisher_id", r.publisherId());
    g.writeNumberField("instrument_id", r.instrumentId());
    unsigned(g, "ts_event", r.tsEvent());
    g.writeEndObject();
    for (Field f : r.layout().fields()) {
      switch (f.type()) {
        case U64 -> unsigned(g, f.name(), r.getInteger(f));
        case CHAR -> g.writeStringField(f.name(), String.valueOf(r.getChar(f)));
        case CSTR -> g.writeStringField(f.name(), r.getString(f));
        case BID_ASK_PAIRS, CONSOLIDATED_BID_ASK_PAIRS -> levels(r, f, g);
        default -> g.writeNumberField(f.name(), r.getInteger(f));
      }
    }
    if (r.hasTsOut()) {
      unsigned(g, "ts_out", r.tsOut());
    }
    g.writeEndObject();
  }

  private static void unsigned(JsonGenerator g, String name, long v) throws IOException {
    g.writeFieldName(name);
    if (v >= 0) {
      g.writeNumber(v);
    } else {
      g.writeNumber(Long.toUnsignedString(v));
    }
  }

  private static void levels(DbnRecord r, Field f, JsonGenerator g) throws IOException {
    ByteBuffer b = r.rawBytes();
    boolean consolidated = f.type() == FieldType.CONSOLIDATED_BID_ASK_PAIRS;
    g.writeArrayFieldStart(f.name());
    for (int i = 0; i < f.count(); i++) {
      int q = f.offset() + 32 * i;
      g.writeStartObject();
      g.writeNumberField("bid_px", b.getLong(q));
      g.writeNumberField("ask_px", b.getLong(q + 8));
      g.writeNumberField("bid_sz", b.getInt(q + 16) & 0xFFFF_FFFFL);
      g.writeNumberField("ask_sz", b.getInt(q + 20) & 0xFFFF_FFFFL);
      if (consolidated) {
        g.writeNumberField("bid_pb", b.getShort(q + 24) & 0xFFFF);
        g.writeNumberField("ask_pb", b.getShort(q + 28) & 0xFFFF);
      } else {
        g.writeNumberField("bid_ct", b.getInt(q + 24) & 0xFFFF_FFFFL);
        g.writeNumberField("ask_ct", b.getInt(q + 28) & 0xFFFF_FFFFL);
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void metadata(Metadata md, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeNumberField("version", md.version());
    g.writeStringField("dataset", md.dataset());
    g.writeStringField("schema", md.schema() == null ? null : md.schema().dbnName());
    unsigned(g, "start", md.start());
    unsigned(g, "end", md.end());
    unsigned(g, "limit", md.limit());
    g.writeStringField("stype_in", md.stypeIn() == null ? null : md.stypeIn().dbnName());
    g.writeStringField("stype_out", md.stypeOut() == null ? null : md.stypeOut().dbnName());
    g.writeBooleanField("ts_out", md.tsOut());
    g.writeNumberField("symbol_cstr_len", md.symbolCstrLen());
    strings(g, "symbols", md.symbols());
    strings(g, "partial", md.partial());
    strings(g, "not_found", md.notFound());
    g.writeArrayFieldStart("mappings");
    for (Metadata.SymbolMapping m : md.mappings()) {
      g.writeStartObject();
      g.writeStringField("raw_symbol", m.rawSymbol());
      g.writeArrayFieldStart("intervals");
      for (Metadata.MappingInterval iv : m.intervals()) {
        g.writeStartObject();
        g.writeStringField("start_date", iv.startDate().toString());
        g.writeStringField("end_date", iv.endDate().toString());
        g.writeStringField("symbol", iv.symbol());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String name, List<String> list) throws IOException {
    g.writeArrayFieldStart(name);
    for (String s : list) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  /**
   * RFC 8259 escaping plus DEL, U+2028 and U+2029, which some JSON-lines readers (and JavaScript)
   * treat as line ends or control characters.
   */
  private static final class Escapes extends CharacterEscapes {
    private final int[] ascii;

    Escapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii[0x7F] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return switch (ch) {
        case 0x7F -> new SerializedString("\\u007f");
        case 0x2028 -> new SerializedString("\\u2028");
        case 0x2029 -> new SerializedString("\\u2029");
        default -> null;
      };
    }
  }
}
