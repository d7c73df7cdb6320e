package io.nqflow.runner.config;

import io.nqflow.core.config.ConfigError;
import io.nqflow.core.config.ConfigException;
import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.ConfigReference;
import io.nqflow.core.config.ConfigRenderer;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.runner.Sections;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow config show|validate|reference}: prints or checks a resolved configuration profile,
 * or prints every key with its type, default, unit and description.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Show or validate a configuration profile, or print the reference of every key.",
    subcommands = {
      ConfigCommand.Show.class,
      ConfigCommand.Validate.class,
      ConfigCommand.Reference.class
    })
public final class ConfigCommand implements Callable<Integer> {

  /** Exit code for a profile that does not load (every problem is printed to stderr). */
  public static final int EXIT_CONFIG_ERROR = 2;

  private final Map<String, String> env;

  @Spec CommandSpec spec;

  /** Reads {@code ${VAR}} references from the process environment. */
  public ConfigCommand() {
    this(System.getenv());
  }

  /** Reads {@code ${VAR}} references from {@code env} (tests). */
  public ConfigCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_CONFIG_ERROR;
  }

  /**
   * Loads {@code profile} for a subcommand; prints every error as {@code file: key.path: reason}
   * and returns null when it does not load.
   */
  NqflowConfig load(String profile, Path configDir, PrintWriter err) {
    try {
      return ConfigLoader.load(profile, configDir, env, Sections.ALL);
    } catch (ConfigException e) {
      for (ConfigError error : e.errors()) {
        err.println(error.format());
      }
      err.printf("%d configuration error(s) in profile %s%n", e.errors().size(), profile);
      err.flush();
      return null;
    }
  }

  /** Options shared by the subcommands. */
  abstract static class ProfileCommand implements Callable<Integer> {
    @ParentCommand ConfigCommand parent;

    @Spec CommandSpec spec;

    @Option(
        names = "--profile",
        required = true,
        paramLabel = "NAME|PATH",
        description = "Profile name in the config directory, or a path to a YAML file.")
    String profile;

    @Option(
        names = "--config-dir",
        paramLabel = "DIR",
        defaultValue = "${env:NQFLOW_CONFIG_DIR:-config}",
        description = "Directory with the profiles and strategies/ (default: ${DEFAULT-VALUE}).")
    Path configDir;

    @Override
    public Integer call() {
      NqflowConfig cfg = parent.load(profile, configDir, spec.commandLine().getErr());
      if (cfg == null) {
        return EXIT_CONFIG_ERROR;
      }
      PrintWriter out = spec.commandLine().getOut();
      print(cfg, out);
      out.flush();
      return 0;
    }

    abstract void print(NqflowConfig cfg, PrintWriter out);
  }

  /** {@code config show}: the resolved profile as YAML, secrets masked. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print the resolved profile (extends, strategy, environment applied; secrets masked).")
  static final class Show extends ProfileCommand {
    @Override
    void print(NqflowConfig cfg, PrintWriter out) {
      out.print(ConfigRenderer.toYaml(cfg));
    }
  }

  /**
   * {@code config validate}: exit 0 when the profile loads, 2 with every problem listed otherwise.
   */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check a profile; exit 0 if valid, 2 with every problem listed otherwise.")
  static final class Validate extends ProfileCommand {
    @Override
    void print(NqflowConfig cfg, PrintWriter out) {
      out.printf("profile %s is valid%n", cfg.profile());
    }
  }

  /** {@code config reference}: every key of every section, from the settings records. */
  @Command(
      name = "reference",
      mixinStandardHelpOptions = true,
      description =
          "Print every configuration key with its type, default, unit and description, as the"
              + " Markdown tables of docs/configuration.md.")
  static final class Reference implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.print(ConfigReference.markdown(Sections.ALL));
      out.flush();
      return 0;
    }
  }
}
