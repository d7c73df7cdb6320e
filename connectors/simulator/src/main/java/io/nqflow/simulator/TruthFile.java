package io.nqflow.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code truth.jsonl}: one {@link Episode} per line, snake_case fields. */
public final class TruthFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TruthFile() {}

  public static String toJson(Episode e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", e.id());
    o.put("kind", e.kind());
    e.instrumentIds().forEach(o.putArray("instrument_ids")::add);
    e.rawSymbols().forEach(o.putArray("raw_symbols")::add);
    o.put("underlying", e.underlying());
    o.put("side", e.side());
    o.put("direction", e.direction());
    o.put("contracts", e.contracts());
    o.put("premium_usd", e.premiumUsd());
    o.put("ts_start", e.tsStart());
    o.put("ts_end", e.tsEnd());
    o.put("expect_signal", e.expectSignal());
    o.put("day", e.day());
    o.put("regime", e.regime());
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Parses a truth file; a malformed line fails with its file and line number. */
  public static List<Episode> read(Path p) throws IOException {
    List<Episode> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(parse(JSON.readTree(line)));
        } catch (IOException | RuntimeException ex) {
          throw new IllegalArgumentException(
              p + ":" + lineNo + ": invalid truth line: " + ex.getMessage(), ex);
        }
      }
    }
    return out;
  }

  private static Episode parse(JsonNode n) {
    List<Integer> ids = new ArrayList<>();
    for (JsonNode x : required(n, "instrument_ids")) {
      ids.add(x.asInt());
    }
    List<String> syms = new ArrayList<>();
    if (n.has("raw_symbols")) {
      n.get("raw_symbols").forEach(x -> syms.add(x.asText()));
    }
    return new Episode(
        required(n, "id").asText(),
        required(n, "kind").asText(),
        ids,
        syms,
        n.path("underlying").asText(""),
        n.path("side").asText("NONE"),
        required(n, "direction").asText(),
        n.path("contracts").asLong(0),
        n.path("premium_usd").asDouble(0),
        required(n, "ts_start").asLong(),
        required(n, "ts_end").asLong(),
        n.path("expect_signal").asBoolean(true),
        n.path("day").asText(""),
        n.path("regime").asText("normal"));
  }

  static JsonNode required(JsonNode n, String field) {
    JsonNode x = n.get(field);
    if (x == null || x.isNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return x;
  }
}
