package io.nqflow.core.ids;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void sameCauseGivesSameIdAcrossCalls() {
    assertThat(Ids.signalId(42L, 1_000L, 7L, "ifd_v1_volume_ratio", "baseline"))
        .isEqualTo(Ids.signalId(42L, 1_000L, 7L, "ifd_v1_volume_ratio", "baseline"))
        .startsWith("sig-")
        .hasSize(4 + 32);
  }

  @Test
  void anyDifferentPartGivesADifferentId() {
    String base = Ids.signalId(42L, 1_000L, 7L, "a", "baseline");
    assertThat(Ids.signalId(43L, 1_000L, 7L, "a", "baseline")).isNotEqualTo(base);
    assertThat(Ids.signalId(42L, 1_001L, 7L, "a", "baseline")).isNotEqualTo(base);
    assertThat(Ids.signalId(42L, 1_000L, 8L, "a", "baseline")).isNotEqualTo(base);
    assertThat(Ids.signalId(42L, 1_000L, 7L, "b", "baseline")).isNotEqualTo(base);
    assertThat(Ids.signalId(42L, 1_000L, 7L, "a", "candidate")).isNotEqualTo(base);
    assertThat(Ids.clientOrderId("baseline", base))
        .isNotEqualTo(Ids.clientOrderId("candidate", base));
  }

  @Test
  void partsAreSeparatedSoConcatenationCannotCollide() {
    assertThat(Ids.of("x", "ab", "c")).isNotEqualTo(Ids.of("x", "a", "bc"));
  }
}
