package io.nqflow.eval;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.market.Prices;
import io.nqflow.market.TickGrid;

/**
 * The shadow trade of one signal and its outcome so far (keyed state of {@link OutcomeFunction}): a
 * long entry of {@code quantity} contracts at the bracket's limit at the signal's event time,
 * followed on the option's trade prices until the first print at or above the target (TARGET), at
 * or below the stop (STOP), or the end of the horizon (EXPIRY at the last trade price). Prices are
 * 1e-9 fixed point, times ns since the UNIX epoch. A Flink POJO: public fields, no-arg constructor;
 * docs/evaluation.md has the formulas.
 */
public class ShadowTrade {
  public String signalId;
  public String variant;
  public String algorithm;
  public long instrumentId;
  public String rawSymbol;
  public String underlying;
  public String confidence;
  public double score;
  public String direction;
  public String clientOrderId;
  public long tsSignal;
  public int quantity;
  public double multiplierUsd;
  public long reference;
  public long entry;
  public long stop;
  public long target;

  /** End of the horizon: min(ts_signal + horizon, expiration), ns. */
  public long horizonEnd;

  /** Highest and lowest trade price seen after the signal (0 while none). */
  public long high;

  public long low;

  /** Last trade price seen after the signal (the reference until one is seen) and its time. */
  public long lastPrice;

  public long lastTs;

  /** Null while open. */
  public OutcomeKind outcome;

  /** The market price that decided the exit (before exit slippage). */
  public long exitMarket;

  public long tsExit;

  /** Whether the record was emitted at least once. */
  public boolean emitted;

  // the joined risk decision and paper entry fill
  public boolean decided;
  public boolean approved;
  public String decisionReason = "";
  public int fillQuantity;
  public long fillNotional;
  public long tsFill;

  public ShadowTrade() {}

  /** Whether target, stop or horizon closed the trade. */
  public boolean closed() {
    return outcome != null;
  }

  /**
   * One trade print of the option at {@code ts} (after the signal, not after the horizon): updates
   * the excursions and closes the trade when the print reaches the target or the stop.
   */
  public void onPrice(long ts, long price) {
    if (closed() || ts <= tsSignal || price <= 0) {
      return;
    }
    high = high == 0 ? price : Math.max(high, price);
    low = low == 0 ? price : Math.min(low, price);
    lastPrice = price;
    lastTs = ts;
    if (target > 0 && price >= target) {
      close(OutcomeKind.TARGET, target, ts);
    } else if (stop > 0 && price <= stop) {
      close(OutcomeKind.STOP, price, ts);
    }
  }

  /** Closes an open trade at the last trade price: the horizon ended at {@code ts}. */
  public void expire(long ts) {
    if (!closed()) {
      close(OutcomeKind.EXPIRY, lastPrice, Math.max(ts, tsSignal));
    }
  }

  private void close(OutcomeKind kind, long marketPrice, long ts) {
    outcome = kind;
    exitMarket = marketPrice;
    tsExit = ts;
  }

  /**
   * The exit fill: the target itself (a resting limit fills at its price), otherwise the deciding
   * market price {@code ticks} option ticks worse (a market order after the stop or the horizon),
   * at least one fine tick.
   */
  public long exitPrice(int exitSlippageTicks) {
    if (outcome == OutcomeKind.TARGET) {
      return exitMarket;
    }
    long p = exitMarket;
    for (int i = 0; i < exitSlippageTicks; i++) {
      p = TickGrid.onGrid(p) ? TickGrid.down(p) : TickGrid.roundDown(p);
    }
    return Math.max(TickGrid.FINE_TICK, p);
  }

  /** The record for eval.outcomes: OPEN with null exit fields until the trade closed. */
  public SignalOutcome toOutcome(
      double feePerContractPerSideUsd, int exitSlippageTicks, long horizonNs) {
    boolean open = !closed();
    long exit = open ? 0 : exitPrice(exitSlippageTicks);
    double mfe = high == 0 ? 0 : Math.max(0, Prices.toDouble(high - entry));
    double mae = low == 0 ? 0 : Math.max(0, Prices.toDouble(entry - low));
    double pnlPoints = open ? 0 : Prices.toDouble(exit - entry);
    double fees = open ? 0 : 2.0 * quantity * feePerContractPerSideUsd;
    double perPointUsd = multiplierUsd * quantity;
    double slippagePoints =
        Prices.toDouble(entry - reference) + (open ? 0 : Prices.toDouble(exitMarket - exit));
    SignalOutcome.Builder b =
        SignalOutcome.newBuilder()
            .setSignalId(signalId)
            .setVariant(variant)
            .setAlgorithm(algorithm)
            .setInstrumentId(instrumentId)
            .setOutcome(open ? OutcomeKind.OPEN : outcome)
            .setEntryPrice(entry)
            .setExitPrice(open ? null : exit)
            .setMfePoints(mfe)
            .setMaePoints(mae)
            .setPnlPoints(pnlPoints)
            .setFeesUsd(fees)
            .setPnlUsd(open ? 0 : pnlPoints * perPointUsd - fees)
            .setSlippageUsd(slippagePoints * perPointUsd)
            .setTsSignal(tsSignal)
            .setTsExit(open ? null : tsExit)
            .setTimeToOutcomeNs(open ? null : tsExit - tsSignal)
            .setRawSymbol(rawSymbol)
            .setUnderlying(underlying)
            .setConfidence(confidence)
            .setScore(score)
            .setDirection(direction)
            .setSide("BUY")
            .setQuantity(quantity)
            .setMultiplierUsd(multiplierUsd)
            .setReferencePrice(reference)
            .setTargetPrice(target)
            .setStopPrice(stop)
            .setHorizonNs(horizonNs)
            .setApproved(approved)
            .setDecisionReason(decisionReason);
    if (fillQuantity > 0) {
      long fill = Math.round(fillNotional / (double) fillQuantity);
      b.setFillPrice(fill)
          .setTsFill(tsFill)
          .setFillSlippagePoints(Prices.toDouble(fill - reference))
          .setSignalToFillNs(tsFill - tsSignal);
    }
    return b.build();
  }
}
