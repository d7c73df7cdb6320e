package io.nqflow.flow.pattern;

import io.nqflow.common.v1.Side;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.PatternSettings;
import io.nqflow.flow.signal.Signals;
import io.nqflow.jobs.common.Uids;
import io.nqflow.market.Prices;
import io.nqflow.signals.v1.FlowSignal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * Iceberg / refill: a resting order at one price is filled and replenished again and again. From
 * MBO: a fill ({@code F}) at a price and book side, then an add or modify at the same price and
 * side within {@code icebergRefillWindow} (the fill's own match event for an exchange-managed
 * iceberg), at least {@code icebergMinRefills} times at the same level, then a further fill there
 * that brings the fills to the minimum premium, all within {@code icebergWithin}. The institution
 * is the resting side: a bid iceberg is a hidden buyer. Flink CEP keyed by level (instrument, side,
 * price).
 */
public final class IcebergPattern implements FlowPattern {
  public static final String NAME = "iceberg";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DataStream<FlowSignal> detect(PatternInputs in, FlowDetectionSettings settings) {
    PatternSettings p = settings.patternSettings();
    long refillNanos = p.icebergRefillWindow().toNanos();
    double minPremium = settings.minPremiumUsd();
    Pattern<OptionEvent, ?> pattern =
        Pattern.begin(pair(refillNanos), AfterMatchSkipStrategy.skipPastLastEvent())
            .timesOrMore(p.icebergMinRefills())
            .followedBy("lastFill")
            .where(
                new IterativeCondition<>() {
                  @Override
                  public boolean filter(OptionEvent e, Context<OptionEvent> ctx) throws Exception {
                    if (e.kind != EventKind.FILL) {
                      return false;
                    }
                    double premium = e.premiumUsd();
                    OptionEvent level = null;
                    for (OptionEvent f : ctx.getEventsForPattern("fill")) {
                      level = level == null ? f : level;
                      premium += f.premiumUsd();
                    }
                    return level != null
                        && level.price == e.price
                        && level.side == e.side
                        && premium >= minPremium;
                  }
                })
            .within(p.icebergWithin());
    return CepSupport.stream(
            in.options()
                .filter(
                    e ->
                        (e.kind == EventKind.FILL
                                || e.kind == EventKind.ADD
                                || e.kind == EventKind.MODIFY)
                            && Signals.sign(e.side) != 0)
                .name("iceberg: fills and adds")
                // Keyed by level (instrument, side, price): an iceberg lives at one level, and
                // events of other levels would only keep partial matches waiting and branching.
                .keyBy(e -> e.instrumentId + "|" + e.side + "|" + e.price, Types.STRING),
            pattern)
        .process(new Select(settings), new AvroTypeInfo<>(FlowSignal.class))
        .uid(Uids.PATTERN_ICEBERG)
        .name("cep-iceberg");
  }

  /** A fill at the iceberg's level and its refill there, within {@code refillNanos}. */
  private static Pattern<OptionEvent, OptionEvent> pair(long refillNanos) {
    return Pattern.<OptionEvent>begin("fill")
        .where(
            new IterativeCondition<>() {
              @Override
              public boolean filter(OptionEvent e, Context<OptionEvent> ctx) throws Exception {
                if (e.kind != EventKind.FILL) {
                  return false;
                }
                OptionEvent level = null;
                for (OptionEvent f : ctx.getEventsForPattern("fill")) {
                  level = f;
                  break;
                }
                // Every fill of the iceberg is at its one level.
                return level == null || (level.price == e.price && level.side == e.side);
              }
            })
        .followedBy("refill")
        .where(
            new IterativeCondition<>() {
              @Override
              public boolean filter(OptionEvent e, Context<OptionEvent> ctx) throws Exception {
                if (e.kind != EventKind.ADD && e.kind != EventKind.MODIFY) {
                  return false;
                }
                OptionEvent last = null;
                for (OptionEvent f : ctx.getEventsForPattern("fill")) {
                  last = f;
                }
                return last != null
                    && e.price == last.price
                    && e.side == last.side
                    && e.tsEvent >= last.tsEvent
                    && e.tsEvent - last.tsEvent <= refillNanos;
              }
            });
  }

  private static final class Select extends PatternProcessFunction<OptionEvent, FlowSignal> {
    private final FlowDetectionSettings settings;

    Select(FlowDetectionSettings settings) {
      this.settings = settings;
    }

    @Override
    public void processMatch(
        Map<String, List<OptionEvent>> match, Context ctx, Collector<FlowSignal> out) {
      List<OptionEvent> fills = new java.util.ArrayList<>(match.get("fill"));
      fills.addAll(match.get("lastFill"));
      List<OptionEvent> refills = match.get("refill");
      OptionEvent first = fills.get(0);
      Side side = first.side;
      Map<String, String> attrs = new HashMap<>();
      Signals.put(attrs, "refills", refills.size());
      Signals.put(attrs, "fills", fills.size());
      Signals.put(attrs, "level_price", Prices.toDouble(first.price));
      String head =
          String.format(
              Locale.ROOT,
              "%s: iceberg, a resting %s at %.2f was filled %d times and refilled at once %d times"
                  + " within %.1fs",
              first.rawSymbol,
              side == Side.BID ? "buyer" : "seller",
              Prices.toDouble(first.price),
              fills.size(),
              refills.size(),
              CepSupport.seconds(first.tsEvent, fills.get(fills.size() - 1).tsEvent));
      // The fills are the iceberg's traded contracts; the trigger is the last one.
      FlowSignal s = CepSupport.signal(settings, NAME, fills, side, refills.size(), attrs, head);
      if (s != null) {
        out.collect(s);
      }
    }
  }
}
