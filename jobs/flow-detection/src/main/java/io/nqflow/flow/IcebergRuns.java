package io.nqflow.flow;

import java.util.Arrays;

/**
 * The open runs of the iceberg pattern for one instrument, at most {@link #CAP}, in the order they
 * started (index 0 is the oldest): per run its level (book side and price), totals of its fills,
 * its refills and where it stands. A run keeps totals, not events, so its size does not grow with
 * its fills. A Flink POJO in keyed state (structure of arrays).
 */
public final class IcebergRuns {
  /**
   * Hard cap on the open runs of one instrument, over all its levels; a fill that would start one
   * more starts none. Runs that cannot complete any more are dropped at once and a run that another
   * one started earlier at the same level dominates is dropped, so a level rarely holds more than
   * the fills of one refill window.
   */
  public static final int CAP = 64;

  /** The active part waits for the refill of its last fill. */
  public static final byte WAIT_REFILL = 0;

  /** The active part was refilled and waits for the next fill. */
  public static final byte WAIT_FILL = 1;

  /** The last fill was not refilled in time: only the held part can still complete. */
  public static final byte DEAD = 2;

  public int count;

  /** Price of the level, 1e-9 fixed point. */
  public long[] price;

  /** Book side of the level: 1 bid (a hidden buyer), -1 ask. */
  public byte[] side;

  public byte[] phase;

  /** ts_event of the first fill, ns. */
  public long[] startTs;

  /** ts_event of the last fill, ns. */
  public long[] lastFillTs;

  public int[] fills;
  public int[] refills;
  public long[] contracts;

  /** Premium of the fills, USD, summed in event order. */
  public double[] premiumUsd;

  /**
   * The held part: the run as it was when, refilled often enough, it passed over a fill that did
   * not bring it to the premium. Any later fill at the level may still complete it. 0 fills: none.
   */
  public int[] heldFills;

  public int[] heldRefills;
  public long[] heldContracts;
  public double[] heldPremiumUsd;

  public IcebergRuns() {}

  public static IcebergRuns empty() {
    IcebergRuns r = new IcebergRuns();
    r.price = new long[4];
    r.side = new byte[4];
    r.phase = new byte[4];
    r.startTs = new long[4];
    r.lastFillTs = new long[4];
    r.fills = new int[4];
    r.refills = new int[4];
    r.contracts = new long[4];
    r.premiumUsd = new double[4];
    r.heldFills = new int[4];
    r.heldRefills = new int[4];
    r.heldContracts = new long[4];
    r.heldPremiumUsd = new double[4];
    return r;
  }

  /** Starts a run at a fill; false (and nothing started) when {@link #CAP} runs are open. */
  public boolean start(long levelPrice, byte levelSide, long ts, long size, double premium) {
    if (count == CAP) {
      return false;
    }
    if (count == price.length) {
      int n = Math.min(CAP, count * 2);
      price = Arrays.copyOf(price, n);
      side = Arrays.copyOf(side, n);
      phase = Arrays.copyOf(phase, n);
      startTs = Arrays.copyOf(startTs, n);
      lastFillTs = Arrays.copyOf(lastFillTs, n);
      fills = Arrays.copyOf(fills, n);
      refills = Arrays.copyOf(refills, n);
      contracts = Arrays.copyOf(contracts, n);
      premiumUsd = Arrays.copyOf(premiumUsd, n);
      heldFills = Arrays.copyOf(heldFills, n);
      heldRefills = Arrays.copyOf(heldRefills, n);
      heldContracts = Arrays.copyOf(heldContracts, n);
      heldPremiumUsd = Arrays.copyOf(heldPremiumUsd, n);
    }
    int i = count++;
    price[i] = levelPrice;
    side[i] = levelSide;
    phase[i] = WAIT_REFILL;
    startTs[i] = ts;
    lastFillTs[i] = ts;
    fills[i] = 1;
    refills[i] = 0;
    contracts[i] = size;
    premiumUsd[i] = premium;
    heldFills[i] = 0;
    heldRefills[i] = 0;
    heldContracts[i] = 0;
    heldPremiumUsd[i] = 0;
    return true;
  }

  /** Whether run {@code i} is at the level ({@code levelPrice}, {@code levelSide}). */
  public boolean at(int i, long levelPrice, byte levelSide) {
    return price[i] == levelPrice && side[i] == levelSide;
  }

  /** Copies the active part of run {@code i} into its held part. */
  public void hold(int i) {
    heldFills[i] = fills[i];
    heldRefills[i] = refills[i];
    heldContracts[i] = contracts[i];
    heldPremiumUsd[i] = premiumUsd[i];
  }

  /** Removes the runs whose flag is set, keeping the others in their order. */
  public void removeWhere(boolean[] drop) {
    int w = 0;
    for (int i = 0; i < count; i++) {
      if (drop[i]) {
        continue;
      }
      if (w != i) {
        price[w] = price[i];
        side[w] = side[i];
        phase[w] = phase[i];
        startTs[w] = startTs[i];
        lastFillTs[w] = lastFillTs[i];
        fills[w] = fills[i];
        refills[w] = refills[i];
        contracts[w] = contracts[i];
        premiumUsd[w] = premiumUsd[i];
        heldFills[w] = heldFills[i];
        heldRefills[w] = heldRefills[i];
        heldContracts[w] = heldContracts[i];
        heldPremiumUsd[w] = heldPremiumUsd[i];
      }
      w++;
    }
    count = w;
  }
}
