package io.nqflow.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {

  static final String CONFIG_DIR = Path.of("..", "..", "config").toString();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CommandLine cli = new CommandLine(new ConfigCommand(env));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void showPrintsTheResolvedProfileWithSecretsMasked() {
    String signingKey = ShippedProfilesTest.randomKey();
    int code =
        run(
            Map.of("DATABENTO_API_KEY", "very-secret-key", "NQFLOW_SIGNING_KEY", signingKey),
            "show",
            "--profile",
            "databento-live",
            "--config-dir",
            CONFIG_DIR);

    assertThat(code).isZero();
    assertThat(out.toString()).contains("profile: databento-live").contains("api_key: '****'");
    assertThat(out + err.toString()).doesNotContain("very-secret-key").doesNotContain(signingKey);
    assertThat(out.toString()).contains("signing_key: '****'").contains("require_signed: true");
  }

  @Test
  void validateOfABrokenProfileListsEveryProblemAndExitsWithTwo() throws IOException {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(
        broken,
        """
        kafka: {partitons: 3}
        flink: {parallelism: two}
        risk: {max_daily_loss_usd: -5}
        execution: {broker: TRADOVATE}
        """);

    int code =
        run(Map.of(), "validate", "--profile", broken.toString(), "--config-dir", CONFIG_DIR);

    assertThat(code).isEqualTo(ConfigCommand.EXIT_CONFIG_ERROR);
    assertThat(err.toString())
        .contains(broken + ": kafka.partitons: unknown key")
        .contains(broken + ": flink.parallelism: wrong type")
        .contains(broken + ": risk.max_daily_loss_usd: must be a positive number")
        .contains(
            broken + ": execution.tradovate.password: required by execution.broker TRADOVATE");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void validateOfAGoodProfileExitsWithZero() {
    int code = run(Map.of(), "validate", "--profile", "local", "--config-dir", CONFIG_DIR);

    assertThat(code).isZero();
    assertThat(out.toString()).contains("profile local is valid");
  }
}
