package io.nqflow.market.archfixture;

import io.nqflow.schemas.Topics;

/** A deliberately wrong market-library class using a project module (test fixture only). */
public final class MarketUsingSchemas {
  private MarketUsingSchemas() {}

  static String topic() {
    return Topics.AUDIT.name();
  }
}
