package io.nqflow.flow.ifd;

import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingHistory;
import io.nqflow.flow.UnderlyingPrice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Base of the keyed detectors: option events keyed by instrument_id, underlying prices as broadcast
 * state, and the choice between two orderings.
 *
 * <p>Aligned ({@code alignToWatermark}, the default): events wait in keyed state until the
 * watermark passes them and are then handled in ({@code ts_event}, {@code sequence}) order with the
 * underlying price as of their event time. Every run over the same input then gives the same
 * signals whatever the parallelism, partition read order or restarts; the price is latency of the
 * out-of-orderness bound plus the watermark interval. On arrival: events are handled at once in
 * Kafka order with the newest underlying price seen (lowest latency, for live trading).
 *
 * <p>An instrument's keyed state is removed {@code retentionAfterExpiry} after its expiration (an
 * event-time timer), and any state not written for {@code stateTtl} expires.
 */
public abstract class AlignedDetector<OUT>
    extends KeyedBroadcastProcessFunction<Long, OptionEvent, UnderlyingPrice, OUT> {
  /** Price history per underlying symbol. */
  public static final MapStateDescriptor<String, UnderlyingHistory> UNDERLYING =
      new MapStateDescriptor<>(
          "underlying-prices", Types.STRING, TypeInformation.of(UnderlyingHistory.class));

  private static final Comparator<OptionEvent> EVENT_ORDER =
      Comparator.<OptionEvent>comparingLong(e -> e.tsEvent).thenComparingLong(e -> e.sequence);

  protected final FlowDetectionSettings settings;
  private transient MapState<Long, List<OptionEvent>> waiting;
  private transient ValueState<Long> expiresAt;

  protected AlignedDetector(FlowDetectionSettings settings) {
    this.settings = settings;
  }

  /** Name prefix of this detector's keyed state. */
  protected abstract String stateName();

  /** Handles one option event in order, with the underlying price that applies to it. */
  protected abstract void handle(
      OptionEvent e, UnderlyingPrice underlying, Collector<OUT> out, ReadOnlyContext ctx)
      throws Exception;

  /** A timer of the subclass (any event-time timer that is not a flush of waiting events). */
  protected void onDetectorTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out)
      throws Exception {}

  /** Removes all of the subclass's keyed state of the current key (the instrument expired). */
  protected abstract void clearState() throws Exception;

  /** Time-to-live of the subclass's keyed state, for instruments that never expire. */
  protected final StateTtlConfig ttl() {
    return StateTtlConfig.newBuilder(settings.stateTtl())
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .build();
  }

  /**
   * Time-to-live for state that the subclass's own timers already remove (the patterns' runs): the
   * same expiry as {@link #ttl()}, but without Flink's incremental cleanup on every access, which
   * walks the state table's key groups and took nearly half of the keyed iceberg's CPU in a JFR
   * profile (its state is small and mostly empty); expired entries are left out of full snapshots.
   */
  protected final StateTtlConfig ttlCleanedByTimers() {
    return StateTtlConfig.newBuilder(settings.stateTtl())
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .disableCleanupInBackground()
        .cleanupFullSnapshot()
        .build();
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    waiting =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    stateName() + "-waiting",
                    Types.LONG,
                    Types.LIST(TypeInformation.of(OptionEvent.class))));
    ValueStateDescriptor<Long> expiry =
        new ValueStateDescriptor<>(stateName() + "-expires-at", Types.LONG);
    expiry.enableTimeToLive(ttl());
    expiresAt = getRuntimeContext().getState(expiry);
  }

  @Override
  public final void processBroadcastElement(UnderlyingPrice p, Context ctx, Collector<OUT> out)
      throws Exception {
    var state = ctx.getBroadcastState(UNDERLYING);
    UnderlyingHistory h = state.get(p.symbol);
    if (h == null) {
      h = UnderlyingHistory.empty(p.symbol);
    }
    h.add(p.tsEvent, p.price);
    state.put(p.symbol, h);
  }

  @Override
  public final void processElement(OptionEvent e, ReadOnlyContext ctx, Collector<OUT> out)
      throws Exception {
    if (e.expiration > 0 && expiresAt.value() == null) {
      // Nothing trades after expiry: the instrument's state is dropped shortly after it.
      long at = EpochNanos.toMillis(e.expiration + settings.retentionAfterExpiry().toNanos());
      expiresAt.update(at);
      ctx.timerService().registerEventTimeTimer(at);
    }
    Long ts = ctx.timestamp();
    if (!settings.alignToWatermark() || ts == null || ts <= ctx.currentWatermark()) {
      handle(e, underlying(e, ctx), out, ctx);
      return;
    }
    List<OptionEvent> at = waiting.get(ts);
    if (at == null) {
      at = new ArrayList<>(2);
      ctx.timerService().registerEventTimeTimer(ts);
    }
    at.add(e);
    waiting.put(ts, at);
  }

  @Override
  public final void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out)
      throws Exception {
    if (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.PROCESSING_TIME) {
      // A detector's own wall-clock timer (arrival mode): not an event time, so it neither
      // releases waiting events nor expires the instrument.
      onDetectorTimer(timestamp, ctx, out);
      return;
    }
    List<OptionEvent> due = waiting.get(timestamp);
    if (due != null) {
      waiting.remove(timestamp);
      due.sort(EVENT_ORDER);
      for (OptionEvent e : due) {
        handle(e, underlying(e, ctx), out, ctx);
      }
    }
    Long expiry = expiresAt.value();
    if (expiry != null && timestamp >= expiry) {
      waiting.clear();
      expiresAt.clear();
      clearState();
      return;
    }
    onDetectorTimer(timestamp, ctx, out);
  }

  private UnderlyingPrice underlying(OptionEvent e, ReadOnlyContext ctx) throws Exception {
    UnderlyingHistory h = ctx.getBroadcastState(UNDERLYING).get(e.underlying);
    if (h == null) {
      return null;
    }
    return settings.alignToWatermark() ? h.asOf(e.tsEvent) : h.latest();
  }
}
