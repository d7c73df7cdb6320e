package io.nqflow.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.core.config.ConfigException;
import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.ConfigSection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code risk.opportunities:} read from a profile. */
class OpportunitySettingsTest {
  private static final List<ConfigSection<?>> SECTIONS = List.of(RiskSettings.SECTION);
  @TempDir Path dir;

  private RiskSettings load(String yaml) {
    return ConfigLoader.fromYaml(yaml, dir, Map.of(), SECTIONS).section(RiskSettings.SECTION);
  }

  @Test
  void defaultsIgnoreOpportunities() {
    OpportunitySettings o = load("").opportunities();

    assertThat(o.mode()).isEqualTo(OpportunityMode.IGNORE);
    assertThat(o.confirmWithin()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.minProbability()).isEqualTo(0.6);
    assertThat(o.minEvPoints()).isEqualTo(15.0);
  }

  @Test
  void aProfileSetsTheModeInLowerCaseAndTheMinimums() {
    OpportunitySettings o =
        load("""
                risk:
                  opportunities:
                    mode: confirm
                    confirm_within: 2m
                    min_probability: 0.7
                    min_ev_points: 20
                """)
            .opportunities();

    assertThat(o.mode()).isEqualTo(OpportunityMode.CONFIRM);
    assertThat(o.confirmWithin()).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.minProbability()).isEqualTo(0.7);
    assertThat(o.minEvPoints()).isEqualTo(20.0);
  }

  @Test
  void aProbabilityAboveOneAndAZeroWindowAreReported() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    risk:
                      opportunities: {mode: trade, min_probability: 1.5, confirm_within: 0s}
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("min_probability")
        .hasMessageContaining("confirm_within");
  }
}
