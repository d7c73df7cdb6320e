package io.nqflow.chain;

import io.nqflow.chain.model.ChainModel;
import io.nqflow.chain.model.ChainModels;
import io.nqflow.chain.state.ContractState;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.signals.v1.Opportunity;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The chain state of one underlying (keyed by its symbol) and its rankings. Every contract's
 * session state lives in {@code MapState<instrument_id, ContractState>}; each market event
 * registers an event-time timer at the next multiple of {@code chain.interval} (since the UNIX
 * epoch), where the chain is ranked ({@link ChainRanking}) and its top setups leave as {@link
 * Opportunity} records with {@code ts_event} = the timer's time. A last timer at the end of time
 * ranks the chain once more when the input ends, as of its last event, if events came after the
 * last ranking. Options a day past their expiry leave the state at a ranking.
 *
 * <p>Metrics: {@code nqflow_chain_rankings}, {@code nqflow_chain_rankings_without_chain}, {@code
 * nqflow_opportunities}, {@code nqflow_chain_events_without_definition} and the gauge {@code
 * nqflow_chain_last_ranking_latency_ms} (wall clock at emission minus the ranking's event time).
 */
public final class ChainRanker extends KeyedProcessFunction<String, ChainEvent, Opportunity> {
  /** Creates the model in each task (models need not be serializable; the settings are). */
  @FunctionalInterface
  public interface ModelFactory extends Serializable {
    ChainModel create(ChainAnalyticsSettings settings);
  }

  /** The type of the contracts' state: a POJO, never Kryo (a savepoint holds its fields). */
  public static final TypeInformation<ContractState> CONTRACT_STATE =
      Types.POJO(ContractState.class);

  private static final long DAY_NANOS = 86_400_000_000_000L;
  private static final long END_OF_TIME = Long.MAX_VALUE;

  private final ChainAnalyticsSettings settings;
  private final ModelFactory models;
  private final long intervalMillis;

  private transient MapState<Long, ContractState> contracts;
  private transient ValueState<Long> lastEventNs;
  private transient ValueState<Long> lastRankedNs;
  private transient ListState<ChainEvent> deferred;
  private transient ChainRanking ranking;
  private transient Counter rankings;
  private transient Counter withoutChain;
  private transient Counter opportunities;
  private transient Counter withoutDefinition;
  private transient volatile long lastLatencyMs;

  public ChainRanker(ChainAnalyticsSettings settings) {
    this(settings, ChainModels::create);
  }

  public ChainRanker(ChainAnalyticsSettings settings, ModelFactory models) {
    this.settings = settings;
    this.models = models;
    this.intervalMillis = settings.interval().toMillis();
    if (intervalMillis <= 0) {
      throw new IllegalArgumentException(
          "chain.interval must be at least 1 ms, got " + settings.interval());
    }
  }

  /** The state descriptor of the contracts (tests check its serializer). */
  public static MapStateDescriptor<Long, ContractState> contractsDescriptor() {
    return new MapStateDescriptor<>("contracts", Types.LONG, CONTRACT_STATE);
  }

  @Override
  public void open(OpenContext ctx) {
    var rc = getRuntimeContext();
    contracts = rc.getMapState(contractsDescriptor());
    lastEventNs = rc.getState(new ValueStateDescriptor<>("last-event-ns", Types.LONG));
    lastRankedNs = rc.getState(new ValueStateDescriptor<>("last-ranked-ns", Types.LONG));
    deferred = rc.getListState(new ListStateDescriptor<>("deferred", Types.POJO(ChainEvent.class)));
    ranking =
        new ChainRanking(
            models.create(settings),
            new OpportunityMapper(settings.variant(), settings.black76().fallbackVol()),
            settings.top());
    MetricGroup g = rc.getMetricGroup();
    rankings = g.counter("nqflow_chain_rankings");
    withoutChain = g.counter("nqflow_chain_rankings_without_chain");
    opportunities = g.counter("nqflow_opportunities");
    withoutDefinition = g.counter("nqflow_chain_events_without_definition");
    g.gauge("nqflow_chain_last_ranking_latency_ms", (Gauge<Long>) () -> lastLatencyMs);
  }

  @Override
  public void processElement(ChainEvent e, Context ctx, Collector<Opportunity> out)
      throws Exception {
    if (e.kind == ChainEvent.Kind.DEFINITION) {
      define(e);
      return;
    }
    long ms = EpochNanos.toMillis(e.tsEvent);
    long boundary = boundaryAfter(ms);
    ctx.timerService().registerEventTimeTimer(boundary);
    ctx.timerService().registerEventTimeTimer(END_OF_TIME);
    if (ms >= boundaryAfter(ctx.timerService().currentWatermark())) {
      // At or after the next ranking due: applied when that ranking has been made, so a ranking
      // sees exactly the events before its time whenever the watermark arrives.
      deferred.add(e);
    } else {
      apply(e);
    }
  }

  /** The first multiple of the interval after {@code ms}. */
  private long boundaryAfter(long ms) {
    return (Math.floorDiv(ms, intervalMillis) + 1) * intervalMillis;
  }

  private void apply(ChainEvent e) throws Exception {
    ContractState s = contracts.get(e.instrumentId);
    if (s == null) {
      // The router sends a definition before any event of its instrument: only a state restored
      // without it can get here.
      withoutDefinition.inc();
      return;
    }
    switch (e.kind) {
      case TRADE -> s.onTrade(e.tsEvent, e.price, e.size, e.aggressor);
      case OPEN_INTEREST -> s.onOpenInterest(e.size);
      case TOP_OF_BOOK -> s.onTopOfBook(e.bid, e.ask);
      default -> throw new IllegalStateException("unexpected chain event " + e);
    }
    contracts.put(e.instrumentId, s);
    Long last = lastEventNs.value();
    if (last == null || e.tsEvent > last) {
      lastEventNs.update(e.tsEvent);
    }
  }

  /** Applies the deferred events before {@code ms} (all of them for the end of time). */
  private void applyDeferred(long ms) throws Exception {
    List<ChainEvent> keep = new ArrayList<>();
    boolean any = false;
    for (ChainEvent e : deferred.get()) {
      any = true;
      if (ms == END_OF_TIME || EpochNanos.toMillis(e.tsEvent) < ms) {
        apply(e);
      } else {
        keep.add(e);
      }
    }
    if (any) {
      deferred.update(keep);
    }
  }

  private void define(ChainEvent e) throws Exception {
    ContractState s = contracts.get(e.instrumentId);
    ContractState d =
        e.future
            ? ContractState.future(e.instrumentId, e.symbol, e.multiplier)
            : ContractState.option(
                e.instrumentId,
                e.symbol,
                e.underlying,
                e.strike,
                e.call,
                e.expirationNs,
                e.multiplier);
    if (s == null) {
      contracts.put(e.instrumentId, d);
      return;
    }
    // A definition read again (a restart re-reads the compacted topic) keeps the session's data.
    s.symbol = d.symbol;
    s.underlying = d.underlying;
    s.strike = d.strike;
    s.call = d.call;
    s.future = d.future;
    s.expirationNs = d.expirationNs;
    s.multiplier = d.multiplier;
    contracts.put(e.instrumentId, s);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Opportunity> out)
      throws Exception {
    applyDeferred(timestamp);
    Long last = lastEventNs.value();
    Long ranked = lastRankedNs.value();
    long asOf;
    if (timestamp == END_OF_TIME) {
      if (last == null || (ranked != null && ranked >= last)) {
        return;
      }
      asOf = last;
    } else {
      asOf = EpochNanos.ofMillis(timestamp);
    }
    rank(ctx.getCurrentKey(), asOf, out);
    lastRankedNs.update(asOf);
  }

  private void rank(String underlying, long asOfNs, Collector<Opportunity> out) throws Exception {
    List<ContractState> all = new ArrayList<>();
    List<Long> expired = new ArrayList<>();
    for (Map.Entry<Long, ContractState> e : contracts.entries()) {
      ContractState s = e.getValue();
      if (!s.future && s.expirationNs + DAY_NANOS < asOfNs) {
        expired.add(e.getKey());
      } else {
        all.add(s);
      }
    }
    for (Long id : expired) {
      contracts.remove(id);
    }
    ChainRanking.Ranked r = ranking.rank(underlying, all, asOfNs);
    rankings.inc();
    if (r.result() == null) {
      withoutChain.inc();
      return;
    }
    for (Opportunity o : r.opportunities()) {
      out.collect(o);
    }
    opportunities.inc(r.opportunities().size());
    lastLatencyMs = (EpochNanos.now() - asOfNs) / 1_000_000L;
  }
}
