package io.nqflow.execution.broker;

/** A broker call failed; the message names the call and what the broker said. */
public class BrokerException extends Exception {
  public BrokerException(String message) {
    super(message);
  }

  public BrokerException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The broker refused the order: it is certainly not working. */
  public static final class Rejected extends BrokerException {
    public Rejected(String message) {
      super(message);
    }
  }

  /** The broker does not know the order. */
  public static final class NotFound extends BrokerException {
    public NotFound(String message) {
      super(message);
    }
  }
}
