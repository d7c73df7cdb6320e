package io.nqflow.market.archfixture;

import java.time.LocalDate;
import java.util.Arrays;

/** A market-library class that uses only the JDK, as the rules allow (test fixture only). */
public final class MarketOnTheJdk {
  private MarketOnTheJdk() {}

  static LocalDate day(long[] days) {
    return LocalDate.ofEpochDay(Arrays.stream(days).max().orElse(0L));
  }
}
