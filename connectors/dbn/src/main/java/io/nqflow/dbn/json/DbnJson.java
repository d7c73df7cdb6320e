package io.nqflow.dbn.json;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Field;
import io.nqflow.dbn.FieldType;
import io.nqflow.dbn.Metadata;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON-lines output of DBN records and metadata, the contract of {@code nqflow dbn dump} and {@code
 * nqflow dbn metadata} (see docs/dbn.md): Databento's field names in wire order, the header under
 * {@code "hd"}, every integer a JSON number (u64 written unsigned), prices as raw 1e-9 integers,
 * {@code c_char} as a one-character string, {@code c_char[N]} cut at the first NUL, reserved bytes
 * omitted, {@code "ts_out"} last when present.
 */
public final class DbnJson {
  private DbnJson() {}

  /**
   * Writes every remaining record of {@code decoder}, one JSON object per line; returns the count.
   */
  public static long dump(DbnDecoder decoder, Appendable out) throws IOException {
    long n = 0;
    for (DbnRecord r = decoder.next(); r != null; r = decoder.next()) {
      writeRecord(r, out);
      n++;
    }
    return n;
  }

  /** One record as one JSON line (newline included). */
  public static void writeRecord(DbnRecord r, Appendable out) throws IOException {
    out.append("{\"hd\":{\"length\":")
        .append(Integer.toString(r.length() / 4))
        .append(",\"rtype\":")
        .append(Integer.toString(r.rtype()))
        .append(",\"publisher_id\":")
        .append(Integer.toString(r.publisherId()))
        .append(",\"instrument_id\":")
        .append(Long.toString(r.instrumentId()))
        .append(",\"ts_event\":")
        .append(Long.toUnsignedString(r.tsEvent()))
        .append('}');
    for (Field f : r.layout().fields()) {
      out.append(",\"").append(f.name()).append("\":");
      switch (f.type()) {
        case U64 -> out.append(Long.toUnsignedString(r.getInteger(f)));
        case CHAR -> string(String.valueOf(r.getChar(f)), out);
        case CSTR -> string(r.getString(f), out);
        case BID_ASK_PAIRS, CONSOLIDATED_BID_ASK_PAIRS -> levels(r, f, out);
        default -> out.append(Long.toString(r.getInteger(f)));
      }
    }
    if (r.hasTsOut()) {
      out.append(",\"ts_out\":").append(Long.toUnsignedString(r.tsOut()));
    }
    out.append("}\n");
  }

  /** One record as a JSON object (no newline). */
  public static String toJson(DbnRecord r) {
    StringBuilder sb = new StringBuilder(512);
    try {
      writeRecord(r, sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sb.setLength(sb.length() - 1);
    return sb.toString();
  }

  private static void levels(DbnRecord r, Field f, Appendable out) throws IOException {
    java.nio.ByteBuffer b = r.rawBytes();
    boolean consolidated = f.type() == FieldType.CONSOLIDATED_BID_ASK_PAIRS;
    out.append('[');
    for (int i = 0; i < f.count(); i++) {
      int q = f.offset() + 32 * i;
      if (i > 0) {
        out.append(',');
      }
      out.append("{\"bid_px\":")
          .append(Long.toString(b.getLong(q)))
          .append(",\"ask_px\":")
          .append(Long.toString(b.getLong(q + 8)))
          .append(",\"bid_sz\":")
          .append(Long.toString(b.getInt(q + 16) & 0xFFFF_FFFFL))
          .append(",\"ask_sz\":")
          .append(Long.toString(b.getInt(q + 20) & 0xFFFF_FFFFL));
      if (consolidated) {
        out.append(",\"bid_pb\":")
            .append(Integer.toString(b.getShort(q + 24) & 0xFFFF))
            .append(",\"ask_pb\":")
            .append(Integer.toString(b.getShort(q + 28) & 0xFFFF));
      } else {
        out.append(",\"bid_ct\":")
            .append(Long.toString(b.getInt(q + 24) & 0xFFFF_FFFFL))
            .append(",\"ask_ct\":")
            .append(Long.toString(b.getInt(q + 28) & 0xFFFF_FFFFL));
      }
      out.append('}');
    }
    out.append(']');
  }

  /** The metadata header as one JSON line (newline included). */
  public static void writeMetadata(Metadata md, Appendable out) throws IOException {
    out.append("{\"version\":").append(Integer.toString(md.version())).append(",\"dataset\":");
    string(md.dataset(), out);
    out.append(",\"schema\":");
    nullableString(md.schema() == null ? null : md.schema().dbnName(), out);
    out.append(",\"start\":").append(Long.toUnsignedString(md.start()));
    out.append(",\"end\":").append(Long.toUnsignedString(md.end()));
    out.append(",\"limit\":").append(Long.toUnsignedString(md.limit()));
    out.append(",\"stype_in\":");
    nullableString(md.stypeIn() == null ? null : md.stypeIn().dbnName(), out);
    out.append(",\"stype_out\":");
    nullableString(md.stypeOut() == null ? null : md.stypeOut().dbnName(), out);
    out.append(",\"ts_out\":").append(Boolean.toString(md.tsOut()));
    out.append(",\"symbol_cstr_len\":").append(Integer.toString(md.symbolCstrLen()));
    out.append(",\"symbols\":");
    strings(md.symbols(), out);
    out.append(",\"partial\":");
    strings(md.partial(), out);
    out.append(",\"not_found\":");
    strings(md.notFound(), out);
    out.append(",\"mappings\":[");
    boolean first = true;
    for (Metadata.SymbolMapping m : md.mappings()) {
      out.append(first ? "" : ",").append("{\"raw_symbol\":");
      first = false;
      string(m.rawSymbol(), out);
      out.append(",\"intervals\":[");
      boolean firstInterval = true;
      for (Metadata.MappingInterval iv : m.intervals()) {
        out.append(firstInterval ? "" : ",").append("{\"start_date\":");
        firstInterval = false;
        string(iv.startDate().toString(), out);
        out.append(",\"end_date\":");
        string(iv.endDate().toString(), out);
        out.append(",\"symbol\":");
        string(iv.symbol(), out);
        out.append('}');
      }
      out.append("]}");
    }
    out.append("]}\n");
  }

  /** The metadata header as a JSON object (no newline). */
  public static String toJson(Metadata md) {
    StringBuilder sb = new StringBuilder(512);
    try {
      writeMetadata(md, sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sb.setLength(sb.length() - 1);
    return sb.toString();
  }

  private static void strings(java.util.List<String> list, Appendable out) throws IOException {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(list.get(i), out);
    }
    out.append(']');
  }

  private static void nullableString(String s, Appendable out) throws IOException {
    if (s == null) {
      out.append("null");
    } else {
      string(s, out);
    }
  }

  /** Writes {@code s} as a JSON string literal (RFC 8259 escaping). */
  public static void string(String s, Appendable out) throws IOException {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
