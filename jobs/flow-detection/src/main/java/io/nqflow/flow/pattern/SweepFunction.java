package io.nqflow.flow.pattern;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Side;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.PatternSettings;
import io.nqflow.flow.SweepGroup;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.ifd.AlignedDetector;
import io.nqflow.flow.signal.Signals;
import io.nqflow.market.Prices;
import io.nqflow.signals.v1.FlowSignal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Sweep: one aggressive order through several price levels in one match event (CME options trade on
 * one venue, so a sweep is one match event, not an across-venue burst). Trades of an instrument
 * with the same {@code ts_event} and aggressor form a match event; it is a sweep when it traded at
 * {@code sweepMinLevels} distinct prices, at least {@code sweepMinContracts} contracts and the
 * minimum premium. A single event decides, so this is a keyed function rather than CEP. Aligned to
 * the watermark, a match event closes when event time passes it; on arrival (live), also a few
 * milliseconds of wall time after its first trade, whichever comes first.
 */
final class SweepFunction extends AlignedDetector<FlowSignal> {
  /** Pattern name. */
  static final String NAME = "sweep";

  private transient ValueState<SweepGroup> group;

  SweepFunction(FlowDetectionSettings settings) {
    super(settings);
  }

  @Override
  protected String stateName() {
    return NAME;
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    super.open(ctx);
    ValueStateDescriptor<SweepGroup> d =
        new ValueStateDescriptor<>("sweep-group", TypeInformation.of(SweepGroup.class));
    d.enableTimeToLive(ttl());
    group = getRuntimeContext().getState(d);
  }

  @Override
  protected void clearState() {
    group.clear();
  }

  @Override
  protected void handle(
      OptionEvent e, UnderlyingPrice underlying, Collector<FlowSignal> out, ReadOnlyContext ctx)
      throws Exception {
    int side = Signals.sign(e.side);
    if (e.kind != EventKind.TRADE || side == 0) {
      return;
    }
    SweepGroup g = group.value();
    if (g != null && g.ts == e.tsEvent && g.side == side) {
      g.add(e, underlying);
      group.update(g);
      return;
    }
    if (g != null) {
      emit(g, out);
    }
    group.update(SweepGroup.start(e, side, underlying));
    // Closes the match event once event time has moved past it, if no other trade does first.
    ctx.timerService().registerEventTimeTimer(EpochNanos.toMillis(e.tsEvent) + 1);
    if (!settings.alignToWatermark()) {
      // Live, on arrival: a match event's trades arrive together, so a few milliseconds of wall
      // time close it; waiting for the watermark would add the out-of-orderness bound and a
      // watermark interval (hundreds of ms) to every sweep signal.
      ctx.timerService()
          .registerProcessingTimeTimer(
              ctx.timerService().currentProcessingTime() + ARRIVAL_CLOSE_MILLIS);
    }
  }

  /** Wall time after its first trade at which arrival mode closes a match event. */
  static final long ARRIVAL_CLOSE_MILLIS = 2;

  @Override
  protected void onDetectorTimer(long timestamp, OnTimerContext ctx, Collector<FlowSignal> out)
      throws Exception {
    SweepGroup g = group.value();
    if (g != null
        && (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.PROCESSING_TIME
            || EpochNanos.toMillis(g.ts) < timestamp)) {
      emit(g, out);
      group.clear();
    }
  }

  private void emit(SweepGroup g, Collector<FlowSignal> out) {
    PatternSettings p = settings.patternSettings();
    if (g.levels < p.sweepMinLevels() || g.contracts < p.sweepMinContracts()) {
      return;
    }
    Confidence confidence = Signals.premiumConfidence(g.premiumUsd, settings.minPremiumUsd());
    if (confidence == null) {
      return;
    }
    OptionEvent e = g.last;
    Side aggressor = g.side > 0 ? Side.BID : Side.ASK;
    long[] prices = Arrays.copyOf(g.prices, g.levels);
    Arrays.sort(prices);
    var direction = Signals.direction(e.instrumentClass, aggressor);
    Map<String, String> attrs = new HashMap<>();
    Signals.put(attrs, "levels", g.levels);
    Signals.put(attrs, "low_price", Prices.toDouble(prices[0]));
    Signals.put(attrs, "high_price", Prices.toDouble(prices[prices.length - 1]));
    String rationale =
        String.format(
            Locale.ROOT,
            "%s: sweep, one %s order took %d contracts through %d price levels (%.2f to %.2f) in"
                + " one match event; %s; premium %s",
            e.rawSymbol,
            aggressor == Side.BID ? "buy" : "sell",
            g.contracts,
            g.levels,
            Prices.toDouble(prices[0]),
            Prices.toDouble(prices[prices.length - 1]),
            Signals.flowWords(e.instrumentClass, aggressor, direction),
            Signals.usd(g.premiumUsd));
    out.collect(
        Signals.from(e, "cep_" + NAME, settings.patternVersion(NAME), settings, g.underlying)
            .setAggressor(aggressor)
            .setDirection(direction)
            .setConfidence(confidence)
            .setPriority(Signals.priority(confidence, false))
            .setScore(g.levels)
            .setWindowStart(g.ts)
            .setContracts(g.contracts)
            .setPremiumUsd(g.premiumUsd)
            .setRationale(rationale)
            .setAttributes(attrs)
            .build());
  }
}
