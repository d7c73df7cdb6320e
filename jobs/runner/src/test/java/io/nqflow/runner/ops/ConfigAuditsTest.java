package io.nqflow.runner.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.jobs.common.ProfileOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAuditsTest {
  @TempDir Path tmp;

  @Test
  void resolvesTheProfileAJobMainWouldReadFromItsProgramArguments() throws Exception {
    Path configDir = new ProfileOptions("local").configDir().toAbsolutePath();
    Path profile = tmp.resolve("audit-args.yaml");
    Files.writeString(profile, "profile: audit-args\nextends: testing\nvariant: \"ab7\"\n");
    NqflowConfig cfg =
        ConfigAudits.fromProgramArgs(
            List.of(
                "--profile",
                profile.toString(),
                "--config-dir",
                configDir.toString(),
                "--bootstrap-servers",
                "broker-a:19092",
                "--bounded"));
    assertThat(cfg.profile()).isEqualTo("audit-args");
    assertThat(cfg.variant()).isEqualTo("ab7");
    // the job's servers are the command line's, not the profile's
    assertThat(ConfigAudits.bootstrapOf(cfg)).isEqualTo("broker-a:19092");
    assertThat(cfg.kafka().bootstrapServers()).isNotEqualTo("broker-a:19092");
  }
}
