package io.nqflow.risk.rules;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.DecisionSource;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.market.Multipliers;
import io.nqflow.risk.ExecuteIn;
import io.nqflow.risk.OpportunityMark;
import io.nqflow.risk.OpportunityMode;
import io.nqflow.risk.OpportunitySettings;
import io.nqflow.risk.Position;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.book.BookKeeper;
import io.nqflow.risk.book.Confirmations;
import io.nqflow.risk.book.Exposure;
import io.nqflow.risk.book.Usd;
import io.nqflow.risk.budget.BudgetDay;
import io.nqflow.risk.micro.MicroMapping;
import io.nqflow.risk.validation.ValidationVerdict;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;

/**
 * Everything the rules read about one decision, worked out once: what is decided (a flow signal or,
 * in trade mode, an opportunity), the order it would become (side, bracket, multiplier), the
 * account's book, exposure and day P&amp;L, the data spend of its budget day, the room each sizing
 * limit leaves and, for a flow signal in confirm mode, the opportunity that confirms it. The rules
 * and the sizing read the same figures.
 */
public final class SignalContext {
  private final RiskSettings settings;
  private final RiskBook book;
  private final FlowSignal signal;
  private final Opportunity opportunity;
  private final BudgetDay budget;
  private final long instrument;
  private final boolean exit;
  private final int held;
  private final int pendingSells;
  private final double multiplierUsd;
  private final Bracket bracket;
  private final Exposure exposure;
  private final double dailyPnlUsd;
  private final OpportunityMark confirmation;
  private ValidationVerdict validation;
  private final MicroMapping micro;
  private final String underlying;
  private final String rawSymbol;

  private SignalContext(
      RiskSettings s,
      RiskBook b,
      FlowSignal sig,
      Opportunity opp,
      BudgetDay budget,
      long instrument,
      String underlying,
      boolean exit,
      MicroMapping micro) {
    this.settings = s;
    this.micro = micro;
    boolean mapped = micro != null && micro.micro() != null;
    if (mapped) {
      instrument = micro.micro().instrumentId;
      underlying = micro.micro().underlying;
    }
    this.underlying = underlying;
    this.rawSymbol =
        mapped ? micro.micro().rawSymbol : sig != null ? sig.getRawSymbol() : opp.getRawSymbol();
    this.book = b;
    this.signal = sig;
    this.opportunity = opp;
    this.budget = budget;
    this.instrument = instrument;
    this.exit = exit;
    Position p = b.positions.get(instrument);
    this.held = p == null ? 0 : p.quantity;
    this.pendingSells = BookKeeper.pendingQuantity(b, instrument, OrderSide.SELL);
    this.multiplierUsd = multiplierOf(s, underlying);
    this.bracket =
        sig != null
            ? Bracket.of(mapped ? micro.price() : sig.getReferencePrice(), exit, multiplierUsd, s)
            : Bracket.ofOpportunity(
                opp.getEntryPrice(), opp.getStopPrice(), opp.getTargetPrice(), multiplierUsd);
    this.exposure = Exposure.of(b);
    this.dailyPnlUsd = BookKeeper.dailyPnl(b);
    OpportunitySettings o = s.opportunities();
    this.confirmation =
        sig != null && o.mode() == OpportunityMode.CONFIRM
            ? Confirmations.find(
                b, sig.getUnderlying(), sig.getDirection(), sig.getTsEvent(), o.confirmWithin())
            : null;
  }

  /**
   * The context of a signal against the book as it is now (clock advanced, signal counted on its
   * budget day); in confirm mode with the opportunity that confirms it, if one does.
   */
  public static SignalContext of(RiskSettings s, RiskBook b, FlowSignal sig, BudgetDay budget) {
    boolean exit = sig.getAggressor() == Side.ASK;
    MicroMapping micro =
        s.executeIn() == ExecuteIn.MICRO && MicroMapping.mapsSignal(sig)
            ? MicroMapping.of(sig, !exit, b.micros)
            : null;
    return new SignalContext(
        s, b, sig, null, budget, sig.getInstrumentId(), sig.getUnderlying(), exit, micro);
  }

  /**
   * As {@link #of(RiskSettings, RiskBook, FlowSignal, BudgetDay)}, with the measured accuracy of
   * the signal's bucket ({@code risk.validation}); null when validation is off.
   */
  public static SignalContext of(
      RiskSettings s, RiskBook b, FlowSignal sig, BudgetDay budget, ValidationVerdict validation) {
    SignalContext c = of(s, b, sig, budget);
    c.validation = validation;
    return c;
  }

  /**
   * The context of an opportunity (trade mode) against the book as it is now: always an entry that
   * buys the opportunity's option.
   */
  public static SignalContext ofOpportunity(
      RiskSettings s, RiskBook b, Opportunity opp, BudgetDay budget) {
    return new SignalContext(
        s, b, null, opp, budget, opp.getInstrumentId(), opp.getUnderlying(), false, null);
  }

  public RiskSettings settings() {
    return settings;
  }

  /** The account's book; rules only read it. */
  public RiskBook book() {
    return book;
  }

  /** The flow signal decided; null when an opportunity is. */
  public FlowSignal signal() {
    return signal;
  }

  /** The opportunity decided (trade mode); null when a flow signal is. */
  public Opportunity opportunity() {
    return opportunity;
  }

  /** What is decided: a flow signal or an opportunity. */
  public DecisionSource source() {
    return signal != null ? DecisionSource.FLOW_SIGNAL : DecisionSource.OPPORTUNITY;
  }

  /** The signal id, or the opportunity id. */
  public String id() {
    return signal != null ? signal.getSignalId() : opportunity.getOpportunityId();
  }

  /** The event time of the signal or opportunity, ns since the UNIX epoch. */
  public long ts() {
    return signal != null ? signal.getTsEvent() : opportunity.getTsEvent();
  }

  /** The option the order would trade. */
  public long instrument() {
    return instrument;
  }

  /** Underlying symbol of the option the order would trade. */
  public String underlying() {
    return underlying;
  }

  /** Venue symbol of the option the order would trade. */
  public String rawSymbol() {
    return rawSymbol;
  }

  /**
   * {@code risk.execute_in: MICRO} and a signal on an NQ option: the MNQ option it maps to (or why
   * none does); null otherwise.
   */
  public MicroMapping micro() {
    return micro;
  }

  /** Market view. */
  public Direction direction() {
    return signal != null ? signal.getDirection() : opportunity.getDirection();
  }

  /**
   * The signal's confidence; an opportunity's is its probability's bucket ({@link
   * OpportunityConfidence}).
   */
  public Confidence confidence() {
    return signal != null
        ? signal.getConfidence()
        : OpportunityConfidence.of(opportunity.getProbability());
  }

  /**
   * Confirm mode, a flow signal: the kept opportunity of its underlying and direction at most
   * {@code confirm_within} before it; null when none (or in other modes, or for an opportunity).
   */
  public OpportunityMark confirmation() {
    return confirmation;
  }

  /**
   * The measured accuracy of the signal's algorithm and confidence bucket ({@code
   * risk.validation}); null when validation is off, and for an opportunity.
   */
  public ValidationVerdict validation() {
    return validation;
  }

  /**
   * Sell-side flow (aggressor ASK): the signal can only close a long position. An opportunity is
   * never an exit.
   */
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
