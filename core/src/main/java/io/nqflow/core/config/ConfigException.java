package io.nqflow.core.config;

import java.util.List;

/**
 * Thrown when a configuration cannot be loaded; carries every problem found, not just the first.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(message(errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  /** Every problem, in the order found. */
  public List<ConfigError> errors() {
    return errors;
  }

  private static String message(List<ConfigError> errors) {
    StringBuilder sb = new StringBuilder().append(errors.size()).append(" configuration error(s):");
    for (ConfigError e : errors) {
      sb.append(System.lineSeparator()).append("  ").append(e.format());
    }
    return sb.toString();
  }
}
