package io.nqflow.flow.pattern;

import io.nqflow.common.v1.Side;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.IcebergRuns;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.PatternSettings;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.ifd.AlignedDetector;
import io.nqflow.flow.signal.Signals;
import io.nqflow.market.Prices;
import io.nqflow.signals.v1.FlowSignal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * The iceberg rule of {@link IcebergPattern} as a keyed function over an instrument's fills, adds
 * and modifies (the key is the instrument; runs carry their level). Every fill starts a run at its
 * level; a run's active part takes the first add or modify at the level after its last fill as the
 * refill when it comes within the refill window (otherwise that fill was not refilled and the
 * active part is dead), then the next fill there. Once refilled often enough, a fill that brings
 * the run's fills to the minimum premium completes it; a fill that does not is taken into the run,
 * and the run as it was before that fill is held: a later fill at the level may still complete the
 * held part (the fill that is passed over need not be refilled). The earliest-started run that
 * completes signals, and every run at that level ends with it.
 */
public final class IcebergFunction extends AlignedDetector<FlowSignal> {
  private transient ValueState<IcebergRuns> runs;
  private transient boolean[] drop;

  public IcebergFunction(FlowDetectionSettings settings) {
    super(settings);
  }

  @Override
  protected String stateName() {
    return IcebergPattern.NAME;
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    super.open(ctx);
    runs = getRuntimeContext().getState(descriptor());
    drop = new boolean[IcebergRuns.CAP];
  }

  /** The descriptor of the runs' state (tests read the state through it). */
  ValueStateDescriptor<IcebergRuns> descriptor() {
    ValueStateDescriptor<IcebergRuns> d =
        new ValueStateDescriptor<>("iceberg-runs", TypeInformation.of(IcebergRuns.class));
    d.enableTimeToLive(ttlCleanedByTimers());
    return d;
  }

  @Override
  protected void clearState() {
    runs.clear();
  }

  /** Whether the iceberg reads the event: a fill, add or modify with a book side. */
  public static boolean reads(OptionEvent e) {
    return (e.kind == EventKind.FILL || e.kind == EventKind.ADD || e.kind == EventKind.MODIFY)
        && Signals.sign(e.side) != 0;
  }

  @Override
  protected void handle(
      OptionEvent e, UnderlyingPrice underlying, Collector<FlowSignal> out, ReadOnlyContext ctx)
      throws Exception {
    if (!reads(e)) {
      return;
    }
    int sign = Signals.sign(e.side);
    boolean fill = e.kind == EventKind.FILL;
    IcebergRuns r = runs.value();
    if (r == null) {
      if (!fill) {
        return;
      }
      r = IcebergRuns.empty();
    }
    PatternSettings p = settings.patternSettings();
    long windowMs = p.icebergWithin().toMillis();
    long nowMs = EpochNanos.toMillis(e.tsEvent);
    boolean changed = expire(r, e.tsEvent, nowMs);
    byte side = (byte) sign;
    int completed = -1;
    boolean completedHeld = false;
    for (int i = 0; i < r.count; i++) {
      if (!r.at(i, e.price, side)) {
        continue;
      }
      if (!fill) {
        changed |= refill(r, i, e, p);
        continue;
      }
      double premium = e.premiumUsd();
      boolean heldDone =
          r.heldFills[i] > 0 && r.heldPremiumUsd[i] + premium >= settings.minPremiumUsd();
      boolean activeDone = false;
      if (r.phase[i] == IcebergRuns.WAIT_FILL) {
        if (r.refills[i] >= p.icebergMinRefills()) {
          activeDone = r.premiumUsd[i] + premium >= settings.minPremiumUsd();
          if (!activeDone && !heldDone) {
            r.hold(i);
          }
        }
        r.fills[i]++;
        r.contracts[i] += e.size;
        r.premiumUsd[i] += premium;
        r.phase[i] = IcebergRuns.WAIT_REFILL;
        r.lastFillTs[i] = e.tsEvent;
        changed = true;
      }
      if (completed < 0 && (activeDone || heldDone)) {
        completed = i;
        completedHeld = !activeDone;
      }
    }
    if (completed >= 0) {
      emit(r, completed, completedHeld, e, underlying, out);
      for (int i = 0; i < r.count; i++) {
        drop[i] = r.at(i, e.price, side);
      }
      r.removeWhere(drop);
      changed = true;
    } else if (fill && r.start(e.price, side, e.tsEvent, e.size, e.premiumUsd())) {
      // Ends the run once its window has passed, if no event of the instrument does first.
      ctx.timerService().registerEventTimeTimer(nowMs + windowMs);
      changed = true;
    }
    if (changed) {
      dropDominated(r, e.price, side);
      save(r);
    }
  }

  /**
   * An add or modify at run {@code i}'s level: the refill of its last fill when it comes within the
   * refill window, else the end of its active part. A run that waits for a fill ignores it.
   */
  private static boolean refill(IcebergRuns r, int i, OptionEvent e, PatternSettings p) {
    if (r.phase[i] != IcebergRuns.WAIT_REFILL) {
      return false;
    }
    long since = e.tsEvent - r.lastFillTs[i];
    if (since >= 0 && since <= p.icebergRefillWindow().toNanos()) {
      r.refills[i]++;
      r.phase[i] = IcebergRuns.WAIT_FILL;
      return true;
    }
    if (since > 0) {
      r.phase[i] = IcebergRuns.DEAD;
      return true;
    }
    return false;
  }

  /**
   * Drops runs whose window has passed (first and last fill less than {@code within} apart, in ms,
   * as CEP's {@code within}), marks active parts whose refill window has passed as dead (events
   * come in order, so no later add can be the refill), and drops runs that can no longer complete.
   */
  private boolean expire(IcebergRuns r, long nowNs, long nowMs) {
    PatternSettings p = settings.patternSettings();
    long windowMs = p.icebergWithin().toMillis();
    long refillNs = p.icebergRefillWindow().toNanos();
    boolean any = false;
    for (int i = 0; i < r.count; i++) {
      if (r.phase[i] == IcebergRuns.WAIT_REFILL && nowNs - r.lastFillTs[i] > refillNs) {
        r.phase[i] = IcebergRuns.DEAD;
      }
      drop[i] =
          nowMs - EpochNanos.toMillis(r.startTs[i]) >= windowMs
              || (r.phase[i] == IcebergRuns.DEAD && r.heldFills[i] == 0);
      any |= drop[i];
    }
    if (any) {
      r.removeWhere(drop);
    }
    return any;
  }

  /**
   * Drops a run when one started earlier at the same level stands where it stands with at least its
   * refills, premium and held premium: whenever the later one completes, so does the earlier.
   */
  private void dropDominated(IcebergRuns r, long price, byte side) {
    boolean any = false;
    for (int b = 0; b < r.count; b++) {
      drop[b] = false;
      if (!r.at(b, price, side)) {
        continue;
      }
      for (int a = 0; a < b && !drop[b]; a++) {
        drop[b] = !drop[a] && r.at(a, price, side) && dominates(r, a, b);
      }
      any |= drop[b];
    }
    if (any) {
      r.removeWhere(drop);
    }
  }

  private static boolean dominates(IcebergRuns r, int a, int b) {
    if (r.phase[a] != r.phase[b]) {
      return false;
    }
    double heldA = r.heldFills[a] > 0 ? r.heldPremiumUsd[a] : Double.NEGATIVE_INFINITY;
    double heldB = r.heldFills[b] > 0 ? r.heldPremiumUsd[b] : Double.NEGATIVE_INFINITY;
    if (heldA < heldB) {
      return false;
    }
    if (r.phase[a] == IcebergRuns.DEAD) {
      return true;
    }
    return (r.phase[a] != IcebergRuns.WAIT_REFILL || r.lastFillTs[a] == r.lastFillTs[b])
        && r.refills[a] >= r.refills[b]
        && r.premiumUsd[a] >= r.premiumUsd[b];
  }

  private void save(IcebergRuns r) throws Exception {
    if (r.count == 0) {
      runs.clear();
    } else {
      runs.update(r);
    }
  }

  private void emit(
      IcebergRuns r,
      int i,
      boolean held,
      OptionEvent trigger,
      UnderlyingPrice underlying,
      Collector<FlowSignal> out) {
    // The active part already holds the trigger; the held part gets it added here.
    int fills = held ? r.heldFills[i] + 1 : r.fills[i];
    int refills = held ? r.heldRefills[i] : r.refills[i];
    long contracts = held ? r.heldContracts[i] + trigger.size : r.contracts[i];
    double premium = held ? r.heldPremiumUsd[i] + trigger.premiumUsd() : r.premiumUsd[i];
    Side side = trigger.side;
    Map<String, String> attrs = new HashMap<>();
    Signals.put(attrs, "refills", refills);
    Signals.put(attrs, "fills", fills);
    Signals.put(attrs, "level_price", Prices.toDouble(trigger.price));
    String head =
        String.format(
            Locale.ROOT,
            "%s: iceberg, a resting %s at %.2f was filled %d times and refilled at once %d times"
                + " within %.1fs",
            trigger.rawSymbol,
            side == Side.BID ? "buyer" : "seller",
            Prices.toDouble(trigger.price),
            fills,
            refills,
            CepSupport.seconds(r.startTs[i], trigger.tsEvent));
    // The fills are the iceberg's traded contracts; the trigger is the last one.
    FlowSignal s =
        CepSupport.signal(
            settings,
            IcebergPattern.NAME,
            trigger,
            r.startTs[i],
            contracts,
            premium,
            side,
            refills,
            attrs,
            head,
            underlying);
    if (s != null) {
      out.collect(s);
    }
  }

  @Override
  protected void onDetectorTimer(long timestamp, OnTimerContext ctx, Collector<FlowSignal> out)
      throws Exception {
    IcebergRuns r = runs.value();
    if (r == null) {
      return;
    }
    long windowMs = settings.patternSettings().icebergWithin().toMillis();
    boolean any = false;
    for (int i = 0; i < r.count; i++) {
      drop[i] = timestamp - EpochNanos.toMillis(r.startTs[i]) >= windowMs;
      any |= drop[i];
    }
    if (any) {
      r.removeWhere(drop);
      save(r);
    }
  }
}
