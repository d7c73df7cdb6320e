package io.nqflow.flow;

import io.nqflow.signals.v1.FlowSignal;
import java.io.BufferedWriter;
import java.io.IOException;
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
 * file.
 */
public final class SignalJsonLines {
  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

  /** File order: event time, then signal id, so a run's file does not depend on parallelism. */
  public static final Comparator<FlowSignal> FILE_ORDER =
      Comparator.comparingLong(FlowSignal::getTsEvent).thenComparing(FlowSignal::getSignalId);

  private SignalJsonLines() {}

  /** Writes the signals sorted in {@link #FILE_ORDER}, replacing the file. */
  public static void writeAll(Path file, List<FlowSignal> signals) throws IOException {
    List<FlowSignal> sorted = new ArrayList<>(signals);
    sorted.sort(FILE_ORDER);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (FlowSignal s : sorted) {
        write(w, s);
      }
    }
  }

  /** Writes one signal and a newline. */
  public static void write(Writer w, FlowSignal s) throws IOException {
    w.write(toJson(s));
    w.write('\n');
  }

  /** One signal as a JSON object on one line. */
  public static String toJson(FlowSignal s) {
    StringBuilder b = new StringBuilder(512).append('{');
    str(b, "signal_id", s.getSignalId());
    str(b, "variant", s.getVariant());
    str(b, "algorithm", s.getAlgorithm());
    str(b, "algorithm_version", s.getAlgorithmVersion());
    str(b, "job_version", s.getJobVersion());
    raw(b, "instrument_id", Long.toString(s.getInstrumentId()));
    str(b, "raw_symbol", s.getRawSymbol());
    str(b, "underlying", s.getUnderlying());
    raw(b, "underlying_price", nullable(s.getUnderlyingPrice()));
    raw(b, "strike_price", nullable(s.getStrikePrice()));
    str(b, "instrument_class", s.getInstrumentClass().name());
    raw(b, "expiration", nullable(s.getExpiration()));
    str(b, "aggressor", s.getAggressor().name());
    str(b, "direction", s.getDirection().name());
    str(b, "confidence", s.getConfidence().name());
    str(b, "priority", s.getPriority().name());
    raw(b, "score", number(s.getScore()));
    raw(b, "ts_event", Long.toString(s.getTsEvent()));
    raw(b, "trigger_sequence", Long.toString(s.getTriggerSequence()));
    raw(b, "window_start", Long.toString(s.getWindowStart()));
    raw(b, "contracts", Long.toString(s.getContracts()));
    raw(b, "premium_usd", number(s.getPremiumUsd()));
    raw(b, "reference_price", Long.toString(s.getReferencePrice()));
    str(b, "rationale", s.getRationale());
    for (Map.Entry<String, String> a : new TreeMap<>(s.getAttributes()).entrySet()) {
      String v = a.getValue();
      if (v != null && NUMBER.matcher(v).matches()) {
        raw(b, a.getKey(), v);
      } else {
        str(b, a.getKey(), v);
      }
    }
    b.setLength(b.length() - 1);
    return b.append('}').toString();
  }

  private static String nullable(Long v) {
    return v == null ? "null" : Long.toString(v);
  }

  private static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "null";
    }
    return Signals.num(v);
  }

  private static void raw(StringBuilder b, String key, String json) {
    quote(b, key);
    b.append(':').append(json).append(',');
  }

  private static void str(StringBuilder b, String key, String value) {
    quote(b, key);
    b.append(':');
    if (value == null) {
      b.append("null");
    } else {
      quote(b, value);
    }
    b.append(',');
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
