package io.nqflow.runner.ab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.runner.Main;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code nqflow ab compare} with variant names: their outcomes read from eval.outcomes. */
class AbCompareKafkaITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void comparesTwoVariantsOnEvalOutcomes() throws Exception {
    List<Map.Entry<String, SignalOutcome>> records = new ArrayList<>();
    // baseline 3 wins of 10 (+$50 / -$25): accuracy 0.3, mean (150 - 175) / 10 = -$2.50;
    // candidate 7 of 10: accuracy 0.7, mean (350 - 75) / 10 = $27.50; one foreign variant.
    for (SignalOutcome o : AbOutcomes.fixed("baseline", 3, 50, 7, 25)) {
      records.add(Map.entry(o.getSignalId(), o));
    }
    for (SignalOutcome o : AbOutcomes.fixed("candidate", 7, 50, 3, 25)) {
      records.add(Map.entry(o.getSignalId(), o));
    }
    for (SignalOutcome o : AbOutcomes.fixed("other", 1, 50, 0, 25)) {
      records.add(Map.entry(o.getSignalId(), o));
    }
    KAFKA.client().produce(Topics.OUTCOMES, records);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code =
        cli.execute(
            "ab",
            "compare",
            "baseline",
            "candidate",
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--json");

    assertThat(code).as(err.toString()).isZero();
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertThat(j.at("/a/source").asText()).isEqualTo("eval.outcomes variant baseline");
    assertThat(j.at("/a/signals").asInt()).isEqualTo(10);
    assertThat(j.at("/a/accuracy").asDouble()).isEqualTo(0.3);
    assertThat(j.at("/a/pnl_per_signal_usd").asDouble()).isEqualTo(-2.5);
    assertThat(j.at("/b/accuracy").asDouble()).isEqualTo(0.7);
    assertThat(j.at("/b/pnl_per_signal_usd").asDouble()).isEqualTo(27.5);
    assertThat(j.at("/difference/pnl_per_signal_usd/estimate").asDouble()).isEqualTo(30.0);
  }
}
