package io.nqflow.databento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ApiJsonTest {
  @Test
  void parsesTheShapesTheApiAnswersWith() {
    assertThat(ApiJson.parse("12.375").decimalValue()).isEqualTo(new BigDecimal("12.375"));
    assertThat(ApiJson.parse(" 5000000 ").decimalValue()).isEqualTo(new BigDecimal("5000000"));
    assertThat(ApiJson.parse("0.10").decimalValue()).isEqualTo(new BigDecimal("0.10"));
    assertThat(ApiJson.parse("{\"detail\":\"bad \\\"x\\\" \\u00e9\"}").get("detail").asText())
        .isEqualTo("bad \"x\" \u00e9");
    JsonNode body =
        ApiJson.parse("{\"detail\":[{\"loc\":[\"body\",\"start\"],\"ok\":false,\"n\":null}]}");
    JsonNode first = body.get("detail").get(0);
    assertThat(first.get("loc").get(1).asText()).isEqualTo("start");
    assertThat(first.get("ok").isBoolean()).isTrue();
    assertThat(first.has("n")).isTrue();
    assertThat(first.get("n").isNull()).isTrue();
  }

  @Test
  void writesBackCompactJson() {
    String text = "{\"a\":[1,2.5,\"x\\\"y\"],\"b\":true,\"c\":null}";
    assertThat(ApiJson.write(ApiJson.parse(text))).isEqualTo(text);
  }

  @Test
  void malformedTextNamesThePosition() {
    assertThatThrownBy(() -> ApiJson.parse("{\"a\":}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1, column 6");
    assertThatThrownBy(() -> ApiJson.parse("[1] x")).hasMessageContaining("column");
    assertThatThrownBy(() -> ApiJson.parse("[".repeat(100))).hasMessageContaining("nesting");
    assertThatThrownBy(() -> ApiJson.parse("")).hasMessageContaining("empty");
  }
}
