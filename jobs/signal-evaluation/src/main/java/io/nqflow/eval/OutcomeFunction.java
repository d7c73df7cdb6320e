package io.nqflow.eval;

import io.nqflow.core.time.EpochNanos;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.market.EntryBracket;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Outcomes of the signals of one instrument (keyed by instrument id), in event time. Prints and
 * signals wait in state until the watermark passes them and are then applied in ts_event order, so
 * the same input gives the same outcomes at any replay speed. A signal that arrives behind the
 * watermark (within {@code evaluation.retention}) is followed from its own event time over the
 * prints kept in a {@link PricePath}. An outcome is emitted once its trade closed and the watermark
 * passed {@code max(ts_exit, ts_signal + evaluation.join_wait)}; a risk decision or an entry fill
 * that arrives after that emits the record again, updated (same key). At the end of a bounded input
 * every open trade closes as EXPIRY at its last price.
 */
public final class OutcomeFunction extends KeyedProcessFunction<Long, EvalEvent, SignalOutcome> {
  static final String STAGE = "signal-evaluation";
  private static final long END_OF_TIME = Long.MAX_VALUE;
  private static final long MS = 1_000_000L;
  private static final String DECISION = "d:";
  private static final String FILL = "f:";

  private static final Comparator<EvalEvent> EVENT_ORDER =
      Comparator.<EvalEvent>comparingLong(e -> e.tsNs)
          .thenComparing(e -> e.kind)
          .thenComparingLong(e -> e.sequence);

  private final EvaluationSettings settings;

  /** Prints and signals ahead of the watermark, by their event time's ms (their timer). */
  private transient MapState<Long, List<EvalEvent>> pending;

  private transient ValueState<PricePath> path;
  private transient MapState<String, ShadowTrade> trades;
  private transient MapState<String, EvalEvent> joins;

  public OutcomeFunction(EvaluationSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext ctx) {
    var rc = getRuntimeContext();
    pending =
        rc.getMapState(
            new MapStateDescriptor<>(
                "pending", Types.LONG, Types.LIST(Types.POJO(EvalEvent.class))));
    path = rc.getState(new ValueStateDescriptor<>("path", Types.POJO(PricePath.class)));
    trades =
        rc.getMapState(
            new MapStateDescriptor<>("trades", Types.STRING, Types.POJO(ShadowTrade.class)));
    joins =
        rc.getMapState(
            new MapStateDescriptor<>("joins", Types.STRING, Types.POJO(EvalEvent.class)));
  }

  @Override
  public void processElement(EvalEvent e, Context ctx, Collector<SignalOutcome> out)
      throws Exception {
    long wm = ctx.timerService().currentWatermark();
    ctx.timerService().registerEventTimeTimer(END_OF_TIME);
    switch (e.kind) {
      case PRINT -> {
        if (e.tsMs() <= wm) {
          ctx.output(DeadLetters.TAG, late(e, "print arrived behind the watermark"));
        } else {
          hold(e, ctx);
        }
      }
      case SIGNAL -> {
        if (e.tsMs() > wm) {
          hold(e, ctx);
        } else {
          openLate(e.signal, wm, ctx);
        }
      }
      case DECISION, FILL -> join(e, ctx, out);
    }
  }

  @Override
  public void onTimer(long t, OnTimerContext ctx, Collector<SignalOutcome> out) throws Exception {
    boolean end = t == END_OF_TIME;
    long limitNs = end ? Long.MAX_VALUE : t * MS + (MS - 1);
    // Each held event has a timer at its own ms, and timers fire in order: this one's bucket is
    // all there is to apply.
    List<EvalEvent> due = pending.get(t);
    if (due != null) {
      pending.remove(t);
      due = new ArrayList<>(due);
      due.sort(EVENT_ORDER);
      PricePath p = pathOrNew();
      for (EvalEvent e : due) {
        expireUpTo(e.tsNs - 1);
        if (e.kind == EvalEvent.Kind.PRINT) {
          p.add(e.tsNs, e.price);
          for (Map.Entry<String, ShadowTrade> en : trades.entries()) {
            ShadowTrade tr = en.getValue();
            if (!tr.closed()) {
              tr.onPrice(e.tsNs, e.price);
              en.setValue(tr);
            }
          }
        } else {
          open(e.signal, ctx, null);
        }
      }
      path.update(p);
    }
    expireUpTo(limitNs);
    // At the end of a bounded input (t = END_OF_TIME) every horizon has ended: open trades closed
    // above at their horizon's end, at the last price they saw.
    for (Map.Entry<String, ShadowTrade> en : trades.entries()) {
      ShadowTrade tr = en.getValue();
      if (tr.closed() && !tr.emitted && emitAt(tr) <= limitNs) {
        out.collect(outcome(tr));
        tr.emitted = true;
        en.setValue(tr);
      }
    }
    if (!end) {
      cleanUp(t * MS - settings.retention().toNanos());
    }
  }

  /** Holds a print or signal until the watermark passes it. */
  private void hold(EvalEvent e, Context ctx) throws Exception {
    long ms = e.tsMs();
    List<EvalEvent> bucket = pending.get(ms);
    List<EvalEvent> updated = bucket == null ? new ArrayList<>(1) : new ArrayList<>(bucket);
    updated.add(e);
    pending.put(ms, updated);
    ctx.timerService().registerEventTimeTimer(ms);
  }

  /** Closes the open trades whose horizon ended at or before {@code ns}, at their last price. */
  private void expireUpTo(long ns) throws Exception {
    for (Map.Entry<String, ShadowTrade> en : trades.entries()) {
      ShadowTrade tr = en.getValue();
      if (!tr.closed() && tr.horizonEnd <= ns) {
        tr.expire(tr.horizonEnd);
        en.setValue(tr);
      }
    }
  }

  /** A signal behind the watermark: followed over the kept prints, or dead-lettered. */
  private void openLate(FlowSignal s, long wm, Context ctx) throws Exception {
    long cutoff = wm * MS - settings.retention().toNanos();
    if (s.getTsEvent() < cutoff) {
      ctx.output(
          DeadLetters.TAG,
          DeadLetters.of(
              Topics.FLOW_SIGNALS.name(),
              STAGE,
              "signal "
                  + s.getSignalId()
                  + " arrived more than evaluation.retention ("
                  + settings.retention()
                  + ") behind the market's watermark; its prices are no longer kept",
              Topics.FLOW_SIGNALS.serializeValue(s),
              "signal " + s.getSignalId() + " ts_event " + s.getTsEvent(),
              EpochNanos.now()));
      return;
    }
    open(s, ctx, pathOrNew());
    expireUpTo(wm * MS + (MS - 1));
    ShadowTrade tr = trades.get(s.getSignalId());
    if (tr != null && tr.closed()) {
      // closed in the past: emitted at the next watermark once the join wait is over
      ctx.timerService().registerEventTimeTimer(Math.floorDiv(emitAt(tr), MS));
    }
  }

  /**
   * Opens the shadow trade of a signal (once per signal id) and, for a late signal, replays the
   * kept prints after it ({@code replay} null: none to replay).
   */
  private void open(FlowSignal s, Context ctx, PricePath replay) throws Exception {
    if (trades.contains(s.getSignalId())) {
      return;
    }
    double multiplier = ShadowTrades.multiplierOf(settings, s.getUnderlying());
    EntryBracket b = ShadowTrades.bracket(settings, s.getReferencePrice());
    if (!b.priced()) {
      ctx.output(
          DeadLetters.TAG,
          DeadLetters.of(
              Topics.FLOW_SIGNALS.name(),
              STAGE,
              "signal "
                  + s.getSignalId()
                  + " has no positive reference price to enter at (reference_price "
                  + s.getReferencePrice()
                  + ")",
              Topics.FLOW_SIGNALS.serializeValue(s),
              "signal " + s.getSignalId() + " ts_event " + s.getTsEvent(),
              EpochNanos.now()));
      return;
    }
    ShadowTrade tr = ShadowTrades.open(s, b, settings.orderQuantity(), multiplier, settings);
    EvalEvent d = joins.get(DECISION + tr.signalId);
    if (d != null) {
      ShadowTrades.decide(tr, d);
      joins.remove(DECISION + tr.signalId);
    }
    EvalEvent f = joins.get(FILL + tr.clientOrderId);
    if (f != null) {
      ShadowTrades.addFill(tr, f.tsNs, f.price, f.quantity);
      joins.remove(FILL + tr.clientOrderId);
    }
    if (replay != null) {
      for (int i = 0; i < replay.size && !tr.closed(); i++) {
        long ts = replay.ts[i];
        if (ts > tr.horizonEnd) {
          tr.expire(tr.horizonEnd);
        } else {
          tr.onPrice(ts, replay.price[i]);
        }
      }
    }
    trades.put(tr.signalId, tr);
    ctx.timerService().registerEventTimeTimer(Math.floorDiv(tr.horizonEnd, MS));
    ctx.timerService().registerEventTimeTimer(Math.floorDiv(tr.tsSignal + joinWaitNs(), MS));
  }

  /** A risk decision or an entry fill: joined to its trade, or kept until the trade opens. */
  private void join(EvalEvent e, Context ctx, Collector<SignalOutcome> out) throws Exception {
    ShadowTrade tr = null;
    if (e.kind == EvalEvent.Kind.DECISION) {
      tr = trades.get(e.ref);
    } else {
      for (ShadowTrade candidate : trades.values()) {
        if (e.ref.equals(candidate.clientOrderId)) {
          tr = candidate;
          break;
        }
      }
    }
    if (tr == null) {
      String key = (e.kind == EvalEvent.Kind.DECISION ? DECISION : FILL) + e.ref;
      EvalEvent kept = joins.get(key);
      if (kept != null && e.kind == EvalEvent.Kind.FILL) {
        kept.tsNs = Math.min(kept.tsNs, e.tsNs);
        kept.price += e.price * e.quantity;
        kept.quantity += e.quantity;
      } else {
        kept = e;
        if (e.kind == EvalEvent.Kind.FILL) {
          kept.price = e.price * e.quantity;
        }
      }
      joins.put(key, kept);
      long keepUntil = e.tsMs() + settings.retention().toMillis() + joinWaitNs() / MS;
      ctx.timerService().registerEventTimeTimer(keepUntil);
      return;
    }
    if (e.kind == EvalEvent.Kind.DECISION) {
      ShadowTrades.decide(tr, e);
    } else {
      ShadowTrades.addFill(tr, e.tsNs, e.price * e.quantity, e.quantity);
    }
    if (tr.emitted) {
      out.collect(outcome(tr));
    }
    trades.put(tr.signalId, tr);
  }

  private void cleanUp(long beforeNs) throws Exception {
    PricePath p = path.value();
    if (p != null) {
      p.pruneBefore(beforeNs);
      path.update(p);
    }
    Iterator<Map.Entry<String, ShadowTrade>> it = trades.iterator();
    while (it.hasNext()) {
      ShadowTrade tr = it.next().getValue();
      if (tr.emitted && emitAt(tr) < beforeNs) {
        it.remove();
      }
    }
    Iterator<Map.Entry<String, EvalEvent>> jt = joins.iterator();
    while (jt.hasNext()) {
      EvalEvent e = jt.next().getValue();
      if (e.tsNs + joinWaitNs() < beforeNs) {
        jt.remove();
      }
    }
  }

  private long emitAt(ShadowTrade tr) {
    return Math.max(tr.tsExit, tr.tsSignal + joinWaitNs());
  }

  private long joinWaitNs() {
    return settings.joinWait().toNanos();
  }

  private SignalOutcome outcome(ShadowTrade tr) {
    return tr.toOutcome(
        settings.feePerContractUsd(), settings.exitSlippageTicks(), settings.horizon().toNanos());
  }

  private PricePath pathOrNew() throws Exception {
    PricePath p = path.value();
    return p == null ? new PricePath() : p;
  }

  private static io.nqflow.ops.v1.DeadLetter late(EvalEvent e, String why) {
    String what = e + ": " + why;
    return DeadLetters.of(
        Topics.MARKET_EVENTS.name(),
        STAGE,
        what,
        what.getBytes(StandardCharsets.UTF_8),
        "instrument " + e.instrumentId + " ts_event " + e.tsNs + " sequence " + e.sequence,
        EpochNanos.now());
  }
}
