package io.nqflow.databento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {
  @Test
  void parsesTheShapesTheApiAnswersWith() {
    assertThat(MiniJson.parse("12.375")).isEqualTo(new BigDecimal("12.375"));
    assertThat(MiniJson.parse(" 5000000 ")).isEqualTo(new BigDecimal("5000000"));
    assertThat(MiniJson.parse("{\"detail\":\"bad \\\"x\\\" \\u00e9\"}"))
        .isEqualTo(Map.of("detail", "bad \"x\" \u00e9"));
    Map<?, ?> body =
        (Map<?, ?>)
            MiniJson.parse("{\"detail\":[{\"loc\":[\"body\",\"start\"],\"ok\":false,\"n\":null}]}");
    Map<?, ?> first = (Map<?, ?>) ((List<?>) body.get("detail")).get(0);
    assertThat(first.get("loc")).isEqualTo(List.of("body", "start"));
    assertThat(first.get("ok")).isEqualTo(Boolean.FALSE);
    assertThat(first.containsKey("n")).isTrue();
    assertThat(first.get("n")).isNull();
  }

  @Test
  void writesBackCompactJson() {
    String text = "{\"a\":[1,2.5,\"x\\\"y\"],\"b\":true,\"c\":null}";
    assertThat(MiniJson.write(MiniJson.parse(text))).isEqualTo(text);
  }

  @Test
  void malformedTextNamesTheOffset() {
    assertThatThrownBy(() -> MiniJson.parse("{\"a\":}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("character 5");
    assertThatThrownBy(() -> MiniJson.parse("[1] x")).hasMessageContaining("trailing");
    assertThatThrownBy(() -> MiniJson.parse("[".repeat(100))).hasMessageContaining("nested");
  }
}
