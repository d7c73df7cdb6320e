package io.nqflow.runner.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Kafka client of the production code gets its brokers (and with them its TLS/SASL settings)
 * from {@code KafkaConfig.clientProperties()} (KafkaClientProperties): no main source file but
 * {@code KafkaClientProperties.java} sets {@code bootstrap.servers} itself. (A source scan: the
 * compiler inlines the constant, so the class files do not show it.)
 */
class KafkaClientPropertiesTest {
  private static final Pattern SETS_BROKERS =
      Pattern.compile("BOOTSTRAP_SERVERS_CONFIG|\"bootstrap\\.servers\"|\\.setBootstrapServers\\(");
  private static final String CENTRAL =
      "core/src/main/java/io/nqflow/core/kafka/KafkaClientProperties.java";

  @Test
  void onlyKafkaClientPropertiesSetsTheBrokersOfAClient() {
    Path root = repositoryRoot();
    assertThat(root.resolve(CENTRAL)).exists();
    assertThat(offenders(root)).as("main sources that set bootstrap.servers themselves").isEmpty();
  }

  @Test
  void theScanFindsAClientBuiltByHand(@TempDir Path dir) throws IOException {
    Path main = dir.resolve("connectors/x/src/main/java/io/nqflow/x");
    Files.createDirectories(main);
    Files.writeString(
        main.resolve("Sneaky.java"),
        "class Sneaky { void f(java.util.Properties p) {"
            + " p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, \"h:1\"); } }");
    Files.writeString(main.resolve("Fine.java"), "class Fine { /* uses clientProperties() */ }");
    Path test = dir.resolve("connectors/x/src/test/java/io/nqflow/x");
    Files.createDirectories(test);
    Files.writeString(
        test.resolve("SomeTest.java"), "class T { String s = \"bootstrap.servers\"; }");
    Path central = dir.resolve(CENTRAL);
    Files.createDirectories(central.getParent());
    Files.writeString(central, "class KafkaClientProperties { String b = \"bootstrap.servers\"; }");

    assertThat(offenders(dir))
        .containsExactly("connectors/x/src/main/java/io/nqflow/x/Sneaky.java");
  }

  /** Main Java sources under {@code root} (relative, with /) that set the brokers by hand. */
  static List<String> offenders(Path root) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String rel = root.relativize(f).toString().replace('\\', '/');
        if (!rel.contains("/src/main/java/") && !rel.startsWith("src/main/java/")) {
          continue;
        }
        if (rel.contains("/target/") || rel.equals(CENTRAL)) {
          continue;
        }
        if (SETS_BROKERS.matcher(Files.readString(f)).find()) {
          out.add(rel);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The checkout this test runs in: the nearest folder above holding core/ and jobs/. */
  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null
        && !(Files.isDirectory(p.resolve("core")) && Files.isDirectory(p.resolve("jobs")))) {
      p = p.getParent();
    }
    assertThat(p).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
    return p;
  }
}
