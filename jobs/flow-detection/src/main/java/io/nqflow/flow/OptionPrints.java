package io.nqflow.flow;

import java.util.Arrays;

/**
 * Recent aggressive option orders of one underlying for the confirmation stage, in arrival order,
 * at most a cap (the oldest dropped first). The trades of one instrument, aggressor side and {@code
 * ts_event} are one order (one T record per price level it went through). A Flink POJO in keyed
 * state (structure of arrays).
 */
public final class OptionPrints {
  public int count;
  public long[] instrumentId;

  /** {@code InstrumentClass} ordinal. */
  public int[] instrumentClass;

  /** Expiration, ns since the epoch. */
  public long[] expiration;

  /** Strike, 1e-9 fixed point index points. */
  public long[] strike;

  /** ts_event, ns. */
  public long[] ts;

  /** Aggressor: +1 bought, -1 sold. */
  public int[] sign;

  public long[] contracts;
  public double[] premiumUsd;

  /** Contract multiplier, USD per index point. */
  public double[] multiplier;

  /** When the order may be dropped, ms in the stage's time domain. */
  public long[] keptUntil;

  public OptionPrints() {}

  public static OptionPrints empty() {
    OptionPrints p = new OptionPrints();
    p.instrumentId = new long[8];
    p.instrumentClass = new int[8];
    p.expiration = new long[8];
    p.strike = new long[8];
    p.ts = new long[8];
    p.sign = new int[8];
    p.contracts = new long[8];
    p.premiumUsd = new double[8];
    p.multiplier = new double[8];
    p.keptUntil = new long[8];
    return p;
  }

  /**
   * Adds a trade to its order (same instrument, side and ts_event) or as a new order; at {@code
   * cap} orders the oldest is dropped first. Returns whether one was.
   */
  public boolean add(OptionEvent e, int side, long until, int cap) {
    // The levels of one order arrive together: look back a few orders only.
    for (int i = count - 1; i >= Math.max(0, count - 8); i--) {
      if (ts[i] == e.tsEvent && instrumentId[i] == e.instrumentId && sign[i] == side) {
        contracts[i] += e.size;
        premiumUsd[i] += e.premiumUsd();
        keptUntil[i] = Math.max(keptUntil[i], until);
        return false;
      }
    }
    boolean evicted = false;
    if (count >= cap) {
      remove(0);
      evicted = true;
    }
    if (count == ts.length) {
      grow(Math.max(8, count * 2));
    }
    int i = count++;
    instrumentId[i] = e.instrumentId;
    instrumentClass[i] = e.instrumentClass == null ? -1 : e.instrumentClass.ordinal();
    expiration[i] = e.expiration;
    strike[i] = e.strike;
    ts[i] = e.tsEvent;
    sign[i] = side;
    contracts[i] = e.size;
    premiumUsd[i] = e.premiumUsd();
    multiplier[i] = io.nqflow.market.Prices.toDouble(e.multiplier);
    keptUntil[i] = until;
    return evicted;
  }

  /** Contracts of the orders of an instrument at exactly {@code at} (either side), 0 if none. */
  public long contractsAt(long instrument, long at) {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      if (ts[i] == at && instrumentId[i] == instrument) {
        sum += contracts[i];
      }
    }
    return sum;
  }

  /** Multiplier of the instrument from its orders (USD per point), 0 when none is kept. */
  public double multiplierOf(long instrument) {
    for (int i = count - 1; i >= 0; i--) {
      if (instrumentId[i] == instrument) {
        return multiplier[i];
      }
    }
    return 0;
  }

  /**
   * The index of an order that makes a trigger one leg of a spread, or -1: the same class and
   * expiration, another strike, the opposite side, within {@code window} ns of {@code at}, at least
   * {@code minPremium} USD and {@code contracts} within {@code tolerance} of the trigger's.
   */
  public int otherLeg(
      int cls,
      long exp,
      long triggerStrike,
      int side,
      long at,
      long before,
      long after,
      long triggerContracts,
      double tolerance,
      double minPremium) {
    double slack = tolerance * triggerContracts;
    for (int i = 0; i < count; i++) {
      if (instrumentClass[i] == cls
          && expiration[i] == exp
          && strike[i] != triggerStrike
          && sign[i] == -side
          && ts[i] - at <= after
          && at - ts[i] <= before
          && premiumUsd[i] >= minPremium
          && Math.abs(contracts[i] - triggerContracts) <= slack) {
        return i;
      }
    }
    return -1;
  }

  /** Drops the orders kept until {@code now} or before; returns how many are left. */
  public int prune(long now) {
    int j = 0;
    for (int i = 0; i < count; i++) {
      if (keptUntil[i] > now) {
        move(i, j++);
      }
    }
    count = j;
    return count;
  }

  private void remove(int at) {
    for (int i = at + 1; i < count; i++) {
      move(i, i - 1);
    }
    count--;
  }

  private void move(int from, int to) {
    if (from == to) {
      return;
    }
    instrumentId[to] = instrumentId[from];
    instrumentClass[to] = instrumentClass[from];
    expiration[to] = expiration[from];
    strike[to] = strike[from];
    ts[to] = ts[from];
    sign[to] = sign[from];
    contracts[to] = contracts[from];
    premiumUsd[to] = premiumUsd[from];
    multiplier[to] = multiplier[from];
    keptUntil[to] = keptUntil[from];
  }

  private void grow(int n) {
    instrumentId = Arrays.copyOf(instrumentId, n);
    instrumentClass = Arrays.copyOf(instrumentClass, n);
    expiration = Arrays.copyOf(expiration, n);
    strike = Arrays.copyOf(strike, n);
    ts = Arrays.copyOf(ts, n);
    sign = Arrays.copyOf(sign, n);
    contracts = Arrays.copyOf(contracts, n);
    premiumUsd = Arrays.copyOf(premiumUsd, n);
    multiplier = Arrays.copyOf(multiplier, n);
    keptUntil = Arrays.copyOf(keptUntil, n);
  }
}
