package io.nqflow.flow.signal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.nqflow.signals.v1.FlowSignal;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The signals JSON-lines format of {@code nqflow detect} (docs/design.md §7), one signal per line:
 * {@code signal_id, variant, algorithm, algorithm_version, job_version, instrument_id, raw_symbol,
 * underlying, underlying_price, strike_price, instrument_class, expiration, aggressor, direction,
 * confidence, priority, score, ts_event, trigger_sequence, window_start, contracts, premium_usd,
 * reference_price, rationale}, then the algorithm-specific {@code attributes} as top-level fields
 * (numbers as JSON numbers). Prices are the raw 1e-9 fixed-point integers, times ns since the
 * epoch. {@code ts_emit} is left out: it is wall-clock time, and the same input must give the same
 * file. Written with Jackson's streaming generator.
 */
public final class SignalJsonLines {
  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          // Lines are separated by '\n' written here, not by the generator's root separator.
          .rootValueSeparator((SerializableString) null)
          // The format's escapes, as in the files written so far: u-escapes in lower-case hex,
          // backspace and form feed among them.
          .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
          .characterEscapes(new Escapes())
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  /** File order: event time, then signal id, so a run's file does not depend on parallelism. */
  public static final Comparator<FlowSignal> FILE_ORDER =
      Comparator.comparingLong(FlowSignal::getTsEvent).thenComparing(FlowSignal::getSignalId);

  private SignalJsonLines() {}

  /** Writes the signals sorted in {@link #FILE_ORDER}, replacing the file. */
  public static void writeAll(Path file, List<FlowSignal> signals) throws IOException {
    List<FlowSignal> sorted = new ArrayList<>(signals);
    sorted.sort(FILE_ORDER);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        JsonGenerator g = FACTORY.createGenerator(w)) {
      for (FlowSignal s : sorted) {
        signal(g, s);
        g.writeRaw('\n');
      }
    }
  }

  /** Writes one signal and a newline. */
  public static void write(Writer w, FlowSignal s) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      signal(g, s);
      g.writeRaw('\n');
    }
  }

  /** One signal as a JSON object on one line. */
  public static String toJson(FlowSignal s) {
    StringWriter w = new StringWriter(512);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      signal(g, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void signal(JsonGenerator g, FlowSignal s) throws IOException {
    g.writeStartObject();
    g.writeStringField("signal_id", s.getSignalId());
    g.writeStringField("variant", s.getVariant());
    g.writeStringField("algorithm", s.getAlgorithm());
    g.writeStringField("algorithm_version", s.getAlgorithmVersion());
    g.writeStringField("job_version", s.getJobVersion());
    g.writeNumberField("instrument_id", s.getInstrumentId());
    g.writeStringField("raw_symbol", s.getRawSymbol());
    g.writeStringField("underlying", s.getUnderlying());
    nullableLong(g, "underlying_price", s.getUnderlyingPrice());
    nullableLong(g, "strike_price", s.getStrikePrice());
    g.writeStringField("instrument_class", s.getInstrumentClass().name());
    nullableLong(g, "expiration", s.getExpiration());
    g.writeStringField("aggressor", s.getAggressor().name());
    g.writeStringField("direction", s.getDirection().name());
    g.writeStringField("confidence", s.getConfidence().name());
    g.writeStringField("priority", s.getPriority().name());
    number(g, "score", s.getScore());
    g.writeNumberField("ts_event", s.getTsEvent());
    g.writeNumberField("trigger_sequence", s.getTriggerSequence());
    g.writeNumberField("window_start", s.getWindowStart());
    g.writeNumberField("contracts", s.getContracts());
    number(g, "premium_usd", s.getPremiumUsd());
    g.writeNumberField("reference_price", s.getReferencePrice());
    g.writeStringField("rationale", s.getRationale());
    for (Map.Entry<String, String> a : new TreeMap<>(s.getAttributes()).entrySet()) {
      String v = a.getValue();
      g.writeFieldName(a.getKey());
      if (v != null && NUMBER.matcher(v).matches()) {
        // Attributes are strings in the message; numeric ones are JSON numbers, as written.
        g.writeNumber(v);
      } else {
        g.writeString(v);
      }
    }
    g.writeEndObject();
  }

  private static void nullableLong(JsonGenerator g, String name, Long v) throws IOException {
    g.writeFieldName(name);
    if (v == null) {
      g.writeNull();
    } else {
      g.writeNumber(v);
    }
  }

  private static void number(JsonGenerator g, String name, double v) throws IOException {
    g.writeFieldName(name);
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      g.writeNull();
    } else {
      g.writeNumber(Signals.num(v));
    }
  }

  /** JSON's escapes, except backspace and form feed, which the format writes as u-escapes. */
  private static final class Escapes extends CharacterEscapes {
    private final int[] ascii;

    Escapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii['\b'] = ESCAPE_CUSTOM;
      ascii['\f'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return switch (ch) {
        case '\b' -> new SerializedString("\\u0008");
        case '\f' -> new SerializedString("\\u000c");
        default -> null;
      };
    }
  }
}
