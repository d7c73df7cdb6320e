package io.nqflow.databento;

import java.io.IOException;

/**
 * A failure reported by Databento (an HTTP error, a gateway error) or a broken protocol exchange.
 */
public class DatabentoException extends IOException {
  private static final long serialVersionUID = 1L;

  public DatabentoException(String message) {
    super(message);
  }

  public DatabentoException(String message, Throwable cause) {
    super(message, cause);
  }
}
