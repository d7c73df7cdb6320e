package io.nqflow.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.ConfigRenderer;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.Secret;
import io.nqflow.runner.Sections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRendererTest {

  static final Path CONFIG = Path.of("..", "..", "config");

  @TempDir Path dir;

  @Test
  void secretValuesNeverAppearInRenderedYamlOrToString() {
    NqflowConfig cfg =
        ConfigLoader.load("limited-live", CONFIG, ShippedProfilesTest.LIVE_ENV, Sections.ALL);

    String yaml = ConfigRenderer.toYaml(cfg);
    String text = cfg.toString();

    for (String secret : new String[] {"db-test-key-123", "tv-password-456", "tv-sec-789"}) {
      assertThat(yaml).doesNotContain(secret);
      assertThat(text).doesNotContain(secret);
    }
    assertThat(yaml).contains("api_key: '" + Secret.MASK + "'");
    assertThat(yaml).contains("password: '" + Secret.MASK + "'");
    assertThat(text).contains("apiKey=" + Secret.MASK);
    assertThat(cfg.databento().apiKey().reveal()).isEqualTo("db-test-key-123");
  }

  @Test
  void renderedConfigLoadsBackToTheSameConfig() throws IOException {
    NqflowConfig local = ConfigLoader.load("local", CONFIG, Map.of(), Sections.ALL);
    Path rendered = dir.resolve("rendered.yaml");
    Files.writeString(rendered, ConfigRenderer.toYaml(local));

    NqflowConfig reloaded = ConfigLoader.load(rendered.toString(), CONFIG, Map.of(), Sections.ALL);

    assertThat(reloaded).isEqualTo(local);
  }

  @Test
  void durationsRenderInTheirShortForm() {
    String yaml = ConfigRenderer.toYaml(ConfigLoader.fromYaml("", CONFIG, Map.of(), Sections.ALL));

    assertThat(yaml).contains("checkpoint_interval: 10s").contains("out_of_orderness: 200ms");
    assertThat(yaml).contains("state_ttl: 30d").doesNotContain("extends");
  }
}
