package io.nqflow.feed;

/** The feed cannot go on (Kafka unreachable, a send failed). */
public final class FeedException extends RuntimeException {
  public FeedException(String message, Throwable cause) {
    super(message, cause);
  }
}
