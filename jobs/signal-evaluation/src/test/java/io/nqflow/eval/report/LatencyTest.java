package io.nqflow.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.eval.v1.OutcomeKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyTest {
  @Test
  void signalToFillWhenTradedElseTimeToOutcome() {
    // FiguresTest.WEEK has no fills: times to outcome 10, 10, 40, 30, 5 minutes (in s)
    Latency l = Latency.of(FiguresTest.WEEK);
    assertThat(l.measure()).isEqualTo("time to outcome");
    assertThat(l.unit()).isEqualTo("s");
    assertThat(l.values()).containsExactly(300, 600, 600, 1800, 2400);
    assertThat(l.percentile(0.5)).isEqualTo(600); // rank ceil(2.5) = 3
    assertThat(l.percentile(0.9)).isEqualTo(2400); // rank ceil(4.5) = 5
    assertThat(l.histogram(4)).containsExactly(1, 2, 0, 2); // bins of 600 s; 1800 -> bin 3

    var filled = new ArrayList<>(FiguresTest.WEEK);
    for (int i = 1; i <= 10; i++) {
      filled.add(
          Outcomes.base("f" + i, "x", "")
              .setOutcome(OutcomeKind.OPEN)
              .setTsSignal(0)
              .setSignalToFillNs(i * 1_000_000L)
              .build());
    }
    Latency f = Latency.of(filled);
    assertThat(f.measure()).isEqualTo("signal to fill");
    assertThat(f.unit()).isEqualTo("ms");
    assertThat(f.percentile(0.5)).isEqualTo(5.0);
    assertThat(f.percentile(0.9)).isEqualTo(9.0);
    assertThat(f.percentile(0.99)).isEqualTo(10.0);
    assertThat(Latency.of(List.of()).percentile(0.5)).isNaN();
  }
}
