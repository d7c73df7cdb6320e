package io.nqflow.runner.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromTextTest {
  private static final String PAGE =
      """
      # HELP x_nqflow_state_instrument_keys keys
      # TYPE x_nqflow_state_instrument_keys gauge
      x_nqflow_state_instrument_keys{job_name="flow_detection",subtask_index="0",} 600.0
      x_nqflow_state_instrument_keys{job_name="flow_detection",subtask_index="1",} 578.0
      x_nqflow_state_instrument_keys{job_name="chain_analytics",note="a \\"quoted\\", one",} 1178.0
      x_nqflow_state_instrument_keys_overdue{job_name="flow_detection",} 2.0
      process_open_fds 512.0
      """;

  @Test
  void readsNamesLabelsAndValues() {
    List<PromText.Sample> s = PromText.parse(PAGE);
    assertEquals(5, s.size());
    assertEquals("x_nqflow_state_instrument_keys", s.get(2).name());
    assertEquals("a \"quoted\", one", s.get(2).labels().get("note"));
    assertEquals(1178.0, s.get(2).value());
    assertEquals("process_open_fds", s.get(4).name());
    assertEquals(Map.of(), s.get(4).labels());
    assertEquals(512.0, s.get(4).value());
  }

  @Test
  void sumsByLabelOverTheSubtasks() {
    List<PromText.Sample> s = PromText.parse(PAGE);
    assertEquals(
        Map.of("flow_detection", 1178.0, "chain_analytics", 1178.0),
        PromText.sumBy(s, "nqflow_state_instrument_keys", "job_name"));
    // The suffix must match the end of the name: _overdue is another metric.
    assertEquals(
        Map.of("flow_detection", 2.0),
        PromText.sumBy(s, "nqflow_state_instrument_keys_overdue", "job_name"));
  }

  @Test
  void namesTheLineItCannotRead() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PromText.parse("ok 1\nbad{a=1} 2\n"));
    assertEquals(true, e.getMessage().contains("line 2"), e.getMessage());
  }
}
