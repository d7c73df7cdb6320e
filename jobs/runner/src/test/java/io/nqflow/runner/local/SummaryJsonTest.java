package io.nqflow.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryJsonTest {
  @Test
  void theSummaryKeepsItsLayout() {
    LocalSummary s =
        new LocalSummary(
            "run-\"1\"\t",
            14851,
            42,
            10,
            Map.of("cep_sweep", 4L, "ifd_v1_volume_ratio", 6L),
            5,
            3,
            7,
            Map.of(),
            3,
            2,
            1,
            -12.345,
            0,
            0,
            41.25);

    assertThat(s.toJson())
        .isEqualTo(
            "{\n"
                + "  \"run_id\": \"run-\\\"1\\\"\\u0009\",\n"
                + "  \"events_in\": 14851,\n"
                + "  \"instruments\": 42,\n"
                + "  \"signals\": {\"total\": 10, \"by_algorithm\": {\"cep_sweep\": 4,"
                + " \"ifd_v1_volume_ratio\": 6}},\n"
                + "  \"opportunities\": 5,\n"
                + "  \"orders_approved\": 3,\n"
                + "  \"orders_rejected\": {\"total\": 7, \"by_reason\": {}},\n"
                + "  \"orders_sent\": 3,\n"
                + "  \"fills\": 2,\n"
                + "  \"max_abs_position\": 1,\n"
                + "  \"realized_pnl_usd\": -12.35,\n"
                + "  \"duplicate_orders\": 0,\n"
                + "  \"dead_letters\": 0,\n"
                + "  \"wall_seconds\": 41.3\n"
                + "}\n");
  }
}
