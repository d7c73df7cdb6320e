package io.nqflow.core.config;

import java.time.Duration;
import java.util.List;

/** Collects config violations under a key-path prefix; used by {@link Validating} records. */
public final class Checks {

  private final String prefix;
  private final List<ConfigError> sink;

  Checks(String prefix, List<ConfigError> sink) {
    this.prefix = prefix;
    this.sink = sink;
  }

  /** Checks for a nested key, e.g. {@code at("sources[0]")}. */
  public Checks at(String key) {
    return new Checks(path(key), sink);
  }

  /** The full key path of {@code key} under this prefix. */
  public String path(String key) {
    if (key == null || key.isEmpty()) {
      return prefix;
    }
    if (prefix.isEmpty() || key.startsWith("[")) {
      return prefix + key;
    }
    return prefix + "." + key;
  }

  /** Reports a violation of {@code key}. */
  public void error(String key, String reason) {
    sink.add(new ConfigError(null, path(key), reason));
  }

  /** Reports {@code reason} unless {@code ok}. */
  public void require(boolean ok, String key, String reason) {
    if (!ok) {
      error(key, reason);
    }
  }

  /** Requires {@code min <= value <= max}. */
  public void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      error(key, "must be between " + min + " and " + max + ", got " + value);
    }
  }

  /** Requires {@code min <= value <= max} (and a finite value). */
  public void range(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      error(key, "must be between " + num(min) + " and " + num(max) + ", got " + num(value));
    }
  }

  /** Requires {@code value > min} (and a finite value). */
  public void above(String key, double value, double min) {
    if (!(value > min) || Double.isInfinite(value)) {
      error(key, "must be greater than " + num(min) + ", got " + num(value));
    }
  }

  /** Requires a duration greater than zero. */
  public void positive(String key, Duration value) {
    if (value != null && (value.isZero() || value.isNegative())) {
      error(key, "must be a positive duration, got " + DurationFormat.format(value));
    }
  }

  /** Requires a duration of at least {@code min}. */
  public void atLeast(String key, Duration value, Duration min) {
    if (value != null && value.compareTo(min) < 0) {
      error(
          key,
          "must be at least "
              + DurationFormat.format(min)
              + ", got "
              + DurationFormat.format(value));
    }
  }

  /** Requires a non-blank string (null is reported by the validator's null check). */
  public void notBlank(String key, String value) {
    if (value != null && value.isBlank()) {
      error(key, "must not be blank");
    }
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * Reports a missing secret that {@code usedBy} needs; secrets nobody needs may stay unresolved.
   */
  public void requireSecret(String key, Secret secret, String usedBy) {
    if (secret != null && !secret.isPresent()) {
      String ref = secret.reference().map(r -> "${" + r + "} has no value").orElse("not set");
      error(key, "missing required secret: " + ref + " (needed by " + usedBy + ")");
    }
  }
}
