package io.nqflow.flow.routing;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.WindowSlices;
import io.nqflow.flow.signal.Signals;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.jobs.common.ReferenceDataJoinOperator;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Trade;
import io.nqflow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins market events with instrument definitions, both keyed by instrument_id (run it in a {@link
 * io.nqflow.jobs.common.ReferenceDataJoinOperator} so definitions never move event time). Option
 * events leave as {@link OptionEvent}s for the keyed detectors; trades of futures leave as {@link
 * UnderlyingPrice}s on {@link FlowTags#UNDERLYING_PRICES}, and as {@link OptionEvent}s on {@link
 * FlowTags#FUTURES_TRADES} (the confirmation stage's hedge check). Events behind the watermark go
 * to {@link FlowTags#LATE_EVENTS}.
 *
 * <p>Events of an instrument whose definition has not arrived yet wait in keyed state, at most
 * {@code maxPendingEvents} of them and for {@code pendingTimeout} of wall-clock time, holding back
 * the watermark while they wait (see {@link ReferenceDataJoinOperator}); then they are
 * dead-lettered, each with the reason. A trade reaches the detectors once: per instrument and day
 * the first kind of trade record seen (a {@code Trade} payload or an MBO {@code T}) is the one
 * counted, and MBO {@code F} records (the resting side of the same trade) become {@link
 * EventKind#FILL}.
 */
public final class EventRouter
    extends KeyedCoProcessFunction<Long, MarketEvent, Instrument, OptionEvent>
    implements ReferenceDataJoinOperator.Holding, ReferenceDataJoinOperator.Expiring<Instrument> {
  /** Stage name in dead letters. */
  public static final String STAGE = "flow-detection/event-router";

  private static final int TRADES_FROM_TRADE_RECORDS = 1;
  private static final int TRADES_FROM_MBO = 2;

  private final long pendingTimeoutMillis;
  private final int maxPendingEvents;
  private final long retentionAfterExpiryNanos;
  private final java.time.Duration stateTtl;

  private transient ValueState<Instrument> definition;
  private transient ListState<MarketEvent> pending;
  private transient ValueState<Long> pendingSince;
  private transient ValueState<Long> pendingDeadline;
  private transient ReferenceDataJoinOperator.Holds holds;
  private transient LongConsumer outputTimestamp;
  private transient ValueState<Integer> pendingCount;
  private transient ValueState<Long> tradeSource;
  private transient ValueState<WindowSlices> tally;
  private final long tallySliceNanos;
  private transient Counter late;
  private transient Counter deadLetters;
  private transient Counter ignored;
  private transient Counter duplicateTrades;

  public EventRouter(FlowDetectionSettings settings) {
    this.pendingTimeoutMillis = settings.pendingTimeout().toMillis();
    this.maxPendingEvents = settings.maxPendingEvents();
    this.retentionAfterExpiryNanos = settings.retentionAfterExpiry().toNanos();
    this.stateTtl = settings.stateTtl();
    this.tallySliceNanos = settings.patternSettings().accumulationWithin().toNanos() / TALLY_SLICES;
  }

  /**
   * Slices of the running buy/sell tally each trade carries (see {@link OptionEvent#recentBuy}).
   */
  static final int TALLY_SLICES = 10;

  @Override
  public void open(OpenContext ctx) {
    definition = getRuntimeContext().getState(referenceState());
    pending =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>("pending", new AvroTypeInfo<>(MarketEvent.class)));
    pendingSince = getRuntimeContext().getState(holdState());
    pendingDeadline =
        getRuntimeContext().getState(new ValueStateDescriptor<>("pending-deadline", Types.LONG));
    pendingCount =
        getRuntimeContext().getState(new ValueStateDescriptor<>("pending-count", Types.INT));
    ValueStateDescriptor<Long> source = new ValueStateDescriptor<>("trade-source-day", Types.LONG);
    source.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
    tradeSource = getRuntimeContext().getState(source);
    ValueStateDescriptor<WindowSlices> tallyDescriptor =
        new ValueStateDescriptor<>("trade-tally", TypeInformation.of(WindowSlices.class));
    tallyDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
    tally = getRuntimeContext().getState(tallyDescriptor);
    var metrics = getRuntimeContext().getMetricGroup();
    late = metrics.counter("nqflow_late_events");
    deadLetters = metrics.counter("nqflow_dead_letters");
    ignored = metrics.counter("nqflow_events_ignored");
    duplicateTrades = metrics.counter("nqflow_duplicate_trades_ignored");
  }

  @Override
  public void processElement1(MarketEvent event, Context ctx, Collector<OptionEvent> out)
      throws Exception {
    Long ts = ctx.timestamp();
    if (ts != null && ts < ctx.timerService().currentWatermark()) {
      late.inc();
      ctx.output(FlowTags.LATE_EVENTS, event);
      return;
    }
    Instrument instrument = definition.value();
    if (instrument == null) {
      hold(event, ctx);
      return;
    }
    if (pendingSince.value() != null) {
      flushPending(instrument, ctx, out);
      if (ts != null) {
        outputTimestamp.accept(ts);
      }
    }
    route(event, instrument, ctx, out);
  }

  /** Keyed state: event time (ms) of the oldest event waiting for its definition. */
  @Override
  public ValueStateDescriptor<Long> holdState() {
    return new ValueStateDescriptor<>("pending-since", Types.LONG);
  }

  @Override
  public void bind(ReferenceDataJoinOperator.Holds holds, LongConsumer outputTimestamp) {
    this.holds = holds;
    this.outputTimestamp = outputTimestamp;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<OptionEvent> out)
      throws Exception {
    Instrument instrument = definition.value();
    // Only event-time timers measure expiry; the wall-clock deadline of waiting events does not.
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME
        && instrument != null
        && instrument.getExpiration() != null
        && timestamp >= expiryMillis(instrument)) {
      tradeSource.clear();
      tally.clear();
      if (timestamp >= expiryMillis(instrument) + DAY_MILLIS) {
        // Kept a day longer than the instrument's state, so stragglers still find it.
        definition.clear();
        instrument = null;
      }
    }
    if (pendingSince.value() == null) {
      return;
    }
    boolean endOfInput = ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp == Long.MAX_VALUE;
    boolean deadline =
        ctx.timeDomain() == TimeDomain.PROCESSING_TIME
            && Long.valueOf(timestamp).equals(pendingDeadline.value());
    if (instrument != null) {
      flushPending(instrument, ctx, out);
    } else if (endOfInput || deadline) {
      String why =
          endOfInput
              ? " on md.instruments by the end of the input"
              : " on md.instruments within " + pendingTimeoutMillis + " ms (wall clock)";
      for (MarketEvent e : pending.get()) {
        deadLetter(ctx, e, "no definition of instrument " + e.getInstrumentId() + why);
      }
      clearPending();
    }
  }

  @Override
  public void processElement2(Instrument instrument, Context ctx, Collector<OptionEvent> out)
      throws Exception {
    String problem = definitionProblem(instrument);
    if (problem != null) {
      deadLetters.inc();
      ctx.output(
          DeadLetters.TAG,
          DeadLetters.of(
              Topics.INSTRUMENTS.name(),
              STAGE,
              problem,
              Topics.INSTRUMENTS.serializeValue(instrument),
              "instrument " + instrument.getInstrumentId() + " ts_event " + instrument.getTsEvent(),
              EpochNanos.now()));
      return;
    }
    definition.update(instrument);
    if (instrument.getExpiration() != null) {
      ctx.timerService().registerEventTimeTimer(expiryMillis(instrument) + DAY_MILLIS);
    }
    // Events that waited for this definition go on now, each with its own time: they held the
    // operator's watermark back, so they are not late downstream.
    flushPending(instrument, ctx, out);
  }

  private static final long DAY_MILLIS = 86_400_000L;

  @Override
  public ValueStateDescriptor<Instrument> referenceState() {
    return new ValueStateDescriptor<>("definition", new AvroTypeInfo<>(Instrument.class));
  }

  @Override
  public long expiresAtMillis(Instrument i) {
    return i.getExpiration() == null ? Long.MAX_VALUE : EpochNanos.toMillis(i.getExpiration());
  }

  /** The definition goes a day after the rest of the key's state (see {@link #onTimer}). */
  @Override
  public long retiredAtMillis(Instrument i) {
    return i.getExpiration() == null ? Long.MAX_VALUE : expiryMillis(i) + DAY_MILLIS;
  }

  private long expiryMillis(Instrument i) {
    return EpochNanos.toMillis(i.getExpiration() + retentionAfterExpiryNanos);
  }

  /** Why a definition cannot be used, or null when it can. */
  static String definitionProblem(Instrument i) {
    InstrumentClass c = i.getInstrumentClass();
    if (c == InstrumentClass.CALL || c == InstrumentClass.PUT) {
      if (i.getStrikePrice() == null || i.getStrikePrice() <= 0) {
        return "option definition of instrument "
            + i.getInstrumentId()
            + " ("
            + i.getRawSymbol()
            + ") has no positive strike_price: "
            + i.getStrikePrice();
      }
      if (i.getUnitOfMeasureQty() <= 0) {
        return "option definition of instrument "
            + i.getInstrumentId()
            + " ("
            + i.getRawSymbol()
            + ") has no positive multiplier (unit_of_measure_qty): "
            + i.getUnitOfMeasureQty();
      }
    }
    return null;
  }

  private void hold(MarketEvent event, Context ctx) throws Exception {
    Integer count = pendingCount.value();
    int n = count == null ? 0 : count;
    if (n >= maxPendingEvents) {
      deadLetter(
          ctx,
          event,
          "no definition of instrument "
              + event.getInstrumentId()
              + " on md.instruments and "
              + n
              + " events already waiting for it");
      return;
    }
    pending.add(event);
    pendingCount.update(n + 1);
    long ts = EpochNanos.toMillis(event.getTsEvent());
    Long since = pendingSince.value();
    if (since == null || ts < since) {
      // The oldest waiting event holds back the operator's watermark (ReferenceDataJoinOperator).
      if (since != null) {
        holds.remove(since);
      }
      holds.add(ts);
      pendingSince.update(ts);
    }
    if (n == 0) {
      // Definitions may lag market data by a moment of wall-clock time (the inputs are read
      // independently), whatever the event time: the deadline is wall-clock time.
      long deadline = ctx.timerService().currentProcessingTime() + pendingTimeoutMillis;
      pendingDeadline.update(deadline);
      ctx.timerService().registerProcessingTimeTimer(deadline);
    }
  }

  private void flushPending(Instrument instrument, Context ctx, Collector<OptionEvent> out)
      throws Exception {
    if (pendingSince.value() == null) {
      return;
    }
    List<MarketEvent> waiting = new ArrayList<>();
    pending.get().forEach(waiting::add);
    for (MarketEvent e : waiting) {
      outputTimestamp.accept(EpochNanos.toMillis(e.getTsEvent()));
      route(e, instrument, ctx, out);
    }
    // Released only after the events went out, so the watermark cannot overtake them.
    clearPending();
  }

  private void clearPending() throws Exception {
    Long since = pendingSince.value();
    if (since != null) {
      holds.remove(since);
    }
    pending.clear();
    pendingSince.clear();
    pendingCount.clear();
    pendingDeadline.clear();
  }

  private void route(MarketEvent e, Instrument instrument, Context ctx, Collector<OptionEvent> out)
      throws Exception {
    InstrumentClass c = instrument.getInstrumentClass();
    boolean option = c == InstrumentClass.CALL || c == InstrumentClass.PUT;
    if (!option && c != InstrumentClass.FUTURE) {
      ignored.inc();
      return;
    }
    Object payload = e.getPayload();
    OptionEvent o;
    if (payload instanceof Trade t) {
      if (!countTrade(TRADES_FROM_TRADE_RECORDS, e.getTsEvent())) {
        return;
      }
      o = base(e, instrument, EventKind.TRADE);
      o.side = t.getSide();
      o.price = t.getPrice();
      o.size = t.getSize();
      o.depth = t.getDepth();
    } else if (payload instanceof Mbo m) {
      EventKind kind =
          switch (m.getAction()) {
            case TRADE -> EventKind.TRADE;
            case FILL -> EventKind.FILL;
            case ADD -> EventKind.ADD;
            case CANCEL -> EventKind.CANCEL;
            case MODIFY -> EventKind.MODIFY;
            case CLEAR -> EventKind.CLEAR;
            case NONE -> null;
          };
      if (kind == null
          || (kind == EventKind.TRADE && !countTrade(TRADES_FROM_MBO, e.getTsEvent()))) {
        if (kind == null) {
          ignored.inc();
        }
        return;
      }
      o = base(e, instrument, kind);
      o.side = m.getSide();
      o.price = m.getPrice();
      o.size = m.getSize();
      o.orderId = m.getOrderId();
      o.depth = -1;
    } else {
      // Quotes, statistics and status are not used by the detectors yet.
      ignored.inc();
      return;
    }
    if (o.kind == EventKind.TRADE && (o.price <= 0 || o.price == Long.MAX_VALUE || o.size <= 0)) {
      deadLetter(
          ctx,
          e,
          "impossible trade of instrument "
              + e.getInstrumentId()
              + ": price "
              + o.price
              + " (1e-9), size "
              + o.size);
      return;
    }
    if (option) {
      if (o.kind == EventKind.TRADE) {
        tallyTrade(o);
      }
      if (instrument.getExpiration() != null) {
        // Re-registering the same timer is a no-op; it clears this key's state after expiry.
        ctx.timerService().registerEventTimeTimer(expiryMillis(instrument));
      }
      out.collect(o);
    } else if (o.kind == EventKind.TRADE) {
      ctx.output(
          FlowTags.UNDERLYING_PRICES,
          new UnderlyingPrice(instrument.getRawSymbol(), o.price, o.tsEvent));
      ctx.output(FlowTags.FUTURES_TRADES, o);
    }
  }

  private void tallyTrade(OptionEvent o) throws Exception {
    WindowSlices t = tally.value();
    if (t == null) {
      t = WindowSlices.empty(TALLY_SLICES);
    }
    long slice = Math.floorDiv(o.tsEvent, tallySliceNanos);
    t.add(slice, o.tsEvent, o.size, Signals.sign(o.side), 0, 0);
    WindowSlices.Totals w = t.totals(slice);
    o.recentBuy = w.buyContracts;
    o.recentSell = w.sellContracts;
    tally.update(t);
  }

  /**
   * Whether trades of this record type are the ones counted for the current instrument. The choice
   * holds for a (UTC) day: a day replayed from trade records alone (history) must not make the next
   * day's MBO trades look like duplicates.
   */
  private boolean countTrade(int source, long tsEvent) throws Exception {
    long day = Math.floorDiv(tsEvent, DAY_NANOS);
    Long chosen = tradeSource.value();
    if (chosen == null || Math.floorDiv(chosen, TRADE_SOURCES) != day) {
      tradeSource.update(day * TRADE_SOURCES + source);
      return true;
    }
    if (Math.floorMod(chosen, TRADE_SOURCES) != source) {
      duplicateTrades.inc();
      return false;
    }
    return true;
  }

  private static final long TRADE_SOURCES = 4;
  private static final long DAY_NANOS = 86_400_000_000_000L;

  private static OptionEvent base(MarketEvent e, Instrument i, EventKind kind) {
    OptionEvent o = new OptionEvent();
    o.instrumentId = e.getInstrumentId();
    o.rawSymbol = i.getRawSymbol();
    o.underlying = i.getUnderlying();
    o.instrumentClass = i.getInstrumentClass();
    o.strike = i.getStrikePrice() == null ? 0 : i.getStrikePrice();
    o.expiration = i.getExpiration() == null ? 0 : i.getExpiration();
    o.multiplier = i.getUnitOfMeasureQty();
    o.tsEvent = e.getTsEvent();
    o.tsRecv = e.getTsRecv();
    o.sequence = e.getSequence();
    o.kind = kind;
    return o;
  }

  private void deadLetter(Context ctx, MarketEvent e, String reason) {
    deadLetters.inc();
    ctx.output(
        DeadLetters.TAG,
        DeadLetters.of(
            Topics.MARKET_EVENTS.name(),
            STAGE,
            reason,
            Topics.MARKET_EVENTS.serializeValue(e),
            "instrument "
                + e.getInstrumentId()
                + " ts_event "
                + e.getTsEvent()
                + " sequence "
                + e.getSequence(),
            EpochNanos.now()));
  }
}
