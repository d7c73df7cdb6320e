package io.nqflow.core.config;

/**
 * One configuration problem: the file it was found in, the key path inside the resolved config
 * (like {@code risk.max_daily_loss_usd} or {@code feed.sources[0].path}) and what is wrong.
 *
 * @param file the profile or strategy file that set the key, or {@code <built-in>} for defaults
 * @param keyPath dotted snake_case key path; empty for problems with the file as a whole
 * @param reason what is wrong, in words an operator can act on
 */
public record ConfigError(String file, String keyPath, String reason) {

  /** Name used as {@link #file()} when the value came from the built-in defaults or from code. */
  public static final String BUILT_IN = "<built-in>";

  public ConfigError {
    file = file == null ? BUILT_IN : file;
    keyPath = keyPath == null ? "" : keyPath;
  }

  /** {@code file: key.path: reason}, the line the CLI prints. */
  public String format() {
    return keyPath.isEmpty() ? file + ": " + reason : file + ": " + keyPath + ": " + reason;
  }

  @Override
  public String toString() {
    return format();
  }
}
