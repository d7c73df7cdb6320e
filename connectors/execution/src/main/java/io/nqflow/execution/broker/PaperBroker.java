package io.nqflow.execution.broker;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.core.ids.Ids;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.market.TickGrid;
import io.nqflow.md.v1.MarketEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shadow-trading broker: orders are matched against the live book built from md.events. A
 * marketable limit fills at the touch up to the displayed size (never worse than its limit); the
 * rest rests and fills as the book moves or when trades print at or through its price. Orders
 * arrive after a latency measured in market time, fills carry a configurable adverse slippage in
 * ticks, bracket legs become active as the entry fills and share its filled quantity (one cancels
 * the other), a stop triggers when a trade prints at or through it and then takes the touch. Broker
 * order ids and execution ids are derived from the client order id, so a replay yields the same
 * ids.
 *
 * <p>Two clocks. On the <b>arrival</b> clock (live paper trading) an order becomes active at the
 * market time it is placed plus the latency, and fills carry the latest market time seen. On the
 * <b>event</b> clock (replays and backtests) an order becomes active at its signal's event time
 * ({@link OrderRequest#tsSignal()}) plus the latency, whenever it is placed: before the next event
 * of its instrument at or after that time is applied it meets the book as it stood then, and its
 * fills carry the event time of the event (or activation) that made them. Fed the same orders and,
 * per instrument, the same events in the same order, the event clock gives the same fills however
 * the placements and the events interleave, as long as every order is placed before its
 * instrument's market passes its activation time.
 */
public final class PaperBroker implements Broker {
  private final long latencyNs;
  private final int slippageTicks;
  private final boolean eventClock;

  private long marketTime = Long.MIN_VALUE;

  /** Event time stamped on fills: the market time (arrival clock) or the event's own (event). */
  private long fillTime = Long.MIN_VALUE;

  /** Event time of the last event applied per instrument (event clock). */
  private final Map<Long, Long> instrumentTime = new HashMap<>();

  private boolean changed;
  private long lateOrders;
  private final Map<Long, PaperBook> books = new HashMap<>();
  private final Map<String, PaperOrder> byId = new LinkedHashMap<>();
  private final Map<String, PaperOrder> byClientId = new HashMap<>();
  private final Map<Long, List<PaperOrder>> active = new HashMap<>();

  private enum Kind {
    LIMIT,
    STOP
  }

  private static final class PaperOrder {
    final String id;
    final String clientOrderId;
    final OrderRole role;
    final Kind kind;
    final long instrumentId;
    final String symbol;
    final OrderSide side;
    final int quantity;
    final long price;
    long arrivalNs;
    boolean live;
    BrokerOrderStatus status;
    String reason = "";
    int filled;
    boolean triggered;
    PaperOrder parent;
    PaperOrder stopLeg;
    PaperOrder targetLeg;
    final Map<Long, Long> consumed = new HashMap<>();
    final List<BrokerFill> fills = new ArrayList<>();

    PaperOrder(
        String id,
        String clientOrderId,
        OrderRole role,
        Kind kind,
        long instrumentId,
        String symbol,
        OrderSide side,
        int quantity,
        long price,
        BrokerOrderStatus status) {
      this.id = id;
      this.clientOrderId = clientOrderId;
      this.role = role;
      this.kind = kind;
      this.instrumentId = instrumentId;
      this.symbol = symbol;
      this.side = side;
      this.quantity = quantity;
      this.price = price;
      this.status = status;
    }

    boolean leg() {
      return parent != null;
    }

    BrokerOrder view() {
      return new BrokerOrder(id, clientOrderId, status, reason);
    }
  }

  /**
   * @param latency order arrival delay in market time
   * @param slippageTicks adverse slippage of every fill, in ticks of the option grid at the price
   *     ({@link TickGrid}: 0.05 up to 5.00, 0.25 above)
   */
  public PaperBroker(Duration latency, int slippageTicks) {
    this(latency, slippageTicks, false);
  }

  /**
   * @param latency order activation delay: after the market time of arrival (arrival clock) or
   *     after the signal's event time (event clock)
   * @param slippageTicks adverse slippage of every fill, in ticks of the option grid at the price
   * @param eventClock whether orders become active and fill in event time (see the class comment)
   */
  public PaperBroker(Duration latency, int slippageTicks, boolean eventClock) {
    this.eventClock = eventClock;
    if (latency.isNegative() || slippageTicks < 0) {
      throw new IllegalArgumentException(
          "paper broker: latency and slippage must be >= 0, got " + latency + ", " + slippageTicks);
    }
    this.latencyNs = latency.toNanos();
    this.slippageTicks = slippageTicks;
  }

  /** The paper broker with the settings' latency, slippage and clock (AUTO: arrival). */
  public static PaperBroker from(ExecutionSettings settings) {
    return new PaperBroker(
        settings.paperLatency(), settings.paperSlippageTicks(), settings.eventClock());
  }

  /** Whether orders become active and fill in event time. */
  public boolean eventClock() {
    return eventClock;
  }

  @Override
  public String name() {
    return "paper";
  }

  @Override
  public boolean simulated() {
    return true;
  }

  @Override
  public synchronized Placement place(OrderRequest r) throws BrokerException {
    if (byClientId.containsKey(r.clientOrderId())) {
      throw new BrokerException.Rejected("duplicate client order id " + r.clientOrderId());
    }
    if (r.quantity() <= 0 || r.limitPrice() <= 0) {
      throw new BrokerException.Rejected(
          "quantity and limit must be > 0, got " + r.quantity() + " @ " + r.limitPrice());
    }
    OrderRole role = r.bracketed() ? OrderRole.ENTRY : OrderRole.EXIT;
    PaperOrder entry =
        new PaperOrder(
            Ids.of("pord", r.clientOrderId()),
            r.clientOrderId(),
            role,
            Kind.LIMIT,
            r.instrumentId(),
            r.symbol(),
            r.side(),
            r.quantity(),
            r.limitPrice(),
            BrokerOrderStatus.WORKING);
    if (eventClock && r.tsSignal() > 0) {
      entry.arrivalNs = r.tsSignal() + latencyNs;
    } else {
      entry.arrivalNs = marketTime == Long.MIN_VALUE ? Long.MIN_VALUE : marketTime + latencyNs;
    }
    register(entry);
    if (r.bracketed()) {
      OrderSide exitSide = r.side() == OrderSide.BUY ? OrderSide.SELL : OrderSide.BUY;
      entry.stopLeg = leg(entry, OrderLeg.STOP_LOSS, Kind.STOP, exitSide, r.stopLossPrice());
      entry.targetLeg =
          leg(entry, OrderLeg.PROFIT_TARGET, Kind.LIMIT, exitSide, r.profitTargetPrice());
    }
    if (eventClock) {
      long now = instrumentTime.getOrDefault(r.instrumentId(), Long.MIN_VALUE);
      if (now != Long.MIN_VALUE && entry.arrivalNs <= now) {
        // Placed after its instrument's market passed its activation time: it meets the book of
        // now, not of then. An event-time run holds the market back so that this does not happen.
        lateOrders++;
        activate(r.instrumentId(), now);
      }
    } else if (entry.arrivalNs <= marketTime) {
      fillTime = marketTime;
      match(r.instrumentId(), null, marketTime);
    }
    return placement(entry);
  }

  private PaperOrder leg(PaperOrder entry, OrderLeg leg, Kind kind, OrderSide side, long price) {
    String coid = OrderRequest.legClientOrderId(entry.clientOrderId, leg);
    PaperOrder o =
        new PaperOrder(
            Ids.of("pord", coid),
            coid,
            leg.role(),
            kind,
            entry.instrumentId,
            entry.symbol,
            side,
            entry.quantity,
            price,
            BrokerOrderStatus.PENDING);
    o.parent = entry;
    register(o);
    return o;
  }

  private void register(PaperOrder o) {
    byId.put(o.id, o);
    byClientId.put(o.clientOrderId, o);
    active.computeIfAbsent(o.instrumentId, id -> new ArrayList<>()).add(o);
  }

  @Override
  public synchronized void cancel(String brokerOrderId) throws BrokerException {
    PaperOrder o = get(brokerOrderId);
    if (o.status.terminal()) {
      return;
    }
    if (o.leg()) {
      PaperOrder entry = o.parent;
      finish(entry.stopLeg, BrokerOrderStatus.CANCELLED, "cancelled");
      finish(entry.targetLeg, BrokerOrderStatus.CANCELLED, "cancelled");
      return;
    }
    o.status = BrokerOrderStatus.CANCELLED;
    o.reason = "cancelled";
    changed = true;
    closeBracket(o);
  }

  @Override
  public synchronized Optional<Placement> findByClientOrderId(String clientOrderId) {
    PaperOrder o = byClientId.get(clientOrderId);
    return o == null ? Optional.empty() : Optional.of(placement(o));
  }

  @Override
  public synchronized BrokerOrder order(String brokerOrderId) throws BrokerException {
    return get(brokerOrderId).view();
  }

  @Override
  public synchronized List<BrokerFill> fills(String brokerOrderId) throws BrokerException {
    return List.copyOf(get(brokerOrderId).fills);
  }

  @Override
  public synchronized List<BrokerPosition> positions() {
    Map<String, Integer> net = new LinkedHashMap<>();
    for (PaperOrder o : byId.values()) {
      for (BrokerFill f : o.fills) {
        net.merge(o.symbol, f.side() == OrderSide.BUY ? f.quantity() : -f.quantity(), Integer::sum);
      }
    }
    List<BrokerPosition> out = new ArrayList<>();
    net.forEach(
        (symbol, q) -> {
          if (q != 0) {
            out.add(new BrokerPosition(symbol, q));
          }
        });
    return out;
  }

  @Override
  public synchronized void onMarketEvent(MarketEvent event) {
    marketTime = Math.max(marketTime, event.getTsEvent());
    long instrument = event.getInstrumentId();
    long now = marketTime;
    if (eventClock) {
      now = Math.max(event.getTsEvent(), instrumentTime.getOrDefault(instrument, Long.MIN_VALUE));
      // Orders that became active since the instrument's last event meet the book as it stood.
      activate(instrument, now);
      instrumentTime.put(instrument, now);
    }
    PaperBook.Print print = books.computeIfAbsent(instrument, id -> new PaperBook()).apply(event);
    fillTime = now;
    match(instrument, print, now);
    if (event.getPayload() instanceof io.nqflow.md.v1.Mbo m
        && m.getAction() == io.nqflow.md.v1.Action.CLEAR) {
      forgetIfIdle(instrument);
    }
  }

  /**
   * After a book clear (a new session's snapshot, or an instrument that stops trading), drops the
   * instrument's book and clock unless a paper order still works on it: the broker then keeps the
   * books of the instruments trading now, not of every instrument ever listed.
   */
  private void forgetIfIdle(long instrument) {
    List<PaperOrder> working = active.get(instrument);
    if (working != null && !working.stream().allMatch(o -> o.status.terminal())) {
      return;
    }
    books.remove(instrument);
    active.remove(instrument);
    instrumentTime.remove(instrument);
  }

  /** Instruments whose book the broker holds (for tests and the soak). */
  synchronized int booksHeld() {
    return books.size();
  }

  /**
   * Event clock: matches the entries of {@code instrument} that are active at {@code now} and have
   * not met the book yet against the book as it stands, stamped with their activation time (never
   * before the instrument's last event).
   */
  private void activate(long instrument, long now) {
    List<PaperOrder> working = active.get(instrument);
    if (working == null) {
      return;
    }
    PaperBook book = books.computeIfAbsent(instrument, id -> new PaperBook());
    long last = instrumentTime.getOrDefault(instrument, Long.MIN_VALUE);
    for (PaperOrder o : List.copyOf(working)) {
      if (o.leg() || o.live || o.status.terminal() || o.arrivalNs > now) {
        continue;
      }
      o.live = true;
      fillTime = Math.max(o.arrivalNs, last);
      matchEntry(o, book, null);
    }
    working.removeIf(o -> o.status.terminal());
  }

  /**
   * Whether an order filled or ended since the last call (event clock: the service then records it
   * before it applies the next event); clears the flag.
   */
  public synchronized boolean takeChanged() {
    boolean c = changed;
    changed = false;
    return c;
  }

  /**
   * Orders placed after the market of their instrument had passed their activation time (event
   * clock): they met a later book than their signal's. Zero in a run that holds the market back.
   */
  public synchronized long lateOrders() {
    return lateOrders;
  }

  /** Client order ids of every order the broker holds, bracket legs included. */
  public synchronized List<String> clientOrderIds() {
    return byId.values().stream().map(o -> o.clientOrderId).toList();
  }

  /** Market time of the last event seen, ns since the epoch. */
  public synchronized long marketTime() {
    return marketTime;
  }

  private void match(long instrumentId, PaperBook.Print print, long now) {
    PaperBook book = books.computeIfAbsent(instrumentId, id -> new PaperBook());
    List<PaperOrder> working = active.computeIfAbsent(instrumentId, id -> new ArrayList<>());
    for (PaperOrder o : List.copyOf(working)) {
      if (o.status.terminal()) {
        continue;
      }
      if (o.leg()) {
        matchLeg(o, book, print);
      } else if (o.arrivalNs <= now) {
        o.live = true;
        matchEntry(o, book, print);
      }
    }
    working.removeIf(o -> o.status.terminal());
  }

  private void matchEntry(PaperOrder o, PaperBook book, PaperBook.Print print) {
    matchLimit(o, book, print, o.quantity - o.filled);
    if (o.filled == o.quantity) {
      o.status = BrokerOrderStatus.FILLED;
      closeBracket(o);
    }
  }

  private void matchLeg(PaperOrder o, PaperBook book, PaperBook.Print print) {
    PaperOrder entry = o.parent;
    int open = entry.filled - entry.stopLeg.filled - entry.targetLeg.filled;
    if (open <= 0) {
      return;
    }
    o.status = BrokerOrderStatus.WORKING;
    if (o.kind == Kind.LIMIT) {
      matchLimit(o, book, print, open);
    } else {
      if (!o.triggered && print != null && stopTriggered(o.side, print.price(), o.price)) {
        o.triggered = true;
      }
      if (o.triggered) {
        matchMarket(o, book, print, open);
      }
    }
    closeBracket(entry);
  }

  /** A limit takes the displayed touch it crosses, then any trade printing at or through it. */
  private void matchLimit(PaperOrder o, PaperBook book, PaperBook.Print print, int remaining) {
    Map.Entry<Long, Long> touch = o.side == OrderSide.BUY ? book.bestAsk() : book.bestBid();
    if (touch != null && atOrThrough(o.side, touch.getKey(), o.price)) {
      long available = touch.getValue() - o.consumed.getOrDefault(touch.getKey(), 0L);
      int q = (int) Math.min(remaining, Math.max(0, available));
      if (q > 0) {
        long px = slip(o.side, touch.getKey());
        px = o.side == OrderSide.BUY ? Math.min(px, o.price) : Math.max(px, o.price);
        fill(o, q, px);
        o.consumed.merge(touch.getKey(), (long) q, Long::sum);
        remaining -= q;
      }
    }
    if (remaining > 0 && print != null && atOrThrough(o.side, print.price(), o.price)) {
      int q = (int) Math.min(remaining, print.size());
      if (q > 0) {
        fill(o, q, o.price);
      }
    }
  }

  /**
   * A triggered stop takes the displayed touch, or the print when that side of the book is empty.
   */
  private void matchMarket(PaperOrder o, PaperBook book, PaperBook.Print print, int remaining) {
    Map.Entry<Long, Long> touch = o.side == OrderSide.BUY ? book.bestAsk() : book.bestBid();
    if (touch != null) {
      long available = touch.getValue() - o.consumed.getOrDefault(touch.getKey(), 0L);
      int q = (int) Math.min(remaining, Math.max(0, available));
      if (q > 0) {
        fill(o, q, slip(o.side, touch.getKey()));
        o.consumed.merge(touch.getKey(), (long) q, Long::sum);
      }
    } else if (print != null) {
      fill(o, remaining, slip(o.side, print.price()));
    }
  }

  private void fill(PaperOrder o, int quantity, long price) {
    String executionId = Ids.of("pfill", o.id, o.fills.size());
    o.fills.add(new BrokerFill(executionId, o.id, o.side, quantity, price, fillTime));
    o.filled += quantity;
    changed = true;
  }

  /** Ends the legs once the entry is done and every contract it bought is closed. */
  private void closeBracket(PaperOrder entry) {
    if (entry.stopLeg == null || !entry.status.terminal()) {
      return;
    }
    int open = entry.filled - entry.stopLeg.filled - entry.targetLeg.filled;
    if (open > 0) {
      return;
    }
    for (PaperOrder leg : List.of(entry.stopLeg, entry.targetLeg)) {
      if (leg.filled > 0) {
        finish(leg, BrokerOrderStatus.FILLED, "");
      } else {
        finish(leg, BrokerOrderStatus.CANCELLED, entry.filled > 0 ? "OCO" : "entry not filled");
      }
    }
  }

  private static void finish(PaperOrder o, BrokerOrderStatus status, String reason) {
    if (!o.status.terminal()) {
      o.status = status;
      o.reason = reason;
    }
  }

  /** {@code price} moved {@code slippageTicks} grid ticks against the order, never below a tick. */
  private long slip(OrderSide side, long price) {
    long p = price;
    for (int i = 0; i < slippageTicks; i++) {
      p = side == OrderSide.BUY ? TickGrid.up(p) : Math.max(TickGrid.FINE_TICK, TickGrid.down(p));
    }
    return p;
  }

  /** Whether {@code price} is at or better than {@code limit} for an order on {@code side}. */
  private static boolean atOrThrough(OrderSide side, long price, long limit) {
    return side == OrderSide.BUY ? price <= limit : price >= limit;
  }

  /** A sell stop triggers at or below its price, a buy stop at or above. */
  private static boolean stopTriggered(OrderSide side, long price, long stop) {
    return side == OrderSide.SELL ? price <= stop : price >= stop;
  }

  private PaperOrder get(String brokerOrderId) throws BrokerException.NotFound {
    PaperOrder o = byId.get(brokerOrderId);
    if (o == null) {
      throw new BrokerException.NotFound("paper broker has no order " + brokerOrderId);
    }
    return o;
  }

  private Placement placement(PaperOrder o) {
    return new Placement(
        o.view(),
        Optional.ofNullable(o.stopLeg).map(PaperOrder::view),
        Optional.ofNullable(o.targetLeg).map(PaperOrder::view));
  }
}
