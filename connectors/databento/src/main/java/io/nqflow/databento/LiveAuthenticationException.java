package io.nqflow.databento;

/**
 * The live gateway refused the CRAM reply (wrong or deactivated key, no licence for the dataset).
 * Not retried: reconnecting with the same key cannot succeed.
 */
public final class LiveAuthenticationException extends DatabentoException {
  private static final long serialVersionUID = 1L;

  public LiveAuthenticationException(String message) {
    super(message);
  }
}
