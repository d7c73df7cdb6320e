package io.nqflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a settings record declares its options: dotted keys into nested mappings, references to
 * options other records declare, run-time components, secrets and the key a rejection names.
 */
class SettingsDeclarationTest {
  @TempDir Path dir;

  private NqflowConfig load(String yaml, Map<String, String> env) {
    return ConfigLoader.fromYaml(yaml, dir, env, TestingSections.ALL);
  }

  private List<ConfigError> errors(String yaml) {
    try {
      load(yaml, Map.of());
    } catch (ConfigException e) {
      return e.errors();
    }
    throw new AssertionError("expected a ConfigException");
  }

  @Test
  void dottedKeysReadNestedMappingsIntoAFlatRecord() {
    NqflowConfig cfg =
        load("detection: {volume_ratio: {moderate: 5}, baseline: {sessions: 9}}", Map.of());

    TestingSections.Detection d = cfg.section(TestingSections.DETECTION);
    assertThat(d.moderate()).isEqualTo(5.0);
    assertThat(d.sessions()).isEqualTo(9);
    assertThat(d.extreme()).isEqualTo(TestingSections.Detection.defaults().extreme());
  }

  @Test
  void aReferenceReceivesTheValueOfTheOptionItNames() {
    NqflowConfig cfg = load("variant: b-side\nbudget: {daily_usd: 3, monthly_usd: 90}\n", Map.of());

    TestingSections.Risk risk = cfg.section(TestingSections.RISK);
    assertThat(risk.dailyBudgetUsd()).isEqualTo(3.0);
    assertThat(risk.variant()).isEqualTo("b-side");
  }

  @Test
  void aReferenceIsNotAKeyOfItsOwn() {
    assertThat(errors("risk: {daily_budget_usd: 3}"))
        .singleElement()
        .satisfies(e -> assertThat(e.keyPath()).isEqualTo("risk.daily_budget_usd"));
  }

  @Test
  void aRunTimeComponentCannotBeSetByAProfile() {
    assertThat(errors("detection: {bounded: true}"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.keyPath()).isEqualTo("detection.bounded");
              assertThat(e.reason()).contains("unknown key");
            });
  }

  @Test
  void anUnknownNestedKeyNamesTheNearestDeclaredOne() {
    assertThat(errors("detection: {volume_ratio: {moderat: 5}}"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.keyPath()).isEqualTo("detection.volume_ratio.moderat");
              assertThat(e.reason()).contains("did you mean detection.volume_ratio.moderate?");
            });
  }

  @Test
  void aKeyWhoseUnitChangedNamesItsSuccessor() {
    assertThat(errors("risk: {max_daily_loss_pct: 5}"))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("did you mean risk.max_daily_loss_usd?"));
  }

  @Test
  void aSecretStringTakesOnlyReferencesAndIsMaskedWhenRendered() {
    assertThat(errors("detection: {token: abc123}"))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("must not be written into config files"));

    NqflowConfig cfg = load("detection: {token: '${TOKEN}'}", Map.of("TOKEN", "s3cr3t"));
    assertThat(cfg.section(TestingSections.DETECTION).token()).isEqualTo("s3cr3t");
    assertThat(ConfigRenderer.toYaml(cfg)).doesNotContain("s3cr3t").contains(Secret.MASK);
  }

  @Test
  void aRejectionByTheRecordsConstructorIsReportedAtTheKeyItNames() {
    assertThat(errors("detection: {volume_ratio: {moderate: 60}}"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.keyPath()).isEqualTo("detection.volume_ratio.extreme");
              assertThat(e.reason()).contains("must be above volume_ratio.moderate");
            });
  }

  @Test
  void theReferenceTablesComeFromTheDeclarations() {
    String md = ConfigReference.markdown(TestingSections.ALL);

    assertThat(md)
        .contains("### `detection`")
        .contains("| `volume_ratio.moderate` | number | `4` |  | Moderate ratio. |")
        .contains("| `max_daily_loss_usd` | number | `50` | USD | Daily loss limit. |")
        .contains("| `token` | secret | — |")
        .doesNotContain("daily_budget_usd")
        .doesNotContain("bounded");
  }
}
