package io.nqflow.risk;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.common.v1.TradingState;
import io.nqflow.core.ids.Ids;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderCancelled;
import io.nqflow.exec.v1.OrderRejected;
import io.nqflow.exec.v1.PnlSnapshot;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.signals.v1.FlowSignal;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The risk-and-budget gate's rules as plain Java over a {@link RiskBook}: every signal is checked
 * against every rule in {@link Rule} order, and either becomes one {@link OrderIntent} or one
 * {@link RiskDecision} naming every failed rule; each decision is audited. Execution feedback,
 * marks, data costs and control commands update the book. Formulas and units: docs/risk.md.
 */
public final class RiskEngine implements Serializable {
  /** The stage name in audit events and dead letters. */
  public static final String STAGE = "risk-gate";

  private static final double EPS_USD = 1e-6;
  private static final long NANOS_PER_MINUTE = 60_000_000_000L;
  private static final int BUDGET_DAYS_KEPT = 62;

  private final RiskSettings s;
  private final String operatorId;

  public RiskEngine(RiskSettings settings) {
    this.s = settings;
    this.operatorId = STAGE + ":" + settings.variant();
  }

  public RiskSettings settings() {
    return s;
  }

  /** The operator name the gate signs its own control commands with. */
  public String operatorId() {
    return operatorId;
  }

  // ---------------------------------------------------------------------------------------------
  // signals

  /** Decides one (already deduplicated) signal. */
  public void onSignal(RiskBook b, FlowSignal sig, long nowNs, RiskEmitter out) {
    advanceClock(b, sig.getTsEvent());
    checkAutoHalt(b, nowNs, out);
    long ts = sig.getTsEvent();
    long instrument = sig.getInstrumentId();
    List<RuleViolation> v = new ArrayList<>();

    Side aggressor = sig.getAggressor();
    Position held = b.positions.get(instrument);
    int pendingSells = pendingQuantity(b, instrument, OrderSide.SELL);
    int exitable = held == null ? 0 : Math.max(0, held.quantity) - pendingSells;
    boolean exit = aggressor == Side.ASK;
    OrderSide side = exit ? OrderSide.SELL : OrderSide.BUY;

    if (!exit && b.tradingState != TradingState.ACTIVE) {
      add(
          v,
          Rule.TRADING_STATE,
          "entries are not allowed while " + b.tradingState + " (" + b.stateReason + ")");
    }
    double multiplier = multiplierOf(sig.getUnderlying());
    InstrumentClass cls = sig.getInstrumentClass();
    if (cls != InstrumentClass.CALL && cls != InstrumentClass.PUT) {
      add(v, Rule.INSTRUMENT, "instrument class " + cls + " is not an option (CALL or PUT)");
    }
    if (multiplier <= 0) {
      add(
          v,
          Rule.INSTRUMENT,
          "underlying '" + sig.getUnderlying() + "' is neither NQ nor MNQ; no known multiplier");
    }
    if (aggressor == Side.NONE) {
      add(v, Rule.SIDE, "aggressor side NONE: no buy or sell to follow");
    } else if (exit && exitable <= 0) {
      add(
          v,
          Rule.SIDE,
          "sell-side flow on instrument "
              + instrument
              + " with no long position to exit (held "
              + (held == null ? 0 : held.quantity)
              + ", pending exits "
              + pendingSells
              + "); the gate never sells options short");
    }

    long ref = sig.getReferencePrice();
    // An entry follows aggressive flow, so its limit allows a little slippage to stay marketable;
    // the risk and reward checks below are computed from that limit, the worst fill price.
    long limit =
        exit ? Ticks.ceil(ref) : Ticks.floor(ref + Math.round(ref * s.entrySlippageFraction()));
    boolean priced = ref > 0 && limit > 0;
    if (!priced) {
      add(
          v,
          Rule.REFERENCE_PRICE,
          "reference price "
              + Ticks.points(ref)
              + " is below one tick of the option price grid; nothing to limit at");
    }
    if (!atLeast(sig.getConfidence(), s.minConfidence())) {
      add(v, Rule.CONFIDENCE, "confidence " + sig.getConfidence() + " < " + s.minConfidence());
    }
    if (s.enforceTradingHours() && !CmeCalendar.isOpen(ts)) {
      add(
          v,
          Rule.TRADING_HOURS,
          "signal time "
              + CmeCalendar.describe(ts)
              + " is outside CME Globex hours (Sun-Fri 17:00-16:00 CT, daily break 16:00-17:00)");
    }
    if (!exit) {
      Long expiration = sig.getExpiration();
      if (expiration == null) {
        add(v, Rule.TIME_TO_EXPIRY, "expiration unknown");
      } else if (expiration - ts < s.minTimeToExpiry().toNanos()) {
        add(
            v,
            Rule.TIME_TO_EXPIRY,
            String.format(
                Locale.ROOT,
                "%.1f min to expiry < %d min",
                (expiration - ts) / (double) NANOS_PER_MINUTE,
                s.minTimeToExpiry().toMinutes()));
      }
      Long last = b.lastEntryByInstrument.get(instrument);
      if (last != null && Math.abs(ts - last) < s.cooldown().toNanos()) {
        add(
            v,
            Rule.COOLDOWN,
            String.format(
                Locale.ROOT,
                "last entry on instrument %d %.1f s before, cooldown %d s",
                instrument,
                (ts - last) / 1e9,
                s.cooldown().toSeconds()));
      }
    }
    int recent = ordersNear(b, ts);
    if (recent >= s.maxOrdersPerMinute()) {
      add(
          v,
          Rule.ORDER_RATE,
          recent
              + " orders approved within 60 s of this signal; limit "
              + s.maxOrdersPerMinute()
              + " per minute");
    }

    long stop = 0;
    long target = 0;
    double riskPerContract = 0;
    int quantity;
    if (exit) {
      quantity = Math.max(0, exitable);
    } else {
      quantity = s.orderQuantity();
      if (priced) {
        stop = Ticks.ceil(limit - Math.round(limit * s.stopLossFraction()));
        target = Ticks.floor(limit + Math.round(limit * s.profitTargetFraction()));
        if (stop <= 0 || stop >= limit) {
          add(
              v,
              Rule.STOP_LOSS,
              "a "
                  + pct(s.stopLossFraction())
                  + " stop below an entry of "
                  + Ticks.points(limit)
                  + " does not fall on a lower tick");
        } else {
          riskPerContract = usd(limit - stop, 1, multiplier);
          double rr = (target - limit) / (double) (limit - stop);
          if (target <= limit || rr + 1e-9 < s.minRiskReward()) {
            add(
                v,
                Rule.RISK_REWARD,
                String.format(
                    Locale.ROOT,
                    "reward/risk %.2f (entry %s, stop %s, target %s) < %.2f",
                    rr,
                    Ticks.points(limit),
                    Ticks.points(stop),
                    Ticks.points(target),
                    s.minRiskReward()));
          }
        }
      }
      Exposure x = exposure(b);
      int heldHere = x.contractsOn(instrument);
      int posRoom = s.maxContractsPerPosition() - heldHere;
      if (posRoom < 1) {
        add(
            v,
            Rule.MAX_POSITION,
            heldHere
                + " contracts open or pending on instrument "
                + instrument
                + "; max "
                + s.maxContractsPerPosition()
                + " per position");
      }
      int totalRoom = s.maxTotalContracts() - x.totalContracts;
      if (totalRoom < 1) {
        add(
            v,
            Rule.MAX_TOTAL_POSITION,
            x.totalContracts + " contracts open or pending in total; max " + s.maxTotalContracts());
      }
      quantity = Math.min(quantity, Math.min(posRoom, totalRoom));
      if (riskPerContract > 0) {
        int riskRoom =
            (int) Math.floor((s.maxTotalRiskUsd() - x.riskUsd + EPS_USD) / riskPerContract);
        if (riskRoom < 1) {
          add(
              v,
              Rule.MAX_TOTAL_RISK,
              String.format(
                  Locale.ROOT,
                  "risk to stops $%.2f open/pending + $%.2f for one contract > $%.2f",
                  x.riskUsd,
                  riskPerContract,
                  s.maxTotalRiskUsd()));
        }
        quantity = Math.min(quantity, riskRoom);
      }
      double pnl = dailyPnl(b);
      if (pnl <= -s.maxDailyLossUsd() + EPS_USD) {
        add(
            v,
            Rule.DAILY_LOSS,
            String.format(
                Locale.ROOT,
                "P&L of trading day %s is $%.2f; limit -$%.2f",
                b.tradingDay,
                pnl,
                s.maxDailyLossUsd()));
      } else if (riskPerContract > 0) {
        double worst = x.worstCasePnlUsd(pnl);
        int lossRoom = (int) Math.floor((s.maxDailyLossUsd() + worst + EPS_USD) / riskPerContract);
        if (lossRoom < 1) {
          add(
              v,
              Rule.DAILY_LOSS_HEADROOM,
              String.format(
                  Locale.ROOT,
                  "if every open and pending position and this one stopped out the day would end"
                      + " at $%.2f; limit -$%.2f",
                  worst - riskPerContract,
                  s.maxDailyLossUsd()));
        }
        quantity = Math.min(quantity, lossRoom);
      }
    }

    String budgetDay = budgetDay(b, ts);
    int signalsToday = b.signalsByBudgetDay.merge(budgetDay, 1, Integer::sum);
    pruneSignalCounts(b, budgetDay);
    if (!exit) {
      double daySpend = b.spendByDay.getOrDefault(budgetDay, 0.0);
      double monthSpend = monthSpend(b, budgetDay);
      if (daySpend >= s.dailyDataBudgetUsd() - EPS_USD) {
        add(
            v,
            Rule.DATA_BUDGET_DAILY,
            String.format(
                Locale.ROOT,
                "data spend $%.2f on %s reached the daily budget $%.2f",
                daySpend,
                budgetDay,
                s.dailyDataBudgetUsd()));
      }
      if (monthSpend >= s.monthlyDataBudgetUsd() - EPS_USD) {
        add(
            v,
            Rule.DATA_BUDGET_MONTHLY,
            String.format(
                Locale.ROOT,
                "data spend $%.2f in %s reached the monthly budget $%.2f",
                monthSpend,
                budgetDay.substring(0, 7),
                s.monthlyDataBudgetUsd()));
      }
      double perSignal = daySpend / signalsToday;
      if (perSignal > s.maxCostPerSignalUsd() + EPS_USD) {
        add(
            v,
            Rule.COST_PER_SIGNAL,
            String.format(
                Locale.ROOT,
                "data spend $%.2f over %d signals on %s = $%.2f per signal > $%.2f",
                daySpend,
                signalsToday,
                budgetDay,
                perSignal,
                s.maxCostPerSignalUsd()));
      }
    }

    if (!v.isEmpty()) {
      reject(b, sig, v, nowNs, out);
      return;
    }
    approve(b, sig, side, exit, quantity, limit, stop, target, multiplier, nowNs, out);
  }

  private void approve(
      RiskBook b,
      FlowSignal sig,
      OrderSide side,
      boolean exit,
      int quantity,
      long limit,
      long stop,
      long target,
      double multiplier,
      long nowNs,
      RiskEmitter out) {
    String cid = Ids.clientOrderId(s.variant(), sig.getSignalId());
    long ts = sig.getTsEvent();
    double riskUsd = exit ? 0.0 : usd(limit - stop, quantity, multiplier);
    PendingOrder p = new PendingOrder();
    p.clientOrderId = cid;
    p.instrumentId = sig.getInstrumentId();
    p.side = side;
    p.quantity = quantity;
    p.limitPrice = limit;
    p.stopPrice = stop;
    p.multiplierUsd = multiplier;
    p.reduceOnly = exit;
    p.tsSignal = ts;
    b.pending.put(cid, p);
    b.recentOrderTimes.add(ts);
    if (!exit) {
      b.lastEntryByInstrument.put(sig.getInstrumentId(), ts);
    }
    String rationale =
        exit
            ? String.format(
                Locale.ROOT,
                "SELL %d %s at %s to exit a long position (reduce only); state %s",
                quantity,
                sig.getRawSymbol(),
                Ticks.points(limit),
                b.tradingState)
            : String.format(
                Locale.ROOT,
                "BUY %d %s at %s, stop %s, target %s, risk $%.2f; %s %s flow, all limits hold",
                quantity,
                sig.getRawSymbol(),
                Ticks.points(limit),
                Ticks.points(stop),
                Ticks.points(target),
                riskUsd,
                sig.getConfidence(),
                sig.getDirection());
    OrderIntent intent =
        OrderIntent.newBuilder()
            .setClientOrderId(cid)
            .setSignalId(sig.getSignalId())
            .setVariant(s.variant())
            .setAccount(s.account())
            .setInstrumentId(sig.getInstrumentId())
            .setRawSymbol(sig.getRawSymbol())
            .setUnderlying(sig.getUnderlying())
            .setSide(side)
            .setQuantity(quantity)
            .setLimitPrice(limit)
            .setStopLossPrice(stop)
            .setProfitTargetPrice(target)
            .setMultiplierUsd(multiplier)
            .setReduceOnly(exit)
            .setSignalPrice(sig.getReferencePrice())
            .setTsSignal(ts)
            .setTsDecision(nowNs)
            .setRiskUsd(riskUsd)
            .setRationale(rationale)
            .build();
    out.approved(intent);
    Map<String, String> d = figures(b);
    d.put("client_order_id", cid);
    d.put("side", side.toString());
    d.put("quantity", Integer.toString(quantity));
    d.put("limit_price", Double.toString(Ticks.points(limit)));
    d.put("stop_loss_price", Double.toString(Ticks.points(stop)));
    d.put("profit_target_price", Double.toString(Ticks.points(target)));
    d.put("risk_usd", usdText(riskUsd));
    d.put("reduce_only", Boolean.toString(exit));
    out.audit(audit("signal", sig.getSignalId(), "APPROVED", nowNs, rationale, d, "signal"));
  }

  private void reject(
      RiskBook b, FlowSignal sig, List<RuleViolation> v, long nowNs, RiskEmitter out) {
    RiskDecision decision =
        RiskDecision.newBuilder()
            .setDecisionId(Ids.of("dec", s.variant(), sig.getSignalId()))
            .setSignalId(sig.getSignalId())
            .setVariant(s.variant())
            .setAccount(s.account())
            .setInstrumentId(sig.getInstrumentId())
            .setApproved(false)
            .setTradingState(b.tradingState)
            .setViolations(v)
            .setTsSignal(sig.getTsEvent())
            .setTsDecision(nowNs)
            .build();
    out.rejected(decision);
    StringBuilder why = new StringBuilder("rejected:");
    Map<String, String> d = figures(b);
    List<String> rules = new ArrayList<>();
    for (RuleViolation r : v) {
      why.append(' ').append(r.getRule()).append(" (").append(r.getDetail()).append(");");
      rules.add(r.getRule());
    }
    d.put("rules", String.join(",", rules));
    out.audit(audit("signal", sig.getSignalId(), "REJECTED", nowNs, why.toString(), d, "signal"));
  }

  /** Audits a signal that was dropped because its id had been decided before. */
  public AuditEvent duplicateAudit(FlowSignal sig, long nowNs) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("variant", s.variant());
    d.put("ts_signal", Long.toString(sig.getTsEvent()));
    return audit(
        "signal",
        sig.getSignalId(),
        "DUPLICATE_DROPPED",
        nowNs,
        "signal id seen before; at-least-once redelivery never yields a second order",
        d,
        "duplicate");
  }

  // ---------------------------------------------------------------------------------------------
  // execution feedback

  /**
   * Applies one exec.events message of the gate's account: fills move positions and realized
   * P&amp;L and consume pending orders; rejections and cancellations release pending orders;
   * snapshots replace the gate's own reckoning.
   *
   * @throws RiskInputException for impossible content; the book is then unchanged
   */
  public void onExecution(RiskBook b, ExecutionEvent e, long nowNs, RiskEmitter out) {
    if (!s.account().equals(e.getAccount())) {
      return;
    }
    Object payload = e.getPayload();
    if (payload instanceof Fill f) {
      if (f.getQuantity() <= 0) {
        throw new RiskInputException(
            "fill " + f.getExecutionId() + " has quantity " + f.getQuantity() + "; must be > 0");
      }
      if (f.getPrice() <= 0) {
        throw new RiskInputException(
            "fill " + f.getExecutionId() + " has price " + f.getPrice() + "; must be > 0");
      }
      if (!Double.isFinite(f.getFeeUsd())) {
        throw new RiskInputException(
            "fill " + f.getExecutionId() + " has fee " + f.getFeeUsd() + "; must be finite");
      }
      if (b.seenFillIds.containsKey(f.getExecutionId())) {
        return;
      }
      b.seenFillIds.put(f.getExecutionId(), e.getTsEvent());
      advanceClock(b, e.getTsEvent());
      applyFill(b, f, e.getTsEvent());
      pruneSeen(b.seenFillIds, b.clockNs);
    } else if (payload instanceof OrderRejected r) {
      // Order-state events carry the service's wall-clock time, not market time: on replayed or
      // simulated data they would move the trading day (and the order-rate and cooldown windows)
      // to today, so they never advance the gate's clock. Fills and snapshots do.
      b.pending.remove(r.getClientOrderId());
    } else if (payload instanceof OrderCancelled c) {
      b.pending.remove(c.getClientOrderId());
    } else if (payload instanceof PositionSnapshot p) {
      if (!(p.getMultiplierUsd() > 0) || Double.isInfinite(p.getMultiplierUsd())) {
        throw new RiskInputException(
            "position snapshot "
                + e.getEventId()
                + " has multiplier "
                + p.getMultiplierUsd()
                + "; must be > 0");
      }
      if (p.getQuantity() != 0 && p.getAvgPrice() <= 0) {
        throw new RiskInputException(
            "position snapshot " + e.getEventId() + " has avg price " + p.getAvgPrice());
      }
      advanceClock(b, e.getTsEvent());
      if (p.getQuantity() == 0) {
        b.positions.remove(p.getInstrumentId());
      } else {
        Position pos =
            b.positions.computeIfAbsent(
                p.getInstrumentId(), id -> new Position(id, p.getMultiplierUsd()));
        pos.quantity = p.getQuantity();
        pos.avgPrice = p.getAvgPrice();
        pos.multiplierUsd = p.getMultiplierUsd();
        if (p.getMarkPrice() != null && p.getMarkPrice() > 0) {
          pos.markPrice = p.getMarkPrice();
          pos.markTs = e.getTsEvent();
        }
      }
    } else if (payload instanceof PnlSnapshot p) {
      if (!Double.isFinite(p.getRealizedUsd()) || !Double.isFinite(p.getUnrealizedUsd())) {
        throw new RiskInputException("P&L snapshot " + e.getEventId() + " is not finite");
      }
      try {
        LocalDate.parse(p.getTradingDay());
      } catch (DateTimeParseException ex) {
        throw new RiskInputException(
            "P&L snapshot " + e.getEventId() + " has trading_day '" + p.getTradingDay() + "'");
      }
      advanceClock(b, e.getTsEvent());
      if (p.getTradingDay().compareTo(b.pnlSnapshotDay) >= 0) {
        b.pnlSnapshotDay = p.getTradingDay();
        b.pnlSnapshotUsd = p.getRealizedUsd() + p.getUnrealizedUsd();
      }
    }
    // OrderAccepted: the order stays pending until it fills or is cancelled.
    checkAutoHalt(b, nowNs, out);
  }

  private void applyFill(RiskBook b, Fill f, long tsEvent) {
    PendingOrder po = b.pending.get(f.getClientOrderId());
    long instrument = f.getInstrumentId();
    Position pos = b.positions.get(instrument);
    if (pos == null) {
      pos = new Position(instrument, po != null ? po.multiplierUsd : s.nqMultiplierUsd());
    }
    int signed = f.getSide() == OrderSide.BUY ? f.getQuantity() : -f.getQuantity();
    int q = pos.quantity;
    double realized = -f.getFeeUsd();
    if (q == 0 || Integer.signum(q) == Integer.signum(signed)) {
      int nq = q + signed;
      pos.avgPrice =
          BigInteger.valueOf(pos.avgPrice)
              .multiply(BigInteger.valueOf(Math.abs(q)))
              .add(BigInteger.valueOf(f.getPrice()).multiply(BigInteger.valueOf(f.getQuantity())))
              .divide(BigInteger.valueOf(Math.abs(nq)))
              .longValueExact();
      pos.quantity = nq;
      if (po != null && !po.reduceOnly) {
        pos.stopPrice = po.stopPrice;
        pos.multiplierUsd = po.multiplierUsd;
      }
    } else {
      int closed = Math.min(Math.abs(q), f.getQuantity());
      realized += usd(f.getPrice() - pos.avgPrice, closed * Integer.signum(q), pos.multiplierUsd);
      int nq = q + signed;
      if (nq != 0 && Integer.signum(nq) != Integer.signum(q)) {
        pos.avgPrice = f.getPrice();
        pos.stopPrice = 0;
      }
      pos.quantity = nq;
    }
    if (pos.quantity == 0) {
      b.positions.remove(instrument);
    } else {
      b.positions.put(instrument, pos);
    }
    if (CmeCalendar.tradingDay(tsEvent).toString().equals(b.tradingDay)) {
      b.realizedTodayUsd += realized;
    }
    if (po != null) {
      po.quantity -= f.getQuantity();
      if (po.quantity <= 0) {
        b.pending.remove(f.getClientOrderId());
      }
    }
  }

  /** A trade price of an instrument (md.events); marks held positions to market. */
  public void onMark(
      RiskBook b, long instrumentId, long price, long tsEvent, long nowNs, RiskEmitter out) {
    Position pos = b.positions.get(instrumentId);
    if (pos == null) {
      advanceClock(b, tsEvent);
      return;
    }
    if (price <= 0) {
      throw new RiskInputException(
          "trade price " + price + " on held instrument " + instrumentId + " at " + tsEvent);
    }
    advanceClock(b, tsEvent);
    if (tsEvent >= pos.markTs) {
      pos.markPrice = price;
      pos.markTs = tsEvent;
    }
    checkAutoHalt(b, nowNs, out);
  }

  // ---------------------------------------------------------------------------------------------
  // costs and control

  /** Counts one data-spend event (deduplicated by cost id) against the daily and monthly budget. */
  public void onCost(RiskBook b, CostEvent c, long nowNs, RiskEmitter out) {
    double amount = c.getAmountUsd();
    if (!Double.isFinite(amount) || amount < 0) {
      throw new RiskInputException(
          "cost " + c.getCostId() + " has amount_usd " + amount + "; must be finite and >= 0");
    }
    String day = c.getDay();
    try {
      LocalDate.parse(day);
    } catch (DateTimeParseException ex) {
      throw new RiskInputException(
          "cost " + c.getCostId() + " has day '" + day + "'; expected yyyy-MM-dd");
    }
    if (b.seenCostIds.containsKey(c.getCostId())) {
      return;
    }
    b.seenCostIds.put(c.getCostId(), c.getTs());
    pruneSeen(b.seenCostIds, c.getTs());
    double before = b.spendByDay.getOrDefault(day, 0.0);
    double monthBefore = monthSpend(b, day);
    b.spendByDay.put(day, before + amount);
    if (day.compareTo(b.latestCostDay) > 0) {
      b.latestCostDay = day;
      String oldest = LocalDate.parse(day).minusDays(BUDGET_DAYS_KEPT).toString();
      b.spendByDay.keySet().removeIf(d -> d.compareTo(oldest) < 0);
    }
    if (before < s.dailyDataBudgetUsd() && before + amount >= s.dailyDataBudgetUsd()) {
      out.audit(
          budgetAudit(day, "daily", before + amount, s.dailyDataBudgetUsd(), nowNs, "day " + day));
    }
    double monthAfter = monthBefore + amount;
    if (monthBefore < s.monthlyDataBudgetUsd() && monthAfter >= s.monthlyDataBudgetUsd()) {
      out.audit(
          budgetAudit(
              day.substring(0, 7),
              "monthly",
              monthAfter,
              s.monthlyDataBudgetUsd(),
              nowNs,
              "month " + day.substring(0, 7)));
    }
  }

  /**
   * Applies an operator command whose scope is {@code global}, the gate's account or its variant.
   * The gate's own automatic HALT, read back from ops.control, is already applied and is skipped.
   */
  public void onControl(RiskBook b, ControlCommand c, long nowNs, RiskEmitter out) {
    String scope = c.getScope();
    if (!("global".equals(scope) || s.account().equals(scope) || s.variant().equals(scope))) {
      return;
    }
    if (operatorId.equals(c.getOperator())) {
      return;
    }
    Map<String, String> d = new LinkedHashMap<>();
    d.put("operator", c.getOperator());
    d.put("scope", scope);
    d.put("command", c.getCommand().toString());
    d.put("previous_state", b.tradingState.toString());
    if (c.getTs() < b.lastControlTs) {
      d.put("last_applied_ts", Long.toString(b.lastControlTs));
      out.audit(
          audit(
              "control",
              c.getCommandId(),
              "IGNORED_STALE",
              nowNs,
              "command issued before the last applied one; state stays " + b.tradingState,
              d,
              "control"));
      return;
    }
    b.lastControlTs = c.getTs();
    b.tradingState = stateOf(c.getCommand());
    b.autoHalted = false;
    b.stateReason = c.getCommand() + " by " + c.getOperator() + ": " + c.getReason();
    d.put("state", b.tradingState.toString());
    out.audit(
        audit(
            "control",
            c.getCommandId(),
            b.tradingState.toString(),
            nowNs,
            "operator " + c.getOperator() + " set " + b.tradingState + ": " + c.getReason(),
            d,
            "control"));
    checkAutoHalt(b, nowNs, out);
  }

  private static TradingState stateOf(ControlAction a) {
    return switch (a) {
      case HALT -> TradingState.HALTED;
      case REDUCE_ONLY -> TradingState.REDUCE_ONLY;
      case RESUME -> TradingState.ACTIVE;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // P&L, exposure and the automatic halt

  /**
   * P&amp;L of the current trading day, USD: realized from fills plus unrealized at the marks; when
   * the execution service reported a snapshot for the same day, the worse of the two.
   */
  public double dailyPnl(RiskBook b) {
    double own = b.realizedTodayUsd;
    for (Position p : b.positions.values()) {
      own += usd(p.markOrAvg() - p.avgPrice, p.quantity, p.multiplierUsd);
    }
    if (!b.tradingDay.isEmpty() && b.tradingDay.equals(b.pnlSnapshotDay)) {
      return Math.min(own, b.pnlSnapshotUsd);
    }
    return own;
  }

  private void checkAutoHalt(RiskBook b, long nowNs, RiskEmitter out) {
    if (b.tradingState == TradingState.HALTED) {
      return;
    }
    double pnl = dailyPnl(b);
    if (pnl > -s.maxDailyLossUsd() + EPS_USD) {
      return;
    }
    TradingState previous = b.tradingState;
    b.tradingState = TradingState.HALTED;
    b.autoHalted = true;
    String reason =
        String.format(
            Locale.ROOT,
            "daily loss limit: P&L of trading day %s is $%.2f, limit -$%.2f",
            b.tradingDay,
            pnl,
            s.maxDailyLossUsd());
    b.stateReason = "automatic HALT, " + reason;
    String commandId = Ids.of("ctl", s.variant(), s.account(), "daily_loss", b.tradingDay);
    out.control(
        ControlCommand.newBuilder()
            .setCommandId(commandId)
            .setScope(s.account())
            .setCommand(ControlAction.HALT)
            .setOperator(operatorId)
            .setReason(reason)
            .setTs(nowNs)
            .build());
    Map<String, String> d = figures(b);
    d.put("previous_state", previous.toString());
    d.put("command_id", commandId);
    out.audit(
        audit(
            "trading_state",
            s.account(),
            "HALT",
            nowNs,
            "automatic HALT, " + reason,
            d,
            "auto-halt:" + b.tradingDay));
  }

  /** Open and pending exposure of the book. */
  Exposure exposure(RiskBook b) {
    Exposure x = new Exposure();
    for (Position p : b.positions.values()) {
      int q = Math.abs(p.quantity);
      x.totalContracts += q;
      x.byInstrument.merge(p.instrumentId, Math.max(0, p.quantity), Integer::sum);
      if (p.quantity > 0) {
        x.riskUsd += usd(p.avgPrice - p.stopPrice, p.quantity, p.multiplierUsd);
        // Loss still possible from the mark down to the stop (a gap below the stop is already in
        // the unrealized P&L).
        long exitAt = Math.min(p.markOrAvg(), p.stopPrice);
        x.stopOutUsd += usd(exitAt - p.markOrAvg(), p.quantity, p.multiplierUsd);
      }
    }
    for (PendingOrder po : b.pending.values()) {
      if (po.side == OrderSide.BUY) {
        x.totalContracts += po.quantity;
        x.byInstrument.merge(po.instrumentId, po.quantity, Integer::sum);
        x.riskUsd += usd(po.limitPrice - po.stopPrice, po.quantity, po.multiplierUsd);
        x.stopOutUsd += usd(po.stopPrice - po.limitPrice, po.quantity, po.multiplierUsd);
      }
    }
    return x;
  }

  /** Contracts and dollars at risk, open plus pending. */
  static final class Exposure {
    int totalContracts;
    final Map<Long, Integer> byInstrument = new LinkedHashMap<>();
    double riskUsd;
    double stopOutUsd;

    int contractsOn(long instrument) {
      return byInstrument.getOrDefault(instrument, 0);
    }

    /** Day P&amp;L if every open and pending position stopped out, USD (at most {@code pnl}). */
    double worstCasePnlUsd(double pnl) {
      return pnl + stopOutUsd;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private void advanceClock(RiskBook b, long tsEvent) {
    if (tsEvent > b.clockNs) {
      b.clockNs = tsEvent;
    }
    String day = CmeCalendar.tradingDay(b.clockNs).toString();
    if (day.compareTo(b.tradingDay) > 0) {
      b.tradingDay = day;
      b.realizedTodayUsd = 0.0;
    }
    long horizon = b.clockNs - 2 * NANOS_PER_MINUTE;
    b.recentOrderTimes.removeIf(t -> t < horizon);
    long cooldownHorizon = b.clockNs - s.cooldown().toNanos();
    b.lastEntryByInstrument.values().removeIf(t -> t < cooldownHorizon);
  }

  private int ordersNear(RiskBook b, long ts) {
    int n = 0;
    for (long t : b.recentOrderTimes) {
      if (Math.abs(t - ts) < NANOS_PER_MINUTE) {
        n++;
      }
    }
    return n;
  }

  private static int pendingQuantity(RiskBook b, long instrument, OrderSide side) {
    int n = 0;
    for (PendingOrder p : b.pending.values()) {
      if (p.instrumentId == instrument && p.side == side) {
        n += p.quantity;
      }
    }
    return n;
  }

  /**
   * The budget day: the later of the signal's UTC date and the latest day a cost was reported for,
   * so a replay of history is held to today's spend.
   */
  private static String budgetDay(RiskBook b, long ts) {
    String signalDay = CmeCalendar.utcDay(ts).toString();
    return signalDay.compareTo(b.latestCostDay) >= 0 ? signalDay : b.latestCostDay;
  }

  private static double monthSpend(RiskBook b, String day) {
    String month = day.substring(0, 7);
    double sum = 0;
    for (Map.Entry<String, Double> e : b.spendByDay.entrySet()) {
      if (e.getKey().startsWith(month)) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  private static void pruneSignalCounts(RiskBook b, String budgetDay) {
    if (b.signalsByBudgetDay.size() > 3) {
      String oldest = LocalDate.parse(budgetDay).minusDays(2).toString();
      b.signalsByBudgetDay.keySet().removeIf(d -> d.compareTo(oldest) < 0);
    }
  }

  private void pruneSeen(Map<String, Long> seen, long latest) {
    long horizon = latest - s.dedupeTtl().toNanos();
    if (seen.size() > 64) {
      seen.values().removeIf(t -> t < horizon);
    }
  }

  /** The dollar value of a price difference (1e-9 points) over contracts at a multiplier. */
  static double usd(long priceDiff, long contracts, double multiplierUsd) {
    return priceDiff / (double) Ticks.POINT * contracts * multiplierUsd;
  }

  private double multiplierOf(String underlying) {
    if (underlying == null) {
      return 0;
    }
    String u = underlying.toUpperCase(Locale.ROOT);
    if (u.startsWith("MNQ")) {
      return s.mnqMultiplierUsd();
    }
    if (u.startsWith("NQ")) {
      return s.nqMultiplierUsd();
    }
    return 0;
  }

  private static void add(List<RuleViolation> v, Rule rule, String detail) {
    v.add(new RuleViolation(rule.wireName(), detail));
  }

  private Map<String, String> figures(RiskBook b) {
    Exposure x = exposure(b);
    Map<String, String> d = new LinkedHashMap<>();
    d.put("variant", s.variant());
    d.put("account", s.account());
    d.put("trading_state", b.tradingState.toString());
    d.put("trading_day", b.tradingDay);
    d.put("daily_pnl_usd", usdText(dailyPnl(b)));
    d.put("realized_usd", usdText(b.realizedTodayUsd));
    d.put("contracts_open_or_pending", Integer.toString(x.totalContracts));
    d.put("risk_to_stops_usd", usdText(x.riskUsd));
    d.put("pending_orders", Integer.toString(b.pending.size()));
    return d;
  }

  private AuditEvent budgetAudit(
      String period, String kind, double spent, double budget, long nowNs, String what) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("spent_usd", usdText(spent));
    d.put("budget_usd", usdText(budget));
    return audit(
        "budget",
        kind + ":" + period,
        "DATA_BUDGET_EXHAUSTED",
        nowNs,
        String.format(
            Locale.ROOT,
            "data spend $%.2f reached the %s budget $%.2f for %s; new entries stop",
            spent,
            kind,
            budget,
            what),
        d,
        "budget");
  }

  private AuditEvent audit(
      String entityType,
      String entityId,
      String action,
      long nowNs,
      String rationale,
      Map<String, String> details,
      String discriminator) {
    return AuditEvent.newBuilder()
        .setAuditId(Ids.of("aud", s.variant(), entityType, entityId, discriminator))
        .setStage(STAGE)
        .setEntityType(entityType)
        .setEntityId(entityId)
        .setAction(action)
        .setTs(nowNs)
        .setRationale(rationale)
        .setDetails(details)
        .build();
  }

  private static String usdText(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String pct(double f) {
    return String.format(Locale.ROOT, "%.0f%%", f * 100);
  }

  /** Confidence ordering used by the confidence rule (LOW lowest). */
  static boolean atLeast(Confidence c, Confidence min) {
    return c.ordinal() >= min.ordinal();
  }
}
