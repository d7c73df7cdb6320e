package io.nqflow.runner.arch.readfixture;

/** The component that uses {@link FixtureSettings}. */
public final class FixtureReader {
  private FixtureReader() {}

  /** Uses two of the three options. */
  public static int use(FixtureSettings s) {
    return s.read() + s.doubled();
  }
}
