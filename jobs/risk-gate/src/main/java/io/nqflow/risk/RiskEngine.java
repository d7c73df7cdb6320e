package io.nqflow.risk;

import io.nqflow.core.ids.Ids;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.risk.audit.GateAudits;
import io.nqflow.risk.book.BookKeeper;
import io.nqflow.risk.budget.BudgetDay;
import io.nqflow.risk.budget.DataBudget;
import io.nqflow.risk.rules.RuleChain;
import io.nqflow.risk.rules.SignalContext;
import io.nqflow.risk.state.AutoHalt;
import io.nqflow.risk.state.TradingControl;
import io.nqflow.risk.validation.ValidationVerdict;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;
import java.io.Serializable;
import java.util.List;

/**
 * The risk-and-budget gate as plain Java over a {@link RiskBook}: every signal (and, in trade mode,
 * every opportunity) is checked against the {@link RuleChain} and becomes either one {@link
 * OrderIntent} or one {@link RiskDecision} naming every failed rule; each decision is audited. In
 * confirm mode opportunities are kept to confirm signals ({@link ConfirmingOpportunities}).
 * Execution feedback and marks go to the {@link BookKeeper}, data costs to the {@link DataBudget},
 * control commands to {@link TradingControl}, and the {@link AutoHalt} is checked after each of
 * them. Formulas and units: docs/risk.md.
 */
public final class RiskEngine implements Serializable {
  /** The stage name in audit events and dead letters. */
  public static final String STAGE = GateAudits.STAGE;

  private final RiskSettings s;
  private final String operatorId;
  private final GateAudits audits;
  private final BookKeeper keeper;
  private final DataBudget budget;
  private final TradingControl control;
  private final AutoHalt autoHalt;
  private final RuleChain rules;
  private final SignalDecisions decisions;
  private final ConfirmingOpportunities confirmations;

  public RiskEngine(RiskSettings settings) {
    this.s = settings;
    this.operatorId = STAGE + ":" + settings.variant();
    this.audits = new GateAudits(settings);
    this.keeper = new BookKeeper(settings);
    this.budget = new DataBudget(settings, audits);
    this.control = new TradingControl(settings, audits, operatorId);
    this.autoHalt = new AutoHalt(settings, audits, operatorId);
    this.rules = RuleChain.standard();
    this.decisions = new SignalDecisions(settings, audits, keeper);
    this.confirmations = new ConfirmingOpportunities(settings, audits);
  }

  public RiskSettings settings() {
    return s;
  }

  /** The operator name the gate signs its own control commands with. */
  public String operatorId() {
    return operatorId;
  }

  /** Decides one (already deduplicated) signal. */
  public void onSignal(RiskBook b, FlowSignal sig, long nowNs, RiskEmitter out) {
    onSignal(b, sig, null, nowNs, out);
  }

  /**
   * Decides one (already deduplicated) signal with the measured accuracy of its bucket ({@code
   * risk.validation}; null when validation is off).
   */
  public void onSignal(
      RiskBook b, FlowSignal sig, ValidationVerdict validation, long nowNs, RiskEmitter out) {
    keeper.advanceClock(b, sig.getTsEvent());
    autoHalt.check(b, nowNs, out);
    // Every signal counts on its budget day, approved or not, entry or exit: the data it cost was
    // spent either way.
    BudgetDay day = budget.countSignal(b, sig.getTsEvent());
    decide(b, SignalContext.of(s, b, sig, day, validation), nowNs, out);
  }

  /**
   * Handles one (already deduplicated) opportunity: in trade mode it is decided like a signal; in
   * confirm mode one that meets the probability and expected-value minimums is kept to confirm flow
   * signals; in ignore mode nothing happens (the job does not even read the topic).
   */
  public void onOpportunity(RiskBook b, Opportunity o, long nowNs, RiskEmitter out) {
    switch (s.opportunities().mode()) {
      case IGNORE -> {}
      case TRADE -> {
        keeper.advanceClock(b, o.getTsEvent());
        autoHalt.check(b, nowNs, out);
        BudgetDay day = budget.countSignal(b, o.getTsEvent());
        decide(b, SignalContext.ofOpportunity(s, b, o, day), nowNs, out);
      }
      case CONFIRM -> {
        keeper.advanceClock(b, o.getTsEvent());
        autoHalt.check(b, nowNs, out);
        confirmations.onOpportunity(b, o, nowNs, out);
      }
    }
  }

  private void decide(RiskBook b, SignalContext c, long nowNs, RiskEmitter out) {
    String cid = Ids.clientOrderId(s.variant(), c.id());
    if (b.brokerOrderIds.containsKey(cid)) {
      // Approved before a restore from a checkpoint and already at the broker: the replayed input
      // must not be decided again (its own fill may already be in the book and reject it).
      out.audit(
          audits.alreadyOrdered(
              c.signal() != null ? "signal" : "opportunity", c.id(), c.ts(), cid, nowNs));
      return;
    }
    List<RuleViolation> v = rules.violations(c);
    if (v.isEmpty()) {
      decisions.approve(b, c, nowNs, out);
    } else {
      decisions.reject(b, c, v, nowNs, out);
    }
  }

  /** Audits a signal that was dropped because its id had been decided before. */
  public AuditEvent duplicateAudit(FlowSignal sig, long nowNs) {
    return audits.duplicate(sig, nowNs);
  }

  /** Audits an opportunity that was dropped because its id had been seen before. */
  public AuditEvent duplicateAudit(Opportunity o, long nowNs) {
    return audits.duplicate(o, nowNs);
  }

  /**
   * Applies one exec.events message of the gate's account (others are ignored): fills move
   * positions and realized P&amp;L and consume pending orders; rejections and cancellations release
   * pending orders; snapshots replace the gate's own reckoning.
   *
   * @throws RiskInputException for impossible content; the book is then unchanged
   */
  public void onExecution(RiskBook b, ExecutionEvent e, long nowNs, RiskEmitter out) {
    if (!s.account().equals(e.getAccount())) {
      return;
    }
    if (keeper.applyExecution(b, e)) {
      autoHalt.check(b, nowNs, out);
    }
  }

  /** A trade price of an instrument (md.events); marks held positions to market. */
  public void onMark(
      RiskBook b, long instrumentId, long price, long tsEvent, long nowNs, RiskEmitter out) {
    if (keeper.applyMark(b, instrumentId, price, tsEvent)) {
      autoHalt.check(b, nowNs, out);
    }
  }

  /** How long after its expiration an MNQ option stays listed in the book, ns (a week). */
  static final long MICRO_KEPT_AFTER_EXPIRY_NS = 7L * 24 * 3600 * 1_000_000_000L;

  /**
   * The latest state of an MNQ option ({@code risk.execute_in: MICRO}); a newly listed one also
   * drops the options that expired more than a week before the clock (a replay decides signals of
   * past sessions after the clock moved on, so options are not dropped at their expiry).
   */
  public void onMicro(RiskBook b, io.nqflow.risk.micro.MicroQuote q) {
    if (b.micros.put(q.instrumentId, q) == null) {
      b.micros.values().removeIf(m -> m.expiration < b.clockNs - MICRO_KEPT_AFTER_EXPIRY_NS);
    }
  }

  /** Counts one data-spend event (deduplicated by cost id) against the daily and monthly budget. */
  public void onCost(RiskBook b, CostEvent c, long nowNs, RiskEmitter out) {
    budget.onCost(b, c, nowNs, out);
  }

  /**
   * Applies an operator command whose scope is {@code global}, the gate's account or its variant.
   * The gate's own automatic HALT, read back from ops.control, is already applied and is skipped.
   */
  public void onControl(RiskBook b, ControlCommand c, long nowNs, RiskEmitter out) {
    if (control.apply(b, c, nowNs, out)) {
      autoHalt.check(b, nowNs, out);
    }
  }

  /**
   * P&amp;L of the current trading day, USD: realized from fills plus unrealized at the marks; when
   * the execution service reported a snapshot for the same day, the worse of the two.
   */
  public double dailyPnl(RiskBook b) {
    return BookKeeper.dailyPnl(b);
  }
}
