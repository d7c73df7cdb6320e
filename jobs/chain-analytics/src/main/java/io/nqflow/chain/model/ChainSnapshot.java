package io.nqflow.chain.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole option chain of one underlying at one moment: what {@code nqflow analyze --chain} reads
 * (docs/algorithms.md, "Chain snapshot format") and what the chain state produces.
 *
 * @param underlying underlying symbol
 * @param underlyingPrice the underlying's price in index points, null when not given
 * @param multiplier contract multiplier, USD per index point
 * @param asOfNs the moment, ns since the UNIX epoch (UTC)
 * @param contracts the options, any order
 */
public record ChainSnapshot(
    String underlying,
    Double underlyingPrice,
    double multiplier,
    long asOfNs,
    List<ChainContract> contracts) {

  public ChainSnapshot {
    contracts = List.copyOf(contracts);
  }

  /**
   * The chain split by expiry, nearest first; in each, one row per strike. Two contracts of the
   * same strike, side and expiry are an error.
   */
  public List<ExpiryChain> expiries() {
    Map<Long, TreeMap<Double, ChainContract[]>> byExpiry = new TreeMap<>();
    for (ChainContract c : contracts) {
      ChainContract[] pair =
          byExpiry
              .computeIfAbsent(c.expirationNs(), e -> new TreeMap<>())
              .computeIfAbsent(c.strike(), k -> new ChainContract[2]);
      int i = c.right() == Right.CALL ? 0 : 1;
      if (pair[i] != null) {
        throw new IllegalArgumentException(
            "two " + c.right() + "s at strike " + c.strike() + " of one expiry");
      }
      pair[i] = c;
    }
    List<ExpiryChain> out = new ArrayList<>();
    for (Map.Entry<Long, TreeMap<Double, ChainContract[]>> e : byExpiry.entrySet()) {
      List<StrikeRow> rows = new ArrayList<>();
      for (Map.Entry<Double, ChainContract[]> s : e.getValue().entrySet()) {
        rows.add(new StrikeRow(s.getKey(), s.getValue()[0], s.getValue()[1]));
      }
      rows.sort(Comparator.comparingDouble(StrikeRow::strike));
      out.add(new ExpiryChain(underlying, e.getKey(), multiplier, rows));
    }
    return out;
  }
}
