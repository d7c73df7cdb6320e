package io.nqflow.flow.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.common.v1.Confidence;
import io.nqflow.flow.Fixtures;
import io.nqflow.signals.v1.FlowSignal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalJsonLinesTest {
  @Test
  void writesOneJsonObjectPerLineWithDesignFieldNames() throws Exception {
    FlowSignal s =
        SignalDeduplicatorTest.signal("sig-1", 1_772_463_600_123_456_789L, Confidence.HIGH);
    s.setRationale("NQH6 C21000: \"quoted\"\nline\\two");
    s.setStrikePrice(21_000_000_000_000L);
    s.setScore(12.5);
    s.setAttributes(Map.of("volume_ratio", "12.5000", "baseline_source", "history", "levels", "3"));

    String line = SignalJsonLines.toJson(s);

    assertThat(line).doesNotContain("\n");
    JsonNode n = new ObjectMapper().readTree(line);
    assertThat(n.get("signal_id").asText()).isEqualTo("sig-1");
    assertThat(n.get("variant").asText()).isEqualTo("baseline");
    assertThat(n.get("algorithm").asText()).isEqualTo("cep_ladder");
    assertThat(n.get("instrument_id").asLong()).isEqualTo(Fixtures.CALL_ID);
    assertThat(n.get("underlying").asText()).isEqualTo("NQH6");
    assertThat(n.get("direction").asText()).isEqualTo("BULLISH");
    assertThat(n.get("confidence").asText()).isEqualTo("HIGH");
    assertThat(n.get("priority").asText()).isEqualTo("NORMAL");
    assertThat(n.get("score").asDouble()).isEqualTo(12.5);
    assertThat(n.get("ts_event").isIntegralNumber()).isTrue();
    assertThat(n.get("ts_event").asLong()).isEqualTo(1_772_463_600_123_456_789L);
    assertThat(n.get("strike_price").asLong()).isEqualTo(21_000_000_000_000L);
    assertThat(n.get("underlying_price").isNull()).isTrue();
    assertThat(n.get("rationale").asText()).isEqualTo("NQH6 C21000: \"quoted\"\nline\\two");
    assertThat(n.get("volume_ratio").isNumber()).isTrue();
    assertThat(n.get("volume_ratio").asDouble()).isEqualTo(12.5);
    assertThat(n.get("levels").asInt()).isEqualTo(3);
    assertThat(n.get("baseline_source").asText()).isEqualTo("history");
  }
}
