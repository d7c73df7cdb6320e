package io.nqflow.runner.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosPlanTest {
  private static final List<FaultKind> ALL = Arrays.asList(FaultKind.values());

  @Test
  void theSameSeedDrawsTheSamePlanAndAnotherSeedAnother() {
    ChaosPlan a = ChaosPlan.draw(42, 23, ALL, 10);
    assertThat(ChaosPlan.draw(42, 23, ALL, 10)).isEqualTo(a);
    assertThat(ChaosPlan.draw(43, 23, ALL, 10)).isNotEqualTo(a);
  }

  @Test
  void injectionsAreSplitIntoRunsNumberedInOrderAndSortedInTime() {
    ChaosPlan p = ChaosPlan.draw(7, 23, ALL, 10);
    // 23 injections, at most 10 a run: 10 + 10 + 3.
    assertThat(p.runs()).extracting(List::size).containsExactly(10, 10, 3);
    assertThat(p.all())
        .extracting(ChaosPlan.Injection::index)
        .containsExactly(
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22);
    for (List<ChaosPlan.Injection> run : p.runs()) {
      for (int i = 1; i < run.size(); i++) {
        assertThat(run.get(i).at()).isGreaterThanOrEqualTo(run.get(i - 1).at());
      }
      for (ChaosPlan.Injection i : run) {
        assertThat(i.at()).isBetween(0.05, 0.90);
        assertThat(i.outage().toMillis()).isBetween(500L, 4000L);
      }
    }
  }

  @Test
  void everyKindIsDrawnWhenThereAreEnoughInjections() {
    for (long seed = 0; seed < 20; seed++) {
      ChaosPlan p = ChaosPlan.draw(seed, 5, ALL, 5);
      assertThat(EnumSet.copyOf(p.all().stream().map(ChaosPlan.Injection::kind).toList()))
          .containsExactlyInAnyOrderElementsOf(ALL);
    }
    ChaosPlan only = ChaosPlan.draw(1, 6, List.of(FaultKind.FEED, FaultKind.KAFKA), 10);
    assertThat(only.all())
        .extracting(ChaosPlan.Injection::kind)
        .containsOnly(FaultKind.FEED, FaultKind.KAFKA);
  }

  @Test
  void badArgumentsAreRefusedWithTheOptionName() {
    assertThatThrownBy(() -> ChaosPlan.draw(1, 0, ALL, 10)).hasMessageContaining("--injections");
    assertThatThrownBy(() -> ChaosPlan.draw(1, 3, ALL, 0)).hasMessageContaining("--per-run");
    assertThatThrownBy(() -> FaultKind.parse("disk"))
        .hasMessageContaining("unknown fault kind \"disk\"")
        .hasMessageContaining("broker-api");
    assertThat(FaultKind.parse("Broker-API")).isEqualTo(FaultKind.BROKER_API);
  }

  @Test
  void percentilesAreNearestRank() {
    List<Double> v = List.of(5.0, 1.0, 3.0, 2.0, 4.0);
    assertThat(ChaosReport.percentile(v, 50)).isEqualTo(3.0);
    assertThat(ChaosReport.percentile(v, 100)).isEqualTo(5.0);
    assertThat(ChaosReport.percentile(List.of(), 50)).isNaN();
  }
}
