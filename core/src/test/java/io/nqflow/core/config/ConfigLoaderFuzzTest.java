package io.nqflow.core.config;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of the config loader: any text as a profile (YAML parsing,
 * {@code extends} and {@code strategy} chains into a copy of the repository's config/ folder,
 * {@code ${...}} substitution, binding into the settings records, validation) gives a config or a
 * {@link ConfigException} whose every error has a reason, never another exception, and allocates at
 * most {@link #ALLOCATION_BUDGET} bytes plus 64 per input byte.
 *
 * <p>Seeds: {@code ConfigLoaderFuzzTestInputs/load} (the shipped profiles, strategies and variants,
 * and a few with references). Runs in fuzzing mode in the build (the {@code nqflow.fuzz*}
 * properties of the parent pom) and for as long as asked in scripts/fuzz.sh.
 */
class ConfigLoaderFuzzTest {
  /**
   * Generous, because loading a profile chain ({@code extends} + {@code strategy}, four files)
   * under Jazzer's instrumentation allocated 98 MiB of short-lived garbage for a 2 KiB input in a
   * CI run (input {@code strategy-and-extends-chain-102MB}; under 64 MiB when replayed without
   * fuzzing); the bugs this guards against (an endless read, a length taken from the input)
   * allocate gigabytes.
   */
  static final long ALLOCATION_BUDGET = 256L << 20;

  /** A copy of config/, so that profiles the fuzzer names resolve and nothing real is touched. */
  private static final Path CONFIG_DIR = copyOfConfigDir();

  private static final Map<String, String> ENV =
      Map.of("BROKER_HOST", "kafka-0", "PARTITIONS", "4", "CKPT", "30s", "EMPTY", "");

  @DictionaryEntries({
    "extends: ",
    "strategy: ",
    "profile: ",
    "${",
    ":-",
    "}",
    ": [",
    "kafka:",
    "bootstrap_servers: ",
    "flink:",
    "risk:",
    "detection:",
    "30s",
    "local",
    "conservative",
    "&a ",
    "*a",
    "!!"
  })
  @FuzzTest(maxDuration = "12s")
  void load(byte[] input) throws Exception {
    String yaml = new String(input, StandardCharsets.UTF_8);
    AllocationBudget.run(
        ALLOCATION_BUDGET + 64L * input.length, "loading a profile", () -> loadOrFail(yaml));
  }

  private static void loadOrFail(String yaml) {
    try {
      NqflowConfig config = ConfigLoader.fromYaml(yaml, CONFIG_DIR, ENV, TestingSections.ALL);
      if (config == null) {
        throw new AssertionError("a profile loaded to null");
      }
    } catch (ConfigException e) {
      if (e.errors().isEmpty()) {
        throw new AssertionError("a ConfigException without errors", e);
      }
      for (ConfigError err : e.errors()) {
        if (err.reason() == null || err.reason().isBlank()) {
          throw new AssertionError("a configuration error without a reason: " + err, e);
        }
      }
    }
  }

  private static Path copyOfConfigDir() {
    try {
      Path source = Path.of("..", "config").toAbsolutePath().normalize();
      Path target = Files.createTempDirectory("nqflow-fuzz-config");
      try (Stream<Path> files = Files.walk(source)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Path to = target.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
