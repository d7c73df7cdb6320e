package io.nqflow.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A secret configuration value (API key, password) whose {@link #toString()} is always masked, so
 * it cannot reach a log line or a rendered config by accident; read it only with {@link #reveal()}.
 */
public final class Secret implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** What {@link #toString()} and {@link ConfigRenderer} print instead of a present secret. */
  public static final String MASK = "****";

  private static final Secret ABSENT = new Secret(null, null);

  private final String value;
  private final String reference;

  private Secret(String value, String reference) {
    this.value = value;
    this.reference = reference;
  }

  /** A present secret (for code and tests; config files must use {@code ${ENV}} references). */
  public static Secret of(String value) {
    if (value == null || value.isEmpty()) {
      return ABSENT;
    }
    return new Secret(value, null);
  }

  /** No secret configured. */
  public static Secret absent() {
    return ABSENT;
  }

  static Secret resolved(String value, String reference) {
    if (value == null || value.isEmpty()) {
      return unresolved(reference);
    }
    return new Secret(value, reference);
  }

  /** A secret whose {@code ${reference}} had no value when the config was loaded. */
  static Secret unresolved(String reference) {
    return new Secret(null, reference);
  }

  /** True when a value is present. */
  public boolean isPresent() {
    return value != null;
  }

  /**
   * The secret value; call it only where the value is handed to the system that needs it.
   *
   * @throws IllegalStateException if the secret is not present
   */
  public String reveal() {
    if (value == null) {
      throw new IllegalStateException(
          "secret is not set"
              + (reference == null ? "" : " (${" + reference + "} had no value at load time)"));
    }
    return value;
  }

  /** The {@code ${...}} reference the value came from (variable name or {@code file:/path}). */
  public Optional<String> reference() {
    return Optional.ofNullable(reference);
  }

  @Override
  public String toString() {
    return value == null ? "<unset>" : MASK;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Secret other)) {
      return false;
    }
    if (value == null || other.value == null) {
      return value == other.value;
    }
    // constant-time comparison: equality of secrets must not leak through timing
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value == null ? 0 : 1;
  }
}
