package io.nqflow.jobs.common;

import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.NqflowConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --profile} and {@code --config-dir}: how the CLI's commands and both job entry points read
 * a profile.
 */
public final class ProfileOptions {
  @Option(
      names = "--profile",
      paramLabel = "NAME|FILE",
      description =
          "Profile name from the config folder (local, replay, shadow, limited-live,"
              + " databento-live, testing) or a path to a YAML file. Default: ${DEFAULT-VALUE}.")
  String profile = "local";

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      description = "Folder of profiles and strategies/. Default: $NQFLOW_HOME/config or ./config.")
  Path configDir;

  public ProfileOptions() {}

  public ProfileOptions(String profile) {
    this.profile = profile;
  }

  public String profile() {
    return profile;
  }

  /**
   * Loads and validates the profile with the given component sections; a ConfigException lists
   * every problem (exit code 2).
   */
  public NqflowConfig load(List<ConfigSection<?>> sections) {
    return ConfigLoader.load(profile, configDir(), System.getenv(), sections);
  }

  public Path configDir() {
    if (configDir != null) {
      return configDir;
    }
    String home = System.getenv("NQFLOW_HOME");
    if (home != null && Files.isDirectory(Path.of(home, "config"))) {
      return Path.of(home, "config");
    }
    // From a module folder (tests) the repository's config/ is two or three levels up.
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("config").resolve("strategies"))) {
        return p.resolve("config");
      }
    }
    return Path.of("config");
  }
}
