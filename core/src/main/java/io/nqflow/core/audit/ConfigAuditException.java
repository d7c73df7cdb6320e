package io.nqflow.core.audit;

/** ops.audit could not be read or written while recording a component's configuration. */
public final class ConfigAuditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigAuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
