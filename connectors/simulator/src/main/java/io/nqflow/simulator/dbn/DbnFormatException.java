package io.nqflow.simulator.dbn;

/** Malformed DBN input: names what was wrong and the byte offset where it was found. */
public final class DbnFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DbnFormatException(String what, long offset) {
    super("invalid DBN input at byte " + offset + ": " + what);
  }
}
