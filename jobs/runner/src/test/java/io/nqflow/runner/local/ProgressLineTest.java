package io.nqflow.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void aLineSaysHowFarHowFastAndHowLongIsLeft() {
    ProgressLine p = new ProgressLine(System.out, "feed: records", 0);

    assertThat(p.line(400_000, 1_000_000, 2.0))
        .isEqualTo("feed: records: 400,000 in 2 s (200,000/s), ~40% of ~1,000,000, ~3 s left");
  }

  @Test
  void aLineSaysTheMarketTimeReachedInChicagoTime() {
    ProgressLine p = new ProgressLine(System.out, "feed: records", 0);
    // 2026-01-05 15:30:00 UTC = 09:30 in Chicago (CST, UTC-6)
    long ts = java.time.Instant.parse("2026-01-05T15:30:00Z").toEpochMilli() * 1_000_000L;

    assertThat(p.line(400_000, 1_000_000, 2.0, ts))
        .isEqualTo(
            "feed: records: 400,000 in 2 s (200,000/s), market time 2026-01-05 09:30:00 CT,"
                + " ~40% of ~1,000,000, ~3 s left");
  }

  @Test
  void withoutATotalThereIsNoEstimate() {
    ProgressLine p = new ProgressLine(System.out, "feed: records", 0);

    assertThat(p.line(10, 0, 1.0)).isEqualTo("feed: records: 10 in 1 s (10/s)");
  }

  @Test
  void printsAtMostOncePerInterval() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressLine p =
        new ProgressLine(
            new PrintStream(bytes, true, StandardCharsets.UTF_8), "x", 3_600_000_000_000L);

    p.report(1, 10);
    p.report(2, 10);

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
