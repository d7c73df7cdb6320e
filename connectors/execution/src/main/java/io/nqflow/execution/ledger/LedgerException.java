package io.nqflow.execution.ledger;

/** The ledger database failed; the message names the operation and the database. */
public final class LedgerException extends RuntimeException {
  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
