package io.nqflow.risk.rules;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.market.Multipliers;
import io.nqflow.risk.Position;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.book.BookKeeper;
import io.nqflow.risk.book.Exposure;
import io.nqflow.risk.book.Usd;
import io.nqflow.risk.budget.BudgetDay;
import io.nqflow.signals.v1.FlowSignal;

/**
 * Everything the rules read about one signal, worked out once: the order it would become (side,
 * bracket, multiplier), the account's book, exposure and day P&amp;L, the data spend of its budget
 * day, and the room each sizing limit leaves. The rules and the sizing read the same figures.
 */
public final class SignalContext {
  private final RiskSettings settings;
  private final RiskBook book;
  private final FlowSignal signal;
  private final BudgetDay budget;
  private final boolean exit;
  private final int held;
  private final int pendingSells;
  private final double multiplierUsd;
  private final Bracket bracket;
  private final Exposure exposure;
  private final double dailyPnlUsd;

  private SignalContext(RiskSettings s, RiskBook b, FlowSignal sig, BudgetDay budget) {
    this.settings = s;
    this.book = b;
    this.signal = sig;
    this.budget = budget;
    this.exit = sig.getAggressor() == Side.ASK;
    Position p = b.positions.get(sig.getInstrumentId());
    this.held = p == null ? 0 : p.quantity;
    this.pendingSells = BookKeeper.pendingQuantity(b, sig.getInstrumentId(), OrderSide.SELL);
    this.multiplierUsd = multiplierOf(s, sig.getUnderlying());
    this.bracket = Bracket.of(sig.getReferencePrice(), exit, multiplierUsd, s);
    this.exposure = Exposure.of(b);
    this.dailyPnlUsd = BookKeeper.dailyPnl(b);
  }

  /**
   * The context of a signal against the book as it is now (clock advanced, signal counted on its
   * budget day).
   */
  public static SignalContext of(RiskSettings s, RiskBook b, FlowSignal sig, BudgetDay budget) {
    return new SignalContext(s, b, sig, budget);
  }

  public RiskSettings settings() {
    return settings;
  }

  /** The account's book; rules only read it. */
  public RiskBook book() {
    return book;
  }

  public FlowSignal signal() {
    return signal;
  }

  /** The signal's event time, ns since the UNIX epoch. */
  public long ts() {
    return signal.getTsEvent();
  }

  public long instrument() {
    return signal.getInstrumentId();
  }

  /** Sell-side flow (aggressor ASK): the signal can only close a long position. */
  public boolean exit() {
    return exit;
  }

  /** BUY for an entry, SELL for an exit. */
  public OrderSide side() {
    return exit ? OrderSide.SELL : OrderSide.BUY;
  }

  /** Signed contracts held on the signal's instrument. */
  public int held() {
    return held;
  }

  /** Contracts of pending sells on the signal's instrument. */
  public int pendingSells() {
    return pendingSells;
  }

  /** Long contracts not already being sold: what an exit can sell. */
  public int exitable() {
    return Math.max(0, held) - pendingSells;
  }

  /** USD per point of the underlying, 0 when it is neither NQ nor MNQ. */
  public double multiplierUsd() {
    return multiplierUsd;
  }

  public Bracket bracket() {
    return bracket;
  }

  /** Open and pending exposure of the account. */
  public Exposure exposure() {
    return exposure;
  }

  /** The day's P&amp;L, USD (docs/risk.md). */
  public double dailyPnlUsd() {
    return dailyPnlUsd;
  }

  public BudgetDay budget() {
    return budget;
  }

  /** Whether the day's P&amp;L already reached the daily loss limit. */
  public boolean dailyLossReached() {
    return dailyPnlUsd <= -settings.maxDailyLossUsd() + Usd.EPS;
  }

  /** Contracts the per-position limit leaves on the signal's instrument. */
  public int positionRoom() {
    return settings.maxContractsPerPosition() - exposure.contractsOn(instrument());
  }

  /** Contracts the total-position limit leaves. */
  public int totalRoom() {
    return settings.maxTotalContracts() - exposure.totalContracts();
  }

  /** Contracts the total-risk limit leaves; unbounded when the entry has no risk per contract. */
  public int riskRoom() {
    double r = bracket.riskPerContractUsd();
    if (r <= 0) {
      return Integer.MAX_VALUE;
    }
    return (int) Math.floor((settings.maxTotalRiskUsd() - exposure.riskUsd() + Usd.EPS) / r);
  }

  /**
   * Contracts whose stop-out the daily loss limit still absorbs after every open and pending
   * position stopped out; unbounded when the entry has no risk per contract or the limit is already
   * reached (the daily_loss rule rejects then).
   */
  public int lossRoom() {
    double r = bracket.riskPerContractUsd();
    if (r <= 0 || dailyLossReached()) {
      return Integer.MAX_VALUE;
    }
    double worst = exposure.worstCasePnlUsd(dailyPnlUsd);
    return (int) Math.floor((settings.maxDailyLossUsd() + worst + Usd.EPS) / r);
  }

  /**
   * Contracts of the order: an exit sells every long contract not already being sold; an entry buys
   * the configured quantity cut to the room every sizing limit leaves.
   */
  public int quantity() {
    if (exit) {
      return Math.max(0, exitable());
    }
    int q = Math.min(settings.orderQuantity(), Math.min(positionRoom(), totalRoom()));
    return Math.min(q, Math.min(riskRoom(), lossRoom()));
  }

  /** The configured multiplier of the underlying's root (NQ or MNQ), 0 for any other. */
  private static double multiplierOf(RiskSettings s, String underlying) {
    return switch (Multipliers.ofSymbol(underlying)) {
      case Multipliers.MNQ_USD -> s.mnqMultiplierUsd();
      case Multipliers.NQ_USD -> s.nqMultiplierUsd();
      default -> 0;
    };
  }
}
