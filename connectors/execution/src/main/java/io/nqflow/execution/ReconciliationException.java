package io.nqflow.execution;

/**
 * The ledger and the broker could not be brought into agreement; the service refuses to trade. The
 * message says which orders or positions disagree, or which broker call failed.
 */
public final class ReconciliationException extends RuntimeException {
  public ReconciliationException(String message) {
    super(message);
  }

  public ReconciliationException(String message, Throwable cause) {
    super(message, cause);
  }
}
