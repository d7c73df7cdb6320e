package io.nqflow.flow;

import java.util.Arrays;

/**
 * The open runs of the ladder pattern for one underlying, class and aggressor side, at most {@link
 * #CAP}, in the order they started (index 0 is the oldest): per run its start, the strikes of its
 * legs in order and the legs' totals. A run never holds {@code ladderMinStrikes} legs (it signals
 * and ends then), so the state keeps at most {@code CAP x (ladderMinStrikes - 1)} strikes. A Flink
 * POJO in keyed state (structure of arrays; run {@code i}'s strikes at {@code i * stride}).
 */
public final class LadderRuns {
  /**
   * Hard cap on the open runs of one key; a trade that would start one more starts none (every
   * trade starts a run, so this bounds a hot key to the last {@code CAP} large trades of its window
   * that did not end in a signal).
   */
  public static final int CAP = 64;

  public int count;

  /** Strikes kept per run: {@code ladderMinStrikes - 1}. */
  public int stride;

  /** ts_event of each run's first leg, ns. */
  public long[] startTs;

  /** Legs of each run. */
  public int[] legs;

  public long[] contracts;

  /** Premium of each run's legs, USD, summed in event order. */
  public double[] premiumUsd;

  /** Strikes of the legs, 1e-9 fixed point, in leg order; run i's at {@code i * stride}. */
  public long[] strikes;

  /** The aggressive order being assembled: its instrument (0 when none). */
  public long orderInstrument;

  /** ts_event of that order's trades, ns. */
  public long orderTs;

  /** Premium of that order's trades so far, USD. */
  public double orderPremium;

  /** Contracts of that order's trades so far. */
  public long orderContracts;

  /** Whether that order has been taken as a leg already. */
  public boolean orderLegged;

  public LadderRuns() {}

  public static LadderRuns empty(int stride) {
    LadderRuns r = new LadderRuns();
    r.stride = stride;
    r.startTs = new long[4];
    r.legs = new int[4];
    r.contracts = new long[4];
    r.premiumUsd = new double[4];
    r.strikes = new long[4 * stride];
    return r;
  }

  public long strike(int run, int leg) {
    return strikes[run * stride + leg];
  }

  public long lastStrike(int run) {
    return strike(run, legs[run] - 1);
  }

  /** Whether run {@code i} has a leg at {@code strike}. */
  public boolean has(int i, long strike) {
    for (int l = 0; l < legs[i]; l++) {
      if (strike(i, l) == strike) {
        return true;
      }
    }
    return false;
  }

  /** Adds a leg to run {@code i}, which holds fewer than {@link #stride} legs. */
  public void addLeg(int i, long strike, long size, double premium) {
    strikes[i * stride + legs[i]] = strike;
    legs[i]++;
    contracts[i] += size;
    premiumUsd[i] += premium;
  }

  /** Starts a run with one leg; false when {@link #CAP} runs are open. */
  public boolean start(long ts, long strike, long size, double premium) {
    if (count == CAP) {
      return false;
    }
    if (count == startTs.length) {
      int n = Math.min(CAP, count * 2);
      startTs = Arrays.copyOf(startTs, n);
      legs = Arrays.copyOf(legs, n);
      contracts = Arrays.copyOf(contracts, n);
      premiumUsd = Arrays.copyOf(premiumUsd, n);
      strikes = Arrays.copyOf(strikes, n * stride);
    }
    int i = count++;
    startTs[i] = ts;
    legs[i] = 0;
    contracts[i] = 0;
    premiumUsd[i] = 0;
    addLeg(i, strike, size, premium);
    return true;
  }

  /** Drops the oldest {@code n} runs. */
  public void dropOldest(int n) {
    if (n <= 0) {
      return;
    }
    int keep = count - n;
    System.arraycopy(startTs, n, startTs, 0, keep);
    System.arraycopy(legs, n, legs, 0, keep);
    System.arraycopy(contracts, n, contracts, 0, keep);
    System.arraycopy(premiumUsd, n, premiumUsd, 0, keep);
    System.arraycopy(strikes, n * stride, strikes, 0, keep * stride);
    count = keep;
  }
}
