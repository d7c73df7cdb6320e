package io.nqflow.feed.archfixture;

import io.nqflow.runner.Main;

/** A deliberately wrong connector class using the CLI (test fixture only). */
public final class FeedUsingTheCli {
  private FeedUsingTheCli() {}

  static Class<?> cli() {
    return Main.class;
  }
}
