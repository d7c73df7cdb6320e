package io.nqflow.execution.engine;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.TradingState;
import io.nqflow.core.security.ControlGuard;
import io.nqflow.core.security.IntentSigner;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.execution.ReconciliationException;
import io.nqflow.execution.broker.Broker;
import io.nqflow.execution.broker.BrokerException;
import io.nqflow.execution.broker.BrokerFill;
import io.nqflow.execution.broker.BrokerOrder;
import io.nqflow.execution.broker.BrokerOrderStatus;
import io.nqflow.execution.broker.OrderLeg;
import io.nqflow.execution.broker.Placement;
import io.nqflow.execution.ledger.Ledger;
import io.nqflow.execution.ledger.LedgerFill;
import io.nqflow.execution.ledger.LedgerOrder;
import io.nqflow.execution.ledger.OrderState;
import io.nqflow.execution.ledger.OutboxRecord;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Trade;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.schemas.AuditDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order engine: turns approved intents into broker orders and follows them to the end. Each
 * intent is validated, checked against the trading state and written to the ledger before anything
 * is sent, so a client order id reaches the broker at most once; the broker's answers, bracket legs
 * and fills are written to the ledger together with the messages that report them (the outbox).
 * Works on a {@link Broker} and a {@link Ledger} only: no Kafka, so tests drive it directly.
 *
 * <p>Not thread-safe: one caller (the service loop) at a time.
 */
public final class OrderEngine {
  private static final Logger LOG = LoggerFactory.getLogger(OrderEngine.class);

  private final String account;
  private final double feePerContractUsd;
  private final Broker broker;
  private final Ledger ledger;
  private final TradingControl control;
  private final ExecutionCounters counters;
  private final Messages messages;
  private final Map<String, String> cancelReasons = new HashMap<>();
  private Portfolio portfolio;
  private IntentGuard guard;
  private ControlIntake controlIntake;
  private boolean reconcileRequested;

  /**
   * An engine for one account whose positions are rebuilt from the ledger's fills.
   *
   * @param feePerContractUsd fee charged per contract filled, USD
   */
  public OrderEngine(
      String account,
      double feePerContractUsd,
      Broker broker,
      Ledger ledger,
      TradingControl control,
      ExecutionCounters counters) {
    this.account = account;
    this.feePerContractUsd = feePerContractUsd;
    this.broker = broker;
    this.ledger = ledger;
    this.control = control;
    this.counters = counters;
    this.messages = new Messages(account, broker.name());
    this.controlIntake = new ControlIntake(ControlGuard.open(), control, messages, counters);
    rebuildPortfolio();
  }

  /** Accept only intents signed by {@code signer} from now on ({@link IntentGuard}; null: all). */
  public void requireSignatures(IntentSigner signer) {
    this.guard = signer == null ? null : new IntentGuard(signer, messages);
  }

  /** Check every control command with {@code g} from now on ({@link ControlGuard}). */
  public void guardControls(ControlGuard g) {
    this.controlIntake = new ControlIntake(g, control, messages, counters);
  }

  /** What became of an intent. */
  public enum IntentOutcome {
    /** For another account: ignored. */
    OTHER_ACCOUNT,
    /** Its client order id is already in the ledger: not sent again. */
    DUPLICATE,
    /** Unsigned, unknown key or tampered: audited and dead-lettered, not recorded, not sent. */
    UNSIGNED,
    /** Malformed, or refused by the trading state: recorded as REJECTED, not sent. */
    REFUSED,
    /** Recorded and sent (the broker's answer, if any, is in the ledger). */
    SENT
  }

  /**
   * Handles one approved intent.
   *
   * @param source where the intent was read (e.g. {@code orders.approved-0@42}), for the audit
   */
  public IntentOutcome onIntent(OrderIntent intent, String source) {
    if (!intent.getAccount().equals(account)) {
      LOG.debug("intent {} is for account {}", intent.getClientOrderId(), intent.getAccount());
      return IntentOutcome.OTHER_ACCOUNT;
    }
    counters.intent();
    String coid = intent.getClientOrderId();
    long now = nowNs();
    List<OutboxRecord> unsigned = guard == null ? null : guard.refusal(intent, source, now);
    if (unsigned != null) {
      counters.intentRefusedSignature();
      ledger.enqueue(unsigned);
      return IntentOutcome.UNSIGNED;
    }
    if (ledger.order(coid).isPresent()) {
      refuseDuplicate(intent, source, now);
      return IntentOutcome.DUPLICATE;
    }
    String refusal = IntentChecks.invalid(intent);
    if (refusal == null) {
      refusal =
          refusal(
              intent.getVariant(),
              intent.getInstrumentId(),
              intent.getSide(),
              intent.getQuantity(),
              intent.getReduceOnly());
    }
    LedgerOrder order = NewOrders.fromIntent(intent, now);
    if (refusal != null) {
      LedgerOrder rejected = order.withState(OrderState.REJECTED, null, refusal, now);
      if (ledger.insertOrder(
          rejected,
          List.of(
              messages.rejected(rejected, refusal, now),
              messages.orderAudit(rejected, "REJECTED", "", now, refusal)))) {
        counters.orderRejected();
        LOG.info("intent {} refused: {}", coid, refusal);
        return IntentOutcome.REFUSED;
      }
      refuseDuplicate(intent, source, now);
      return IntentOutcome.DUPLICATE;
    }
    if (!ledger.insertOrder(
        order,
        List.of(
            messages.orderAudit(
                order,
                "PENDING_NEW",
                "",
                now,
                "approved intent recorded: " + intent.getRationale())))) {
      refuseDuplicate(intent, source, now);
      return IntentOutcome.DUPLICATE;
    }
    send(order);
    return IntentOutcome.SENT;
  }

  private void refuseDuplicate(OrderIntent intent, String source, long now) {
    counters.duplicateRefused();
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.SIGNAL_ID, intent.getSignalId());
    d.put(AuditDetails.POSITION, source);
    ledger.enqueue(
        List.of(
            messages.audit(
                "order",
                intent.getClientOrderId(),
                "DUPLICATE_REFUSED",
                source,
                now,
                "client order id already in the ledger; not sent again",
                d)));
    LOG.info(
        "duplicate intent {} at {} refused: already in the ledger",
        intent.getClientOrderId(),
        source);
  }

  /** Feeds a market event to the broker (the paper broker matches on it) and marks positions. */
  public void onMarket(MarketEvent e) {
    broker.onMarketEvent(e);
    if (e.getPayload() instanceof Trade t) {
      portfolio.mark(e.getInstrumentId(), t.getPrice());
    } else if (e.getPayload() instanceof Mbo m && m.getAction() == io.nqflow.md.v1.Action.TRADE) {
      portfolio.mark(e.getInstrumentId(), m.getPrice());
    }
  }

  /**
   * Applies a control command that {@link ControlGuard} accepts; a live one (not replayed at start)
   * is audited with its operator and key id, and a HALT cancels the working entries of its scope. A
   * refused command changes nothing and, when live, is audited (CONTROL_REFUSED), dead-lettered and
   * counted.
   *
   * @param source where the command was read (e.g. {@code ops.control-0@7})
   * @return whether the command was applied
   */
  public boolean onControl(ControlCommand c, boolean live, String source) {
    ControlGuard.Decision decision = controlIntake.decide(c);
    if (!decision.accepted()) {
      if (live) {
        ledger.enqueue(controlIntake.refusal(c, decision, source));
      }
      return false;
    }
    TradingControl.Change change = control.apply(c);
    if (live) {
      ledger.enqueue(List.of(controlIntake.applied(c, decision, change)));
      if (change.state() == TradingState.HALTED) {
        cancelOpenEntries(
            change.global() ? null : change.scope(),
            "HALT by " + c.getOperator() + ": " + c.getReason());
      }
    }
    return true;
  }

  /** Records an undecodable input for ops.deadletter. */
  public void deadLetter(String topic, String source, byte[] raw, String reason) {
    counters.deadLetter();
    String why = "cannot decode " + topic + " record at " + source + ": " + reason;
    LOG.warn(why);
    ledger.enqueue(List.of(messages.deadLetter(topic, source, raw, why, nowNs())));
  }

  /**
   * Whether something went wrong that only a reconciliation can settle (an order whose placement
   * has an unknown outcome, a cancel that failed); clears the request.
   */
  public boolean takeReconcileRequest() {
    boolean r = reconcileRequested;
    reconcileRequested = false;
    return r;
  }

  /** Signed position in an instrument, from the ledger's fills. */
  public int position(long instrumentId) {
    return portfolio.quantity(instrumentId);
  }

  /** Net position per symbol (non-zero only), from the ledger's fills. */
  public Map<String, Integer> netBySymbol() {
    return portfolio.netBySymbol();
  }

  // ---------------------------------------------------------------- refusal

  /** Why the trading state (or the position, for a reduce-only order) refuses an order, or null. */
  String refusal(
      String variant, long instrumentId, OrderSide side, int quantity, boolean reduceOnly) {
    int position = portfolio.quantity(instrumentId);
    boolean reduces =
        position != 0
            && (side == OrderSide.SELL) == (position > 0)
            && quantity <= Math.abs(position);
    if (reduceOnly) {
      return reduces
          ? null
          : "reduce-only order of "
              + side
              + " "
              + quantity
              + " would not reduce position "
              + position;
    }
    return switch (control.effective(variant)) {
      case ACTIVE -> null;
      case REDUCE_ONLY -> "REDUCE_ONLY: only reduce-only exits are accepted";
      case HALTED -> "HALTED: new entries are refused";
    };
  }

  // ---------------------------------------------------------------- lifecycle

  /** Marks the order SENT, places it, and records the broker's answer. */
  void send(LedgerOrder order) {
    long now = nowNs();
    if (order.state() == OrderState.PENDING_NEW) {
      order =
          ledger.transition(
              order.clientOrderId(),
              OrderState.SENT,
              null,
              null,
              now,
              List.of(),
              List.of(messages.orderAudit(order, "SENT", "", now, "sent to " + broker.name())));
    }
    Placement placement;
    try {
      placement = broker.place(NewOrders.request(order));
    } catch (BrokerException.Rejected e) {
      reject(order, "broker rejected: " + e.getMessage());
      return;
    } catch (BrokerException e) {
      // The outcome is unknown: the order stays SENT and the next reconciliation asks the broker.
      LOG.warn(
          "placing {} at {}: outcome unknown, reconciling: {}",
          order.clientOrderId(),
          broker.name(),
          e.getMessage());
      reconcileRequested = true;
      return;
    }
    adopt(order, placement);
  }

  void reject(LedgerOrder order, String reason) {
    long now = nowNs();
    LedgerOrder r = order.withState(OrderState.REJECTED, null, reason, now);
    ledger.transition(
        order.clientOrderId(),
        OrderState.REJECTED,
        null,
        reason,
        now,
        List.of(),
        List.of(
            messages.rejected(r, reason, now),
            messages.orderAudit(r, "REJECTED", "", now, reason)));
    counters.orderRejected();
    LOG.info("order {} rejected: {}", order.clientOrderId(), reason);
  }

  /** Records what the broker holds for an in-flight order, then follows it. */
  void adopt(LedgerOrder order, Placement p) {
    if (p.order().status() == BrokerOrderStatus.REJECTED) {
      reject(order, "broker rejected: " + p.order().reason());
      return;
    }
    long now = nowNs();
    String brokerId = p.order().brokerOrderId();
    LedgerOrder accepted = order.withState(OrderState.ACCEPTED, brokerId, null, now);
    List<LedgerOrder> legs = new ArrayList<>();
    List<OutboxRecord> out = new ArrayList<>();
    out.add(messages.accepted(accepted, brokerId, now));
    out.add(messages.orderAudit(accepted, "ACCEPTED", brokerId, now, "acknowledged by broker"));
    p.stopLoss().ifPresent(b -> legs.add(NewOrders.leg(accepted, OrderLeg.STOP_LOSS, b, now)));
    p.profitTarget()
        .ifPresent(b -> legs.add(NewOrders.leg(accepted, OrderLeg.PROFIT_TARGET, b, now)));
    for (LedgerOrder l : legs) {
      out.add(messages.accepted(l, l.brokerOrderId(), now));
      out.add(
          messages.orderAudit(
              l, "ACCEPTED", l.brokerOrderId(), now, "bracket leg of " + order.clientOrderId()));
    }
    ledger.transition(order.clientOrderId(), OrderState.ACCEPTED, brokerId, null, now, legs, out);
    counters.orderSent();
    LOG.info("order {} accepted by {} as {}", order.clientOrderId(), broker.name(), brokerId);
    syncOrder(accepted.clientOrderId());
    for (LedgerOrder l : legs) {
      syncOrder(l.clientOrderId());
    }
  }

  /** Brings every open order, its fills and its final status up to date with the broker. */
  public void syncOpenOrders() {
    for (LedgerOrder o : ledger.orders(OrderState.OPEN)) {
      syncOrder(o.clientOrderId());
    }
  }

  /**
   * Records new fills of an open order and its final status, if the broker reports one.
   *
   * @throws ReconciliationException when the broker does not know an order the ledger has open
   */
  void syncOrder(String clientOrderId) {
    try {
      syncOrderChecked(clientOrderId);
    } catch (BrokerException.NotFound e) {
      throw new ReconciliationException(
          "order " + clientOrderId + " is open in the ledger but unknown to " + broker.name(), e);
    } catch (BrokerException e) {
      LOG.warn("cannot sync order {}: {}", clientOrderId, e.getMessage());
      reconcileRequested = true;
    }
  }

  private void syncOrderChecked(String clientOrderId) throws BrokerException {
    LedgerOrder o = ledger.order(clientOrderId).orElseThrow();
    if (!OrderState.OPEN.contains(o.state())) {
      return;
    }
    boolean reduced = recordNewFills(o);
    if (reduced && portfolio.quantity(o.instrumentId()) == 0) {
      cancelOtherExits(o);
    }
    BrokerOrder status = broker.order(o.brokerOrderId());
    LedgerOrder current = ledger.order(clientOrderId).orElseThrow();
    OrderState target =
        switch (status.status()) {
          case PENDING, WORKING -> null;
          case FILLED -> OrderState.FILLED;
          case CANCELLED -> OrderState.CANCELLED;
          case REJECTED -> OrderState.REJECTED;
        };
    if (target == null || target == current.state() || !current.state().canMoveTo(target)) {
      return;
    }
    long now = nowNs();
    String reason =
        cancelReasons.getOrDefault(
            clientOrderId,
            status.reason() == null || status.reason().isEmpty() ? "" : status.reason());
    List<OutboxRecord> out = new ArrayList<>();
    LedgerOrder next = current.withState(target, null, reason.isEmpty() ? null : reason, now);
    switch (target) {
      case CANCELLED -> {
        String why = reason.isEmpty() ? "cancelled at broker" : reason;
        out.add(messages.cancelled(next, why, now));
        out.add(messages.orderAudit(next, "CANCELLED", "", now, why));
        counters.orderCancelled();
      }
      case REJECTED -> {
        String why = reason.isEmpty() ? "rejected at broker" : reason;
        out.add(messages.rejected(next, why, now));
        out.add(messages.orderAudit(next, "REJECTED", "", now, why));
        counters.orderRejected();
      }
      default ->
          out.add(
              messages.orderAudit(
                  next, target.name(), "", now, "broker reports " + status.status()));
    }
    ledger.transition(clientOrderId, target, null, next.reason(), now, List.of(), out);
    cancelReasons.remove(clientOrderId);
  }

  /**
   * Writes the broker's fills of {@code o} that the ledger does not have yet.
   *
   * @return whether a fill of a reduce-only order was recorded
   */
  private boolean recordNewFills(LedgerOrder o) throws BrokerException {
    int filled = o.filledQuantity();
    boolean reduced = false;
    for (BrokerFill bf : broker.fills(o.brokerOrderId())) {
      if (ledger.hasFill(bf.executionId())) {
        continue;
      }
      filled += bf.quantity();
      OrderState state = filled >= o.quantity() ? OrderState.FILLED : OrderState.PARTIALLY_FILLED;
      LedgerFill f =
          new LedgerFill(
              bf.executionId(),
              o.clientOrderId(),
              bf.brokerOrderId(),
              o.instrumentId(),
              o.symbol(),
              bf.side(),
              bf.quantity(),
              bf.price(),
              o.multiplierUsd(),
              feePerContractUsd * bf.quantity(),
              bf.tsEvent());
      Portfolio.Position p = portfolio.apply(f);
      long now = nowNs();
      List<OutboxRecord> out =
          List.of(
              messages.fill(o, f),
              messages.position(p, f),
              messages.pnl(portfolio, f),
              messages.orderAudit(
                  o, state.name(), bf.executionId(), now, filled + "/" + o.quantity() + " filled"),
              messages.fillAudit(o, f, p));
      if (!ledger.recordFill(f, state, now, out)) {
        // Another writer recorded it first: rebuild positions from the ledger, the source of truth.
        rebuildPortfolio();
        continue;
      }
      counters.fill();
      counters.figures(portfolio);
      reduced |= o.reduceOnly();
      LOG.info(
          "fill {} of {}: {} {} @ {} (position {})",
          bf.executionId(),
          o.clientOrderId(),
          bf.side(),
          bf.quantity(),
          bf.price(),
          p.quantity());
    }
    return reduced;
  }

  /**
   * Once an exit, stop or target has closed the position, every other order that only reduces it
   * (the bracket legs of the entry, a working exit) is cancelled: left working, a stop or target
   * triggering later would sell a contract the account no longer holds. The broker's own OCO of a
   * bracket has usually done so already; then nothing is sent.
   */
  private void cancelOtherExits(LedgerOrder closedBy) {
    List<LedgerOrder> others = new ArrayList<>();
    for (LedgerOrder o : ledger.orders(OrderState.OPEN)) {
      if (o.reduceOnly()
          && o.instrumentId() == closedBy.instrumentId()
          && !o.clientOrderId().equals(closedBy.clientOrderId())
          && !entryStillWorking(o)) {
        others.add(o);
      }
    }
    String reason =
        "position flat after " + closedBy.role() + " fill of " + closedBy.clientOrderId();
    try {
      // Ask first: cancelling one bracket leg may end its sibling too (OCO), which is then
      // cancelled for the same reason.
      List<LedgerOrder> working = new ArrayList<>();
      for (LedgerOrder o : others) {
        if (!broker.order(o.brokerOrderId()).status().terminal()) {
          working.add(o);
        }
      }
      for (LedgerOrder o : working) {
        cancelReasons.put(o.clientOrderId(), reason);
        try {
          broker.cancel(o.brokerOrderId());
        } catch (BrokerException e) {
          cancelReasons.remove(o.clientOrderId());
          throw e;
        }
        LOG.info("cancelled {} ({}): {}", o.clientOrderId(), o.brokerOrderId(), reason);
      }
    } catch (BrokerException e) {
      LOG.error(
          "cannot cancel the exits left after {} closed the position: {}",
          closedBy.clientOrderId(),
          e.getMessage());
      reconcileRequested = true;
    }
    for (LedgerOrder o : others) {
      syncOrder(o.clientOrderId());
    }
  }

  /** Whether {@code leg} belongs to an entry that may still fill, which its legs will protect. */
  private boolean entryStillWorking(LedgerOrder leg) {
    return leg.parentClientOrderId() != null
        && ledger
            .order(leg.parentClientOrderId())
            .map(entry -> !entry.state().terminal())
            .orElse(false);
  }

  /**
   * Cancels working entry orders (all, or those of one variant); protective legs of entries that
   * have filled stay working.
   */
  public void cancelOpenEntries(String variant, String reason) {
    for (LedgerOrder o : ledger.orders(OrderState.OPEN)) {
      if (o.role() != OrderRole.ENTRY || (variant != null && !variant.equals(o.variant()))) {
        continue;
      }
      try {
        cancelReasons.put(o.clientOrderId(), reason);
        broker.cancel(o.brokerOrderId());
        LOG.warn("cancelled {} ({}): {}", o.clientOrderId(), o.brokerOrderId(), reason);
      } catch (BrokerException e) {
        LOG.error("cannot cancel {} under HALT: {}", o.clientOrderId(), e.getMessage());
        reconcileRequested = true;
        continue;
      }
      syncOrder(o.clientOrderId());
      // The broker ends the bracket with its entry; record that now rather than at the next poll.
      for (LedgerOrder leg : ledger.orders(OrderState.OPEN)) {
        if (o.clientOrderId().equals(leg.parentClientOrderId())) {
          syncOrder(leg.clientOrderId());
        }
      }
    }
  }

  private void rebuildPortfolio() {
    Portfolio p = new Portfolio();
    for (LedgerFill f : ledger.fills()) {
      p.apply(f);
    }
    portfolio = p;
    counters.figures(portfolio);
  }

  static long nowNs() {
    Instant t = Instant.now();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
