package io.nqflow.chain.model;

import java.util.List;

/**
 * The strikes of one underlying and one expiry, in ascending strike order, one row per strike.
 *
 * @param underlying underlying symbol, e.g. NQH7
 * @param expirationNs last trade time of the expiry, ns since the UNIX epoch (UTC)
 * @param multiplier contract multiplier, USD per index point (NQ 20, MNQ 2)
 * @param strikes rows by ascending strike
 */
public record ExpiryChain(
    String underlying, long expirationNs, double multiplier, List<StrikeRow> strikes) {

  public ExpiryChain {
    strikes = List.copyOf(strikes);
    for (int i = 1; i < strikes.size(); i++) {
      if (!(strikes.get(i).strike() > strikes.get(i - 1).strike())) {
        throw new IllegalArgumentException("strikes must ascend without repeats");
      }
    }
  }
}
