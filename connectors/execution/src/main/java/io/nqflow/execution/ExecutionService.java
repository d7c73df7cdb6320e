package io.nqflow.execution;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.TradingState;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Trade;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.schemas.MessageFormatException;
import io.nqflow.schemas.Topics;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution service: the only component that talks to a broker. It consumes approved intents
 * from orders.approved (read committed, offsets committed after the ledger is updated), writes each
 * intent to the ledger before anything is sent, sends it once, follows the order at the broker and
 * reports every state change and fill on exec.events and ops.audit. md.events feeds marks (and the
 * paper broker's book); ops.control switches the trading state. On start, and every reconcile
 * interval, the ledger is reconciled with the broker; if that fails the service refuses to trade.
 *
 * <p>Only one instance may run per account and ledger: it is the single writer of both.
 */
public final class ExecutionService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionService.class);
  private static final String GLOBAL_SCOPE = "global";

  private final ExecutionSettings settings;
  private final Broker broker;
  private final ExecutionMetrics metrics;
  private final Messages messages;

  private final AtomicLong intents = new AtomicLong();
  private final AtomicLong ordersSent = new AtomicLong();
  private final AtomicLong ordersRejected = new AtomicLong();
  private final AtomicLong ordersCancelled = new AtomicLong();
  private final AtomicLong fills = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicLong reconciliations = new AtomicLong();
  private volatile int maxAbsPosition;
  private volatile double realizedPnlUsd;
  private volatile TradingState globalState = TradingState.ACTIVE;

  private final Map<String, TradingState> variantStates = new HashMap<>();
  private final Map<String, String> cancelReasons = new HashMap<>();
  private final ConcurrentLinkedQueue<IdleRequest> idleRequests = new ConcurrentLinkedQueue<>();

  private Ledger ledger;
  private Portfolio portfolio;
  private KafkaConsumer<byte[], byte[]> ordersConsumer;
  private KafkaConsumer<byte[], byte[]> feedConsumer;
  private KafkaProducer<byte[], byte[]> producer;
  private Thread thread;
  private volatile boolean running;
  private volatile Throwable failure;
  private boolean reconcileNow;
  private long nextReconcileNs;
  private long nextPollNs;
  private boolean marketMoved;

  private static final class IdleRequest {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    Map<TopicPartition, Long> ordersTargets;
    Map<TopicPartition, Long> feedTargets;
  }

  /** A service with its own metrics registry. */
  public ExecutionService(ExecutionSettings settings, Broker broker) {
    this(settings, broker, new CollectorRegistry());
  }

  /** A service that registers its metrics in {@code registry} (e.g. the default registry). */
  public ExecutionService(ExecutionSettings settings, Broker broker, CollectorRegistry registry) {
    this.settings = settings;
    this.broker = broker;
    this.metrics = new ExecutionMetrics(registry, settings.account(), broker.name());
    this.messages = new Messages(settings.account(), broker.name());
  }

  /** The broker the settings select: paper, or Tradovate over its REST API. */
  public static Broker createBroker(ExecutionSettings settings) {
    return switch (settings.broker()) {
      case PAPER -> PaperBroker.from(settings);
      case TRADOVATE -> new TradovateBroker(settings.tradovate());
    };
  }

  /**
   * Opens the ledger and Kafka clients, restores the trading state from ops.control, reconciles
   * with the broker and starts the service thread.
   *
   * @throws ReconciliationException when the ledger and the broker disagree or the broker cannot be
   *     asked; the service then refuses to trade and holds no resources
   */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("execution service already started");
    }
    try {
      ledger = Ledger.open(settings.ledgerUrl(), settings.ledgerUser(), settings.ledgerPassword());
      portfolio = new Portfolio();
      for (LedgerFill f : ledger.fills()) {
        portfolio.apply(f);
      }
      publishFigures();
      producer = new KafkaProducer<>(producerProps());
      feedConsumer = new KafkaConsumer<>(consumerProps(null));
      restoreControlState();
      reconcile("start");
      if (globalState == TradingState.HALTED || variantStates.containsValue(TradingState.HALTED)) {
        cancelOpenEntries(null, "HALT in force at start");
      }
      publishOutbox();
      ordersConsumer = new KafkaConsumer<>(consumerProps(settings.consumerGroup()));
      List<TopicPartition> orders = partitions(ordersConsumer, Topics.ORDERS_APPROVED.name());
      ordersConsumer.assign(orders);
      orders.forEach(ordersConsumer::position);
    } catch (ReconciliationException e) {
      metrics.reconciliationFailures.inc();
      LOG.error(
          "REFUSING TO TRADE: reconciliation of account {} with broker {} failed: {}",
          settings.account(),
          broker.name(),
          e.getMessage());
      failure = e;
      closeResources();
      throw e;
    } catch (RuntimeException e) {
      failure = e;
      closeResources();
      throw e;
    }
    nextReconcileNs = System.nanoTime() + settings.reconcileInterval().toNanos();
    running = true;
    thread = new Thread(this::run, "nqflow-execution-" + settings.account());
    thread.setDaemon(true);
    thread.start();
    LOG.info(
        "execution service started: account {}, broker {}, state {}",
        settings.account(),
        broker.name(),
        globalState);
  }

  /** Counters for the local-stack summary. */
  public ExecutionStats stats() {
    return new ExecutionStats(
        intents.get(),
        ordersSent.get(),
        ordersRejected.get(),
        ordersCancelled.get(),
        fills.get(),
        duplicates.get(),
        deadLetters.get(),
        maxAbsPosition,
        realizedPnlUsd,
        reconciliations.get(),
        globalState);
  }

  /** Global trading state. */
  public TradingState tradingState() {
    return globalState;
  }

  /** Why the service stopped, if it did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Waits until everything on orders.approved, md.events and ops.control at the time of the call
   * has been processed and every resulting message is published.
   *
   * @throws TimeoutException when that takes longer than {@code timeout}
   * @throws IllegalStateException when the service is not running or has failed
   */
  public void awaitIdle(Duration timeout) throws TimeoutException, InterruptedException {
    if (!running) {
      throw new IllegalStateException("execution service is not running", failure);
    }
    IdleRequest r = new IdleRequest();
    idleRequests.add(r);
    try {
      r.done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("execution service failed: " + e.getCause(), e.getCause());
    }
  }

  /** Stops the service thread and closes the Kafka clients, the ledger and the broker session. */
  @Override
  public void close() {
    running = false;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeResources();
  }

  private synchronized void closeResources() {
    for (AutoCloseable c : new AutoCloseable[] {ordersConsumer, feedConsumer, producer, ledger}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
        }
      }
    }
    ordersConsumer = null;
    feedConsumer = null;
    producer = null;
    ledger = null;
    IdleRequest r;
    while ((r = idleRequests.poll()) != null) {
      r.done.completeExceptionally(
          failure != null ? failure : new IllegalStateException("execution service closed"));
    }
  }

  // ---------------------------------------------------------------- service loop

  private void run() {
    try {
      while (running) {
        boolean busy = false;
        for (ConsumerRecord<byte[], byte[]> r : feedConsumer.poll(Duration.ZERO)) {
          busy = true;
          if (r.topic().equals(Topics.CONTROL.name())) {
            onControl(r, true);
          } else {
            onMarket(r);
          }
        }
        if (broker.simulated() && marketMoved) {
          marketMoved = false;
          syncOpenOrders();
        }
        var batch = ordersConsumer.poll(busy ? Duration.ZERO : Duration.ofMillis(10));
        if (!batch.isEmpty()) {
          Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
          for (ConsumerRecord<byte[], byte[]> r : batch) {
            onIntent(r);
            offsets.put(
                new TopicPartition(r.topic(), r.partition()),
                new OffsetAndMetadata(r.offset() + 1));
          }
          // The ledger already holds every intent of the batch: committing now loses nothing.
          ordersConsumer.commitSync(offsets);
        }
        long now = System.nanoTime();
        if (!broker.simulated() && now >= nextPollNs) {
          nextPollNs = now + settings.brokerPollInterval().toNanos();
          syncOpenOrders();
        }
        if (reconcileNow || now >= nextReconcileNs) {
          reconcileNow = false;
          nextReconcileNs = now + settings.reconcileInterval().toNanos();
          reconcile("periodic");
          if (globalState == TradingState.HALTED) {
            cancelOpenEntries(null, "HALT in force");
          }
        }
        publishOutbox();
        answerIdleRequests();
      }
    } catch (ReconciliationException e) {
      metrics.reconciliationFailures.inc();
      LOG.error(
          "REFUSING TO TRADE: periodic reconciliation of account {} with broker {} failed: {}",
          settings.account(),
          broker.name(),
          e.getMessage());
      fail(e);
    } catch (Throwable t) {
      // Nothing more is written: offsets stay uncommitted, the ledger keeps what it has.
      LOG.error("execution service of account {} stopped: {}", settings.account(), t.toString(), t);
      fail(t);
    }
  }

  private void fail(Throwable t) {
    failure = t;
    running = false;
    IdleRequest r;
    while ((r = idleRequests.poll()) != null) {
      r.done.completeExceptionally(t);
    }
  }

  private void answerIdleRequests() {
    if (idleRequests.isEmpty()) {
      return;
    }
    boolean outboxEmpty = ledger.outbox(1).isEmpty();
    for (IdleRequest r : List.copyOf(idleRequests)) {
      if (r.ordersTargets == null) {
        r.ordersTargets = ordersConsumer.endOffsets(ordersConsumer.assignment());
        r.feedTargets = feedConsumer.endOffsets(feedConsumer.assignment());
        continue;
      }
      if (outboxEmpty
          && reached(ordersConsumer, r.ordersTargets)
          && reached(feedConsumer, r.feedTargets)) {
        idleRequests.remove(r);
        r.done.complete(null);
      }
    }
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> targets) {
    for (var e : targets.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- inputs

  private void onIntent(ConsumerRecord<byte[], byte[]> r) {
    OrderIntent intent;
    try {
      intent = Topics.ORDERS_APPROVED.deserializeValue(r.value());
      if (intent == null) {
        throw new MessageFormatException("empty value (tombstone) on orders.approved", null);
      }
    } catch (MessageFormatException e) {
      deadLetter(r, e.getMessage());
      return;
    }
    if (!intent.getAccount().equals(settings.account())) {
      LOG.debug("intent {} is for account {}", intent.getClientOrderId(), intent.getAccount());
      return;
    }
    intents.incrementAndGet();
    metrics.intents.inc();
    String coid = intent.getClientOrderId();
    long now = nowNs();
    if (ledger.order(coid).isPresent()) {
      refuseDuplicate(intent, r, now);
      return;
    }
    String refusal = invalid(intent);
    if (refusal == null) {
      refusal =
          refusal(
              intent.getVariant(),
              intent.getInstrumentId(),
              intent.getSide(),
              intent.getQuantity(),
              intent.getReduceOnly());
    }
    LedgerOrder order = fromIntent(intent, now);
    if (refusal != null) {
      LedgerOrder rejected = order.withState(OrderState.REJECTED, null, refusal, now);
      if (ledger.insertOrder(
          rejected,
          List.of(
              messages.rejected(rejected, refusal, now),
              messages.orderAudit(rejected, "REJECTED", "", now, refusal)))) {
        ordersRejected.incrementAndGet();
        metrics.ordersRejected.inc();
        LOG.info("intent {} refused: {}", coid, refusal);
      } else {
        refuseDuplicate(intent, r, now);
      }
      return;
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
      refuseDuplicate(intent, r, now);
      return;
    }
    send(order);
  }

  private void refuseDuplicate(OrderIntent intent, ConsumerRecord<byte[], byte[]> r, long now) {
    duplicates.incrementAndGet();
    metrics.duplicateOrdersRefused.inc();
    Map<String, String> d = new LinkedHashMap<>();
    d.put("signal_id", intent.getSignalId());
    d.put("position", position(r));
    ledger.enqueue(
        List.of(
            messages.audit(
                "order",
                intent.getClientOrderId(),
                "DUPLICATE_REFUSED",
                position(r),
                now,
                "client order id already in the ledger; not sent again",
                d)));
    LOG.info(
        "duplicate intent {} at {} refused: already in the ledger",
        intent.getClientOrderId(),
        position(r));
  }

  private void onMarket(ConsumerRecord<byte[], byte[]> r) {
    MarketEvent e;
    try {
      e = Topics.MARKET_EVENTS.deserializeValue(r.value());
      if (e == null) {
        throw new MessageFormatException("empty value on md.events", null);
      }
    } catch (MessageFormatException ex) {
      deadLetter(r, ex.getMessage());
      return;
    }
    broker.onMarketEvent(e);
    marketMoved = true;
    if (e.getPayload() instanceof Trade t) {
      portfolio.mark(e.getInstrumentId(), t.getPrice());
    } else if (e.getPayload() instanceof Mbo m && m.getAction() == io.nqflow.md.v1.Action.TRADE) {
      portfolio.mark(e.getInstrumentId(), m.getPrice());
    }
  }

  private void onControl(ConsumerRecord<byte[], byte[]> r, boolean live) {
    ControlCommand c;
    try {
      c = Topics.CONTROL.deserializeValue(r.value());
      if (c == null) {
        throw new MessageFormatException("empty value on ops.control", null);
      }
    } catch (MessageFormatException e) {
      if (live) {
        deadLetter(r, e.getMessage());
      }
      return;
    }
    TradingState state =
        switch (c.getCommand()) {
          case HALT -> TradingState.HALTED;
          case REDUCE_ONLY -> TradingState.REDUCE_ONLY;
          case RESUME -> TradingState.ACTIVE;
        };
    String scope = c.getScope();
    boolean global = GLOBAL_SCOPE.equals(scope) || settings.account().equals(scope);
    if (global) {
      globalState = state;
      metrics.tradingState.set(state.ordinal());
    } else {
      variantStates.put(scope, state);
    }
    if (!live) {
      return;
    }
    long now = nowNs();
    Map<String, String> d = new LinkedHashMap<>();
    d.put("operator", c.getOperator());
    d.put("scope", scope);
    d.put("state", state.name());
    ledger.enqueue(
        List.of(
            messages.audit(
                "control", c.getCommandId(), c.getCommand().name(), "", now, c.getReason(), d)));
    LOG.warn(
        "control {} for scope {} by {}: {} -> trading state {}",
        c.getCommand(),
        scope,
        c.getOperator(),
        c.getReason(),
        state);
    if (state == TradingState.HALTED) {
      cancelOpenEntries(global ? null : scope, "HALT by " + c.getOperator() + ": " + c.getReason());
    }
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
    deadLetters.incrementAndGet();
    metrics.deadLetters.inc();
    String why = "cannot decode " + r.topic() + " record at " + position(r) + ": " + reason;
    LOG.warn(why);
    ledger.enqueue(List.of(messages.deadLetter(r.topic(), position(r), r.value(), why, nowNs())));
  }

  // ---------------------------------------------------------------- orders

  /** Why an intent is malformed, or null. */
  private static String invalid(OrderIntent i) {
    List<String> errors = new ArrayList<>();
    if (i.getClientOrderId().isBlank() || i.getClientOrderId().length() > 60) {
      errors.add("client_order_id must be 1..60 characters");
    }
    if (i.getQuantity() <= 0) {
      errors.add("quantity must be > 0, got " + i.getQuantity());
    }
    if (i.getLimitPrice() <= 0) {
      errors.add("limit_price must be > 0, got " + i.getLimitPrice());
    }
    if (i.getMultiplierUsd() <= 0) {
      errors.add("multiplier_usd must be > 0, got " + i.getMultiplierUsd());
    }
    if (!i.getReduceOnly()) {
      boolean buy = i.getSide() == OrderSide.BUY;
      long stop = i.getStopLossPrice();
      long target = i.getProfitTargetPrice();
      boolean ordered =
          buy
              ? stop < i.getLimitPrice() && i.getLimitPrice() < target
              : stop > i.getLimitPrice() && i.getLimitPrice() > target;
      if (stop <= 0 || target <= 0 || !ordered) {
        errors.add(
            "bracket must have stop "
                + (buy ? "<" : ">")
                + " limit "
                + (buy ? "<" : ">")
                + " target, got "
                + stop
                + " / "
                + i.getLimitPrice()
                + " / "
                + target);
      }
    }
    return errors.isEmpty() ? null : "invalid intent: " + String.join("; ", errors);
  }

  /** Why the trading state refuses an order, or null. */
  private String refusal(
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
    TradingState state = effectiveState(variant);
    return switch (state) {
      case ACTIVE -> null;
      case REDUCE_ONLY -> "REDUCE_ONLY: only reduce-only exits are accepted";
      case HALTED -> "HALTED: new entries are refused";
    };
  }

  private TradingState effectiveState(String variant) {
    TradingState v = variantStates.getOrDefault(variant, TradingState.ACTIVE);
    return v.ordinal() > globalState.ordinal() ? v : globalState;
  }

  private LedgerOrder fromIntent(OrderIntent i, long now) {
    boolean exit = i.getReduceOnly();
    return new LedgerOrder(
        i.getClientOrderId(),
        null,
        exit ? OrderRole.EXIT : OrderRole.ENTRY,
        i.getSignalId(),
        i.getVariant(),
        i.getAccount(),
        i.getInstrumentId(),
        i.getRawSymbol(),
        i.getSide(),
        i.getQuantity(),
        i.getLimitPrice(),
        exit ? null : i.getStopLossPrice(),
        exit ? null : i.getProfitTargetPrice(),
        i.getMultiplierUsd(),
        exit,
        i.getSignalPrice(),
        i.getTsSignal(),
        OrderState.PENDING_NEW,
        null,
        0,
        null,
        now,
        now);
  }

  /** Marks the order SENT, places it, and records the broker's answer. */
  private void send(LedgerOrder order) {
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
    OrderRequest request =
        new OrderRequest(
            order.clientOrderId(),
            order.instrumentId(),
            order.symbol(),
            order.side(),
            order.quantity(),
            order.price(),
            order.stopLossPrice(),
            order.profitTargetPrice());
    Placement placement;
    try {
      placement = broker.place(request);
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
      reconcileNow = true;
      return;
    }
    adopt(order, placement);
  }

  private void reject(LedgerOrder order, String reason) {
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
    ordersRejected.incrementAndGet();
    metrics.ordersRejected.inc();
    LOG.info("order {} rejected: {}", order.clientOrderId(), reason);
  }

  /** Records what the broker holds for an in-flight order, then follows it. */
  private void adopt(LedgerOrder order, Placement p) {
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
    p.stopLoss().ifPresent(b -> legs.add(leg(accepted, OrderLeg.STOP_LOSS, b, now)));
    p.profitTarget().ifPresent(b -> legs.add(leg(accepted, OrderLeg.PROFIT_TARGET, b, now)));
    for (LedgerOrder l : legs) {
      out.add(messages.accepted(l, l.brokerOrderId(), now));
      out.add(
          messages.orderAudit(
              l, "ACCEPTED", l.brokerOrderId(), now, "bracket leg of " + order.clientOrderId()));
    }
    ledger.transition(order.clientOrderId(), OrderState.ACCEPTED, brokerId, null, now, legs, out);
    ordersSent.incrementAndGet();
    metrics.ordersSent.inc();
    LOG.info("order {} accepted by {} as {}", order.clientOrderId(), broker.name(), brokerId);
    syncOrder(accepted.clientOrderId());
    for (LedgerOrder l : legs) {
      syncOrder(l.clientOrderId());
    }
  }

  private LedgerOrder leg(LedgerOrder entry, OrderLeg leg, BrokerOrder b, long now) {
    OrderSide exitSide = entry.side() == OrderSide.BUY ? OrderSide.SELL : OrderSide.BUY;
    long price = leg == OrderLeg.STOP_LOSS ? entry.stopLossPrice() : entry.profitTargetPrice();
    return new LedgerOrder(
        OrderRequest.legClientOrderId(entry.clientOrderId(), leg),
        entry.clientOrderId(),
        leg.role(),
        entry.signalId(),
        entry.variant(),
        entry.account(),
        entry.instrumentId(),
        entry.symbol(),
        exitSide,
        entry.quantity(),
        price,
        null,
        null,
        entry.multiplierUsd(),
        true,
        null,
        entry.tsSignal(),
        OrderState.ACCEPTED,
        b.brokerOrderId(),
        0,
        null,
        now,
        now);
  }

  private void syncOpenOrders() {
    for (LedgerOrder o : ledger.orders(OrderState.OPEN)) {
      syncOrder(o.clientOrderId());
    }
  }

  /** Records new fills of an open order and its final status, if the broker reports one. */
  private void syncOrder(String clientOrderId) {
    try {
      syncOrderChecked(clientOrderId);
    } catch (BrokerException.NotFound e) {
      throw new ReconciliationException(
          "order " + clientOrderId + " is open in the ledger but unknown to " + broker.name(), e);
    } catch (BrokerException e) {
      LOG.warn("cannot sync order {}: {}", clientOrderId, e.getMessage());
      reconcileNow = true;
    }
  }

  private void syncOrderChecked(String clientOrderId) throws BrokerException {
    LedgerOrder o = ledger.order(clientOrderId).orElseThrow();
    if (!OrderState.OPEN.contains(o.state())) {
      return;
    }
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
              settings.feePerContractUsd() * bf.quantity(),
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
      fills.incrementAndGet();
      metrics.fills.inc();
      publishFigures();
      reduced |= o.reduceOnly();
      LOG.info(
          "fill {} of {}: {} {} @ {} (position {})",
          bf.executionId(),
          o.clientOrderId(),
          bf.side(),
          bf.quantity(),
          bf.price(),
          p.quantity);
    }
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
        ordersCancelled.incrementAndGet();
        metrics.ordersCancelled.inc();
      }
      case REJECTED -> {
        String why = reason.isEmpty() ? "rejected at broker" : reason;
        out.add(messages.rejected(next, why, now));
        out.add(messages.orderAudit(next, "REJECTED", "", now, why));
        ordersRejected.incrementAndGet();
        metrics.ordersRejected.inc();
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
      reconcileNow = true;
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

  /** Cancels working entry orders (all, or of one variant); protective legs stay working. */
  private void cancelOpenEntries(String variant, String reason) {
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
        reconcileNow = true;
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

  // ---------------------------------------------------------------- reconciliation

  /**
   * Resolves in-flight orders by asking the broker by client order id (sending those it does not
   * have), brings open orders and their fills up to date and checks that the broker's positions
   * equal the ledger's.
   */
  private void reconcile(String when) {
    try {
      for (LedgerOrder o : ledger.orders(OrderState.IN_FLIGHT)) {
        Optional<Placement> p = broker.findByClientOrderId(o.clientOrderId());
        if (p.isPresent()) {
          LOG.info("reconcile ({}): {} found at broker as {}", when, o.clientOrderId(), p.get());
          adopt(o, p.get());
        } else {
          String refusal =
              refusal(o.variant(), o.instrumentId(), o.side(), o.quantity(), o.reduceOnly());
          if (refusal != null) {
            reject(o, "never reached the broker; not sent: " + refusal);
          } else {
            LOG.info(
                "reconcile ({}): {} never reached the broker; sending it", when, o.clientOrderId());
            send(o);
          }
        }
      }
      syncOpenOrders();
      List<String> mismatches = positionMismatches();
      if (!mismatches.isEmpty()) {
        // Fills may have landed between the order sync and the position query: look once more.
        syncOpenOrders();
        mismatches = positionMismatches();
      }
      if (!mismatches.isEmpty()) {
        throw new ReconciliationException(
            "positions differ between ledger and " + broker.name() + ": " + mismatches);
      }
    } catch (BrokerException e) {
      throw new ReconciliationException(
          "cannot reconcile with " + broker.name() + ": " + e.getMessage(), e);
    }
    reconciliations.incrementAndGet();
    metrics.reconciliations.inc();
  }

  private List<String> positionMismatches() throws BrokerException {
    Map<String, Integer> ledgerNet = new TreeMap<>(portfolio.netBySymbol());
    Map<String, Integer> brokerNet = new TreeMap<>();
    for (BrokerPosition p : broker.positions()) {
      if (p.netQuantity() != 0) {
        brokerNet.merge(p.symbol(), p.netQuantity(), Integer::sum);
      }
    }
    List<String> out = new ArrayList<>();
    for (String symbol : union(ledgerNet, brokerNet)) {
      int l = ledgerNet.getOrDefault(symbol, 0);
      int b = brokerNet.getOrDefault(symbol, 0);
      if (l != b) {
        out.add(symbol + ": ledger " + l + ", broker " + b);
      }
    }
    return out;
  }

  private static List<String> union(Map<String, Integer> a, Map<String, Integer> b) {
    TreeMap<String, Boolean> keys = new TreeMap<>();
    a.keySet().forEach(k -> keys.put(k, true));
    b.keySet().forEach(k -> keys.put(k, true));
    return List.copyOf(keys.keySet());
  }

  // ---------------------------------------------------------------- plumbing

  private void restoreControlState() {
    List<TopicPartition> control = partitions(feedConsumer, Topics.CONTROL.name());
    List<TopicPartition> md = partitions(feedConsumer, Topics.MARKET_EVENTS.name());
    List<TopicPartition> all = new ArrayList<>(control);
    all.addAll(md);
    feedConsumer.assign(all);
    feedConsumer.seekToBeginning(control);
    feedConsumer.seekToEnd(md);
    md.forEach(feedConsumer::position);
    Map<TopicPartition, Long> end = feedConsumer.endOffsets(control);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (control.stream().anyMatch(tp -> feedConsumer.position(tp) < end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cannot read ops.control to its end within 60 s");
      }
      for (ConsumerRecord<byte[], byte[]> r : feedConsumer.poll(Duration.ofMillis(100))) {
        if (r.topic().equals(Topics.CONTROL.name())) {
          onControl(r, false);
        } else {
          onMarket(r);
        }
      }
    }
    LOG.info("trading state restored from ops.control: {} {}", globalState, variantStates);
  }

  private void publishOutbox() {
    while (true) {
      List<OutboxRecord> batch = ledger.outbox(500);
      if (batch.isEmpty()) {
        return;
      }
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (OutboxRecord r : batch) {
        sent.add(producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value())));
      }
      producer.flush();
      try {
        for (Future<RecordMetadata> f : sent) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing", e);
      } catch (ExecutionException e) {
        // Kept in the outbox and sent again next time; ids are deterministic, readers dedupe.
        LOG.warn(
            "publishing {} messages failed, will retry: {}", batch.size(), e.getCause().toString());
        return;
      }
      ledger.deleteOutbox(batch.get(batch.size() - 1).seq());
    }
  }

  private void rebuildPortfolio() {
    portfolio = new Portfolio();
    for (LedgerFill f : ledger.fills()) {
      portfolio.apply(f);
    }
    publishFigures();
  }

  private void publishFigures() {
    maxAbsPosition = Math.max(maxAbsPosition, portfolio.maxAbsPosition());
    realizedPnlUsd = portfolio.realizedTotalUsd();
    metrics.maxAbsPosition.set(maxAbsPosition);
    metrics.realizedPnlUsd.set(realizedPnlUsd);
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private Properties consumerProps(String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "nqflow-execution-" + settings.account());
    if (group != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    return p;
  }

  private Properties producerProps() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "nqflow-execution-" + settings.account());
    return p;
  }

  private static String position(ConsumerRecord<?, ?> r) {
    return r.topic() + "-" + r.partition() + "@" + r.offset();
  }

  private static long nowNs() {
    Instant t = Instant.now();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
