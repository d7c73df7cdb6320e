package io.nqflow.flow;

/** The trades of one match event being collected by the sweep detector. A Flink POJO. */
public final class SweepGroup {
  /** Match event time, ns. */
  public long ts;

  /** Aggressor sign: 1 buyer, -1 seller. */
  public int side;

  /** Distinct prices traded, 1e-9 fixed point (first {@code levels} entries used). */
  public long[] prices;

  public int levels;
  public long contracts;
  public double premiumUsd;

  /** The last trade of the match event: the signal's trigger. */
  public OptionEvent last;

  /** Underlying price as of the match event; null when unknown. */
  public UnderlyingPrice underlying;

  public SweepGroup() {}

  public static SweepGroup start(OptionEvent e, int side, UnderlyingPrice u) {
    SweepGroup g = new SweepGroup();
    g.ts = e.tsEvent;
    g.side = side;
    g.prices = new long[8];
    g.add(e, u);
    return g;
  }

  public void add(OptionEvent e, UnderlyingPrice u) {
    boolean seen = false;
    for (int i = 0; i < levels; i++) {
      if (prices[i] == e.price) {
        seen = true;
        break;
      }
    }
    if (!seen) {
      if (levels == prices.length) {
        prices = java.util.Arrays.copyOf(prices, levels * 2);
      }
      prices[levels++] = e.price;
    }
    contracts += e.size;
    premiumUsd += e.premiumUsd();
    last = e;
    underlying = u;
  }
}
