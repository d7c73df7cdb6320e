package io.nqflow.schemas;

/** Bytes that are not a valid message of the expected schema. */
public final class MessageFormatException extends RuntimeException {
  public MessageFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
