package io.nqflow.runner.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code summary.json} format of a local run, written with Jackson's streaming generator: one
 * top-level field per line (two-space indent), nested counts on the same line, {@code ": "} and
 * {@code ", "} separators, a final newline. Scripts read it, so its layout stays as it is.
 */
final class SummaryJson {
  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
          .characterEscapes(new Escapes())
          .build();

  private SummaryJson() {}

  static String write(LocalSummary s) {
    StringWriter w = new StringWriter(1024);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      g.setPrettyPrinter(new Layout());
      g.writeStartObject();
      g.writeStringField("run_id", s.runId());
      g.writeNumberField("events_in", s.eventsIn());
      g.writeNumberField("instruments", s.instruments());
      g.writeObjectFieldStart("signals");
      g.writeNumberField("total", s.signals());
      counts(g, "by_algorithm", s.signalsByAlgorithm());
      g.writeEndObject();
      g.writeNumberField("opportunities", s.opportunities());
      g.writeNumberField("orders_approved", s.ordersApproved());
      g.writeObjectFieldStart("orders_rejected");
      g.writeNumberField("total", s.ordersRejected());
      counts(g, "by_reason", s.rejectionsByReason());
      g.writeEndObject();
      g.writeNumberField("orders_sent", s.ordersSent());
      g.writeNumberField("fills", s.fills());
      g.writeNumberField("max_abs_position", s.maxAbsPosition());
      g.writeFieldName("realized_pnl_usd");
      g.writeNumber(String.format(Locale.ROOT, "%.2f", s.realizedPnlUsd()));
      g.writeNumberField("duplicate_orders", s.duplicateOrders());
      g.writeNumberField("dead_letters", s.deadLetters());
      g.writeFieldName("wall_seconds");
      g.writeNumber(String.format(Locale.ROOT, "%.1f", s.wallSeconds()));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.append('\n').toString();
  }

  private static void counts(JsonGenerator g, String name, Map<String, Long> counts)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /** The layout: the top-level object one field per line, nested objects on one line. */
  private static final class Layout implements PrettyPrinter {
    private int depth;

    @Override
    public void writeRootValueSeparator(JsonGenerator g) {}

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
      g.writeRaw('{');
      depth++;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
      if (depth == 1) {
        g.writeRaw("\n  ");
      }
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(depth == 1 ? ",\n  " : ", ");
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      g.writeRaw(depth == 1 ? "\n}" : "}");
      depth--;
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      g.writeRaw('[');
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) {}

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      g.writeRaw(']');
    }
  }

  /** Quote, backslash and newline escaped short; every other control character as a u-escape. */
  private static final class Escapes extends CharacterEscapes {
    private final int[] ascii;

    Escapes() {
      ascii = standardAsciiEscapesForJSON();
      for (char c : new char[] {'\b', '\t', '\f', '\r'}) {
        ascii[c] = ESCAPE_CUSTOM;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch < 0x20 ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }
}
