package io.nqflow.databento;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The historical API's small JSON answers (a cost, a size, an error body) read with Jackson; data
 * never goes through it (data is DBN). Numbers keep their exact decimal value: a cost in USD is
 * compared with a budget.
 */
final class ApiJson {
  private static final int MAX_DEPTH = 64;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private ApiJson() {}

  /**
   * Parses one JSON document.
   *
   * @throws IllegalArgumentException naming the line and column if it is not JSON
   */
  static JsonNode parse(String text) {
    try {
      JsonNode v = MAPPER.readTree(text);
      if (v == null || v.isMissingNode()) {
        throw new IllegalArgumentException("no JSON value (empty text)");
      }
      return v;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage() + " at " + location(e), e);
    }
  }

  /** Compact JSON text of a parsed value (to show a structured error detail). */
  static String write(JsonNode v) {
    try {
      return MAPPER.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree cannot be written back", e);
    }
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? "an unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}
