package io.nqflow.feed.normalize;

/** A DBN record that cannot be turned into a message: it goes to the dead-letter topic. */
public final class NormalizationException extends Exception {
  public NormalizationException(String message) {
    super(message);
  }
}
