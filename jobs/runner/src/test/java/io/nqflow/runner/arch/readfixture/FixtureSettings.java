package io.nqflow.runner.arch.readfixture;

/**
 * Settings with one option read through its accessor, one through a derived method and one that
 * nothing reads, for the test that shows the unread-option check catches the last.
 */
public record FixtureSettings(int read, int readThroughMethod, int unread) {
  /** A derived value: reading it reads {@code readThroughMethod}. */
  public int doubled() {
    return 2 * readThroughMethod;
  }
}
