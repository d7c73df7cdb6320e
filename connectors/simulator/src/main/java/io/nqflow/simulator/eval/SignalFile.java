package io.nqflow.simulator.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a signals JSON-lines file; a malformed line fails with its file and line number. */
public final class SignalFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SignalFile() {}

  public static List<Signal> read(Path p) throws IOException {
    List<Signal> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode n = JSON.readTree(line);
          out.add(
              new Signal(
                  text(n, "signal_id"),
                  n.path("variant").asText(""),
                  text(n, "algorithm"),
                  integer(n, "instrument_id"),
                  text(n, "direction"),
                  number(n, "ts_event"),
                  n.path("confidence").asText(""),
                  score(n.get("score"))));
        } catch (IOException | RuntimeException ex) {
          throw new IllegalArgumentException(
              p + ":" + lineNo + ": invalid signal line: " + ex.getMessage(), ex);
        }
      }
    }
    return out;
  }

  private static double score(JsonNode x) {
    if (x == null || x.isNull()) {
      return Double.NaN;
    }
    if (!x.isNumber()) {
      throw new IllegalArgumentException("field 'score' must be a number, was " + x);
    }
    return x.asDouble();
  }

  private static JsonNode field(JsonNode n, String f) {
    JsonNode x = n.get(f);
    if (x == null || x.isNull()) {
      throw new IllegalArgumentException("missing field '" + f + "'");
    }
    return x;
  }

  private static String text(JsonNode n, String f) {
    return field(n, f).asText();
  }

  private static long number(JsonNode n, String f) {
    JsonNode x = field(n, f);
    if (!x.isIntegralNumber()) {
      throw new IllegalArgumentException("field '" + f + "' must be an integer, was " + x);
    }
    return x.asLong();
  }

  private static int integer(JsonNode n, String f) {
    long v = number(n, f);
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("field '" + f + "' out of range: " + v);
    }
    return (int) v;
  }
}
