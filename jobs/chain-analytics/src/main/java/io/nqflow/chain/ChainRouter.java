package io.nqflow.chain;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.jobs.common.ReferenceDataJoinOperator;
import io.nqflow.market.Prices;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.Statistic;
import io.nqflow.md.v1.Trade;
import io.nqflow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The chain job's first stage, keyed by instrument_id and run in a {@link
 * ReferenceDataJoinOperator}: joins md.events with md.instruments and turns what the chain state
 * reads into {@link ChainEvent}s keyed by underlying. A definition of a call, put or future goes on
 * as a {@link ChainEvent.Kind#DEFINITION}; then its trades ({@code Trade} payloads, or MBO {@code
 * T} records: per instrument and UTC day the first kind seen is the one counted), open interest
 * (statistic type 9) and top of book ({@code Quote} payloads, level 0). The rest of an MBO book
 * (adds, cancels, modifies, fills) is not read: without a quote stream the job's marks are last
 * prices.
 *
 * <p>An instrument's definition is kept until two days after its expiry (event time). Events of an
 * instrument whose definition has not arrived wait in keyed state, at most {@link #MAX_PENDING} of
 * them and {@link #PENDING_TIMEOUT_MILLIS} of wall-clock time, holding back the watermark; then
 * they are dead-lettered with the reason, as are late events, impossible trades and unusable
 * definitions.
 */
public final class ChainRouter
    extends KeyedCoProcessFunction<Long, MarketEvent, Instrument, ChainEvent>
    implements ReferenceDataJoinOperator.Holding, ReferenceDataJoinOperator.Expiring<Instrument> {
  /** Stage name in dead letters. */
  public static final String STAGE = "chain-analytics/router";

  /** Events that may wait for one instrument's definition; more are dead-lettered at once. */
  static final int MAX_PENDING = 200_000;

  /** How long (wall clock) events wait for their instrument's definition. */
  static final long PENDING_TIMEOUT_MILLIS = 60_000L;

  /** Databento StatType of open interest. */
  static final int STAT_OPEN_INTEREST = 9;

  private static final int STAT_NEW = 1;
  private static final long TRADES_FROM_TRADE_RECORDS = 1;
  private static final long TRADES_FROM_MBO = 2;
  private static final long TRADE_SOURCES = 4;
  private static final long DAY_NANOS = 86_400_000_000_000L;

  private transient ValueState<Instrument> definition;
  private transient ListState<MarketEvent> pending;
  private transient ValueState<Long> pendingSince;
  private transient ValueState<Integer> pendingCount;
  private transient ValueState<Long> pendingDeadline;
  private transient ValueState<Long> tradeSource;
  private transient ReferenceDataJoinOperator.Holds holds;
  private transient LongConsumer outputTimestamp;
  private transient Counter late;
  private transient Counter deadLetters;
  private transient Counter ignored;
  private transient Counter duplicateTrades;

  @Override
  public void open(OpenContext ctx) {
    var rc = getRuntimeContext();
    definition = rc.getState(referenceState());
    pending =
        rc.getListState(
            new ListStateDescriptor<>("pending", new AvroTypeInfo<>(MarketEvent.class)));
    pendingSince = rc.getState(holdState());
    pendingCount = rc.getState(new ValueStateDescriptor<>("pending-count", Types.INT));
    pendingDeadline = rc.getState(new ValueStateDescriptor<>("pending-deadline", Types.LONG));
    tradeSource = rc.getState(new ValueStateDescriptor<>("trade-source-day", Types.LONG));
    var metrics = rc.getMetricGroup();
    late = metrics.counter("nqflow_late_events");
    deadLetters = metrics.counter("nqflow_dead_letters");
    ignored = metrics.counter("nqflow_events_ignored");
    duplicateTrades = metrics.counter("nqflow_duplicate_trades_ignored");
  }

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
  public void processElement1(MarketEvent event, Context ctx, Collector<ChainEvent> out)
      throws Exception {
    Long ts = ctx.timestamp();
    if (ts != null && ts < ctx.timerService().currentWatermark()) {
      late.inc();
      deadLetter(
          ctx,
          event,
          "late market event: ts_event "
              + event.getTsEvent()
              + " arrived behind the watermark (allowed out-of-orderness exceeded)");
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

  @Override
  public void processElement2(Instrument instrument, Context ctx, Collector<ChainEvent> out)
      throws Exception {
    InstrumentClass c = instrument.getInstrumentClass();
    boolean used =
        c == InstrumentClass.CALL || c == InstrumentClass.PUT || c == InstrumentClass.FUTURE;
    String problem = used ? definitionProblem(instrument) : null;
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
    if (used) {
      out.collect(definitionEvent(instrument));
    }
    if (instrument.getExpiration() != null) {
      ctx.timerService().registerEventTimeTimer(retiredMillis(instrument));
    }
    flushPending(instrument, ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ChainEvent> out)
      throws Exception {
    Instrument instrument = definition.value();
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME
        && timestamp != Long.MAX_VALUE
        && instrument != null
        && instrument.getExpiration() != null
        && timestamp >= retiredMillis(instrument)) {
      // Kept after expiry for stragglers (the ranker drops the option a day after it); then gone.
      definition.clear();
      tradeSource.clear();
      instrument = null;
    }
    if (pendingSince.value() == null) {
      return;
    }
    if (instrument != null) {
      flushPending(instrument, ctx, out);
      return;
    }
    boolean endOfInput = ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp == Long.MAX_VALUE;
    boolean deadline =
        ctx.timeDomain() == TimeDomain.PROCESSING_TIME
            && Long.valueOf(timestamp).equals(pendingDeadline.value());
    if (endOfInput || deadline) {
      String why =
          endOfInput
              ? " on md.instruments by the end of the input"
              : " on md.instruments within " + PENDING_TIMEOUT_MILLIS + " ms (wall clock)";
      for (MarketEvent e : pending.get()) {
        deadLetter(ctx, e, "no definition of instrument " + e.getInstrumentId() + why);
      }
      clearPending();
    }
  }

  /** How long after its expiry an instrument's definition and trade source are kept. */
  static final long RETENTION_AFTER_EXPIRY_NANOS = 2 * DAY_NANOS;

  /** Event time (ms) at which an expired instrument's state is cleared. */
  private static long retiredMillis(Instrument i) {
    return EpochNanos.toMillis(i.getExpiration() + RETENTION_AFTER_EXPIRY_NANOS);
  }

  @Override
  public ValueStateDescriptor<Instrument> referenceState() {
    return new ValueStateDescriptor<>("definition", new AvroTypeInfo<>(Instrument.class));
  }

  @Override
  public long expiresAtMillis(Instrument i) {
    return i.getExpiration() == null ? Long.MAX_VALUE : EpochNanos.toMillis(i.getExpiration());
  }

  @Override
  public long retiredAtMillis(Instrument i) {
    return i.getExpiration() == null ? Long.MAX_VALUE : retiredMillis(i);
  }

  /** Why a call, put or future definition cannot be used, or null when it can. */
  static String definitionProblem(Instrument i) {
    String what = "definition of instrument " + i.getInstrumentId() + " (" + i.getRawSymbol() + ")";
    if (i.getUnitOfMeasureQty() <= 0) {
      return what + " has no positive multiplier (unit_of_measure_qty): " + i.getUnitOfMeasureQty();
    }
    if (i.getInstrumentClass() == InstrumentClass.FUTURE) {
      return null;
    }
    if (i.getStrikePrice() == null || i.getStrikePrice() <= 0) {
      return what + " has no positive strike_price: " + i.getStrikePrice();
    }
    if (i.getExpiration() == null) {
      return what + " has no expiration";
    }
    if (i.getUnderlying() == null || i.getUnderlying().isEmpty()) {
      return what + " names no underlying";
    }
    return null;
  }

  /** The definition as the chain state reads it. */
  static ChainEvent definitionEvent(Instrument i) {
    ChainEvent e = new ChainEvent();
    e.kind = ChainEvent.Kind.DEFINITION;
    e.instrumentId = i.getInstrumentId();
    e.tsEvent = i.getTsEvent();
    e.symbol = i.getRawSymbol();
    e.future = i.getInstrumentClass() == InstrumentClass.FUTURE;
    e.call = i.getInstrumentClass() == InstrumentClass.CALL;
    e.underlying = e.future ? i.getRawSymbol() : i.getUnderlying();
    e.strike = i.getStrikePrice() == null ? 0 : Prices.toDouble(i.getStrikePrice());
    e.expirationNs = i.getExpiration() == null ? 0 : i.getExpiration();
    e.multiplier = Prices.toDouble(i.getUnitOfMeasureQty());
    e.bid = Double.NaN;
    e.ask = Double.NaN;
    e.price = Double.NaN;
    return e;
  }

  private void route(MarketEvent e, Instrument instrument, Context ctx, Collector<ChainEvent> out)
      throws Exception {
    InstrumentClass c = instrument.getInstrumentClass();
    if (c != InstrumentClass.CALL && c != InstrumentClass.PUT && c != InstrumentClass.FUTURE) {
      ignored.inc();
      return;
    }
    Object payload = e.getPayload();
    ChainEvent o;
    if (payload instanceof Trade t) {
      if (!countTrade(TRADES_FROM_TRADE_RECORDS, e.getTsEvent())) {
        return;
      }
      o = trade(e, instrument, t.getPrice(), t.getSize(), t.getSide());
    } else if (payload instanceof Mbo m && m.getAction() == Action.TRADE) {
      if (!countTrade(TRADES_FROM_MBO, e.getTsEvent())) {
        return;
      }
      o = trade(e, instrument, m.getPrice(), m.getSize(), m.getSide());
    } else if (payload instanceof Statistic s
        && s.getStatType() == STAT_OPEN_INTEREST
        && s.getUpdateAction() == STAT_NEW
        && s.getQuantity() != null) {
      o = base(e, instrument, ChainEvent.Kind.OPEN_INTEREST);
      o.size = s.getQuantity();
    } else if (payload instanceof Quote q && !q.getLevels().isEmpty()) {
      BookLevel top = q.getLevels().get(0);
      o = base(e, instrument, ChainEvent.Kind.TOP_OF_BOOK);
      o.bid = top.getBidPx() == null ? Double.NaN : Prices.toDouble(top.getBidPx());
      o.ask = top.getAskPx() == null ? Double.NaN : Prices.toDouble(top.getAskPx());
    } else {
      // The rest of an MBO book, other statistics and status: the chain state does not read them.
      ignored.inc();
      return;
    }
    if (o.kind == ChainEvent.Kind.TRADE && !(o.price > 0 && o.size > 0)) {
      deadLetter(
          ctx,
          e,
          "impossible trade of instrument "
              + e.getInstrumentId()
              + ": price "
              + o.price
              + " points, size "
              + o.size);
      return;
    }
    out.collect(o);
  }

  private static ChainEvent trade(MarketEvent e, Instrument i, long price, long size, Side side) {
    ChainEvent o = base(e, i, ChainEvent.Kind.TRADE);
    o.price = price == Long.MAX_VALUE ? Double.NaN : Prices.toDouble(price);
    o.size = size;
    o.aggressor = side == Side.BID ? 'B' : side == Side.ASK ? 'A' : 'N';
    return o;
  }

  private static ChainEvent base(MarketEvent e, Instrument i, ChainEvent.Kind kind) {
    ChainEvent o = new ChainEvent();
    o.kind = kind;
    o.instrumentId = e.getInstrumentId();
    o.underlying =
        i.getInstrumentClass() == InstrumentClass.FUTURE ? i.getRawSymbol() : i.getUnderlying();
    o.tsEvent = e.getTsEvent();
    o.price = Double.NaN;
    o.bid = Double.NaN;
    o.ask = Double.NaN;
    o.aggressor = 'N';
    return o;
  }

  /**
   * Whether trades of this record type are the ones counted for the instrument: per UTC day the
   * first type seen (a feed with trades and an MBO book reports each trade twice).
   */
  private boolean countTrade(long source, long tsEvent) throws Exception {
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

  private void hold(MarketEvent event, Context ctx) throws Exception {
    Integer count = pendingCount.value();
    int n = count == null ? 0 : count;
    if (n >= MAX_PENDING) {
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
      if (since != null) {
        holds.remove(since);
      }
      holds.add(ts);
      pendingSince.update(ts);
    }
    if (n == 0) {
      long deadline = ctx.timerService().currentProcessingTime() + PENDING_TIMEOUT_MILLIS;
      pendingDeadline.update(deadline);
      ctx.timerService().registerProcessingTimeTimer(deadline);
    }
  }

  private void flushPending(Instrument instrument, Context ctx, Collector<ChainEvent> out)
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
