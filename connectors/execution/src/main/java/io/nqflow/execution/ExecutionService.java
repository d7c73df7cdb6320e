package io.nqflow.execution;

import static io.nqflow.execution.kafka.KafkaClients.partitions;
import static io.nqflow.execution.kafka.KafkaClients.position;

import io.nqflow.common.v1.TradingState;
import io.nqflow.core.audit.ConfigAuditLog;
import io.nqflow.core.audit.ConfigSnapshot;
import io.nqflow.core.config.KafkaConfig;
import io.nqflow.execution.broker.Broker;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.execution.broker.TradovateBroker;
import io.nqflow.execution.engine.ExecutionCounters;
import io.nqflow.execution.engine.OrderEngine;
import io.nqflow.execution.engine.Reconciler;
import io.nqflow.execution.engine.TradingControl;
import io.nqflow.execution.kafka.KafkaClients;
import io.nqflow.execution.kafka.OutboxPublisher;
import io.nqflow.execution.ledger.Ledger;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.schemas.MessageFormatException;
import io.nqflow.schemas.Topics;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution service: the Kafka side of the only component that talks to a broker. It consumes
 * approved intents from orders.approved (read committed, offsets committed after the ledger is
 * updated) and hands them to the {@link OrderEngine}; md.events feeds marks (and the paper broker's
 * book); ops.control switches the {@link TradingControl} state. What the engine writes to the
 * ledger's outbox is published on exec.events, ops.audit and ops.deadletter. On start, and every
 * reconcile interval, the {@link Reconciler} checks the ledger against the broker; if that fails
 * the service refuses to trade.
 *
 * <p>On the paper broker's event clock ({@code execution.paper.clock: EVENT}) md.events is held
 * back ({@link MarketHold}) until the run calls {@link #endOfInput()}: the service then reads
 * orders.approved to its end, so that every order is placed before the market reaches its
 * activation time (ts_signal + latency), and applies the market in event-time order, recording each
 * fill before the next event. A replay's orders and fills are then the same at any speed.
 *
 * <p>Only one instance may run per account and ledger: it is the single writer of both.
 */
public final class ExecutionService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionService.class);

  /** The component name of the execution service's configuration records. */
  public static final String STAGE = "execution";

  private final ExecutionSettings settings;
  private final Broker broker;
  private final ExecutionCounters counters;
  private final TradingControl control;
  private final ConcurrentLinkedQueue<IdleRequest> idleRequests = new ConcurrentLinkedQueue<>();

  private Ledger ledger;
  private OrderEngine engine;
  private Reconciler reconciler;
  private OutboxPublisher outbox;
  private KafkaConsumer<byte[], byte[]> ordersConsumer;
  private KafkaConsumer<byte[], byte[]> feedConsumer;
  private KafkaProducer<byte[], byte[]> producer;
  private Thread thread;
  private volatile boolean running;
  private volatile Throwable failure;
  private long nextReconcileNs;
  private long nextPollNs;
  private boolean marketMoved;

  /** Market events buffered per md.events partition before it is paused (event clock). */
  static final int HOLD_CAPACITY = 10_000;

  /** Market events applied per loop turn at most (event clock), so control stays responsive. */
  private static final int APPLY_PER_TURN = 20_000;

  private MarketHold hold;
  private PaperBroker eventPaper;
  private volatile boolean endOfInput;
  private Map<TopicPartition, Long> ordersEnd;
  private long lateOrdersReported;

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
    this.counters = new ExecutionCounters(registry, settings.account(), broker.name());
    this.control = new TradingControl(settings.account(), counters);
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
      if (settings.eventClock()) {
        if (!(broker instanceof PaperBroker p) || !p.eventClock()) {
          throw new IllegalStateException(
              "execution.paper.clock is EVENT but the broker "
                  + broker.name()
                  + " is not a paper broker on the event clock (use PaperBroker.from(settings))");
        }
        eventPaper = p;
      }
      ledger = Ledger.open(settings.ledgerUrl(), settings.ledgerUser(), settings.ledgerPassword());
      engine =
          new OrderEngine(
              settings.account(), settings.feePerContractUsd(), broker, ledger, control, counters);
      if (settings.requireSignedIntents() && settings.intentVerifier() == null) {
        throw new IllegalStateException(
            "execution.require_signed_intents is true but execution.signing_key is not set");
      }
      if (settings.control().requireSigned() && settings.intentVerifier() == null) {
        throw new IllegalStateException(
            "control.require_signed is true but execution.signing_key is not set: the risk"
                + " gate's automatic HALT, signed with that key, would be refused");
      }
      engine.requireSignatures(settings.intentVerifier());
      engine.guardControls(settings.controlGuard());
      reconciler = new Reconciler(engine, broker, ledger, counters);
      KafkaConfig bootstrap = settings.kafka();
      recordConfiguration(bootstrap);
      producer = KafkaClients.producer(bootstrap, settings.account());
      outbox = new OutboxPublisher(ledger, producer);
      feedConsumer = KafkaClients.consumer(bootstrap, settings.account(), null);
      restoreControlState();
      reconciler.reconcile("start");
      if (control.anyHalted()) {
        engine.cancelOpenEntries(null, "HALT in force at start");
      }
      outbox.publish();
      ordersConsumer =
          KafkaClients.consumer(bootstrap, settings.account(), settings.consumerGroup());
      List<TopicPartition> orders = partitions(ordersConsumer, Topics.ORDERS_APPROVED.name());
      ordersConsumer.assign(orders);
      orders.forEach(ordersConsumer::position);
    } catch (ReconciliationException e) {
      counters.reconciliationFailed();
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
        "execution service started: account {}, broker {}, state {}{}",
        settings.account(),
        broker.name(),
        control.global(),
        hold != null ? ", paper fills in event time (market held until the end of input)" : "");
  }

  /**
   * Records this start's configuration (the execution section, secrets masked) and its difference
   * from the account's previous start on ops.audit (CONFIG_APPLIED).
   */
  private void recordConfiguration(KafkaConfig kafka) {
    AuditEvent e =
        ConfigAuditLog.forKafka(kafka)
            .apply(
                STAGE,
                settings.account(),
                fp -> ConfigSnapshot.of(ExecutionSettings.SECTION.key(), settings, fp),
                Map.of(AuditDetails.ACCOUNT, settings.account()));
    LOG.info(
        "execution configuration {} recorded on {}",
        e.getDetails().get(AuditDetails.CONFIG_DIGEST),
        Topics.AUDIT.name());
  }

  /** Counters for the local-stack summary. */
  public ExecutionStats stats() {
    return counters.stats(control.global());
  }

  /** Global trading state. */
  public TradingState tradingState() {
    return control.global();
  }

  /** Why the service stopped, if it did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Declares that the input has ended: md.events holds all the market data of the run and
   * orders.approved every intent the risk gate will approve for it (e.g. nqflow local once the
   * replay is over and the gate has decided every signal). On the event clock the service then
   * reads orders.approved to its end offsets of that moment and applies the held market in event
   * time; on the arrival clock this changes nothing. Thread-safe; may be called more than once.
   */
  public void endOfInput() {
    endOfInput = true;
  }

  /**
   * Waits until everything on orders.approved, md.events and ops.control at the time of the call
   * has been processed and every resulting message is published. On the event clock the held market
   * counts as unprocessed: call {@link #endOfInput()} first.
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
            onMarketRecord(r);
          }
        }
        if (hold != null) {
          busy |= applyHeldMarket();
        }
        if (broker.simulated() && marketMoved) {
          marketMoved = false;
          engine.syncOpenOrders();
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
          engine.syncOpenOrders();
        }
        if (engine.takeReconcileRequest() || now >= nextReconcileNs) {
          nextReconcileNs = now + settings.reconcileInterval().toNanos();
          reconciler.reconcile("periodic");
          if (control.global() == TradingState.HALTED) {
            engine.cancelOpenEntries(null, "HALT in force");
          }
        }
        outbox.publish();
        answerIdleRequests();
      }
    } catch (ReconciliationException e) {
      counters.reconciliationFailed();
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
    boolean outboxEmpty = outbox.drained();
    for (IdleRequest r : List.copyOf(idleRequests)) {
      if (r.ordersTargets == null) {
        r.ordersTargets = ordersConsumer.endOffsets(ordersConsumer.assignment());
        r.feedTargets = feedConsumer.endOffsets(feedConsumer.assignment());
        continue;
      }
      if (outboxEmpty
          && (hold == null || hold.idle())
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
      engine.deadLetter(r.topic(), position(r), r.value(), e.getMessage());
      return;
    }
    engine.onIntent(intent, position(r));
  }

  /** An md.events record: applied now (arrival clock) or held (event clock). */
  private void onMarketRecord(ConsumerRecord<byte[], byte[]> r) {
    if (hold != null) {
      hold.add(r);
    } else {
      onMarket(r);
    }
  }

  /**
   * Event clock: once the input has ended and orders.approved has been read to its end, applies
   * held market events in event-time order, recording fills after each event that made one.
   *
   * @return whether an event was applied
   */
  private boolean applyHeldMarket() {
    if (!hold.isOpen()) {
      if (!endOfInput) {
        return false;
      }
      if (ordersEnd == null) {
        ordersEnd = ordersConsumer.endOffsets(ordersConsumer.assignment());
      }
      if (!reached(ordersConsumer, ordersEnd)) {
        return false;
      }
      hold.open(feedConsumer.endOffsets(partitions(feedConsumer, Topics.MARKET_EVENTS.name())));
      LOG.info(
          "end of input: every approved order is placed; applying the held market in event time"
              + " ({} events buffered)",
          hold.buffered());
    }
    int n = 0;
    MarketHold.Held h;
    while (n < APPLY_PER_TURN && (h = hold.next()) != null) {
      n++;
      if (h.event() == null) {
        engine.deadLetter(h.record().topic(), position(h.record()), h.record().value(), h.error());
        continue;
      }
      engine.onMarket(h.event());
      if (eventPaper.takeChanged()) {
        engine.syncOpenOrders();
      }
    }
    if (eventPaper.lateOrders() > lateOrdersReported) {
      lateOrdersReported = eventPaper.lateOrders();
      LOG.warn(
          "{} paper order(s) arrived after the market of their instrument had passed ts_signal +"
              + " latency; they met a later book (was the input declared ended too early?)",
          lateOrdersReported);
    }
    return n > 0;
  }

  private void onMarket(ConsumerRecord<byte[], byte[]> r) {
    MarketEvent e;
    try {
      e = Topics.MARKET_EVENTS.deserializeValue(r.value());
      if (e == null) {
        throw new MessageFormatException("empty value on md.events", null);
      }
    } catch (MessageFormatException ex) {
      engine.deadLetter(r.topic(), position(r), r.value(), ex.getMessage());
      return;
    }
    engine.onMarket(e);
    marketMoved = true;
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
        engine.deadLetter(r.topic(), position(r), r.value(), e.getMessage());
      }
      return;
    }
    engine.onControl(c, live, position(r));
  }

  /**
   * Replays ops.control from its start (no audit, no cancels) and positions md.events at its end.
   */
  private void restoreControlState() {
    List<TopicPartition> controlTopic = partitions(feedConsumer, Topics.CONTROL.name());
    List<TopicPartition> md = partitions(feedConsumer, Topics.MARKET_EVENTS.name());
    List<TopicPartition> all = new ArrayList<>(controlTopic);
    all.addAll(md);
    feedConsumer.assign(all);
    if (settings.eventClock()) {
      hold = new MarketHold(feedConsumer, md, HOLD_CAPACITY);
    }
    feedConsumer.seekToBeginning(controlTopic);
    feedConsumer.seekToEnd(md);
    md.forEach(feedConsumer::position);
    Map<TopicPartition, Long> end = feedConsumer.endOffsets(controlTopic);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (controlTopic.stream().anyMatch(tp -> feedConsumer.position(tp) < end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cannot read ops.control to its end within 60 s");
      }
      for (ConsumerRecord<byte[], byte[]> r : feedConsumer.poll(Duration.ofMillis(100))) {
        if (r.topic().equals(Topics.CONTROL.name())) {
          onControl(r, false);
        } else {
          onMarketRecord(r);
        }
      }
    }
    LOG.info("trading state restored from ops.control: {}", control);
  }
}
