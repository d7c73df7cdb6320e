package io.nqflow.flow;

import io.nqflow.common.v1.Side;
import io.nqflow.jobs.common.Uids;
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
 * side within {@code v3.refillWindow}, at least {@code icebergMinRefills} times at the same level
 * within {@code icebergWithin}, until the fills reach the minimum premium. The institution is the
 * resting side: a bid iceberg is a hidden buyer. Flink CEP keyed by level (instrument, side,
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
    long refillNanos = settings.v3().refillWindow().toNanos();
    double minPremium = settings.minPremiumUsd();
    Pattern<OptionEvent, ?> pattern =
        Pattern.begin(
                pair("fill", "refill", refillNanos, minPremium, false),
                AfterMatchSkipStrategy.skipPastLastEvent())
            .timesOrMore(p.icebergMinRefills() - 1)
            .followedBy(pair("lastFill", "lastRefill", refillNanos, minPremium, true))
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
                // events
                // of other levels would only keep partial matches waiting and branching.
                .keyBy(e -> e.instrumentId + "|" + e.side + "|" + e.price, Types.STRING),
            pattern)
        .process(new Select(settings), new AvroTypeInfo<>(FlowSignal.class))
        .uid(Uids.PATTERN_ICEBERG)
        .name("cep-iceberg");
  }

  /**
   * A fill at the iceberg's level followed by a refill there. The building pairs keep the fills'
   * premium below the minimum; the last pair's fill crosses it, so the match ends as soon as enough
   * has traded, whatever the shown size.
   */
  private static Pattern<OptionEvent, OptionEvent> pair(
      String fillName, String refillName, long refillNanos, double minPremium, boolean crossing) {
    return Pattern.<OptionEvent>begin(fillName)
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
                // Every fill of the iceberg is at its one level.
                boolean sameLevel =
                    level == null || (level.price == e.price && level.side == e.side);
                return sameLevel && (!crossing || premium >= minPremium);
              }
            })
        .followedBy(refillName)
        .where(
            new IterativeCondition<>() {
              @Override
              public boolean filter(OptionEvent e, Context<OptionEvent> ctx) throws Exception {
                if (e.kind != EventKind.ADD && e.kind != EventKind.MODIFY) {
                  return false;
                }
                OptionEvent last = null;
                for (OptionEvent f : ctx.getEventsForPattern(fillName)) {
                  last = f;
                }
                return last != null
                    && e.price == last.price
                    && e.side == last.side
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
      List<OptionEvent> refills = new java.util.ArrayList<>(match.get("refill"));
      refills.addAll(match.get("lastRefill"));
      OptionEvent first = fills.get(0);
      Side side = first.side;
      Map<String, String> attrs = new HashMap<>();
      Signals.put(attrs, "refills", refills.size());
      Signals.put(attrs, "level_price", FixedPoint.toDouble(first.price));
      String head =
          String.format(
              Locale.ROOT,
              "%s: iceberg, a resting %s at %.2f was filled and refilled %d times within %.1fs",
              first.rawSymbol,
              side == Side.BID ? "buyer" : "seller",
              FixedPoint.toDouble(first.price),
              refills.size(),
              CepSupport.seconds(first.tsEvent, refills.get(refills.size() - 1).tsEvent));
      // The fills are the iceberg's traded contracts; the trigger is the last refill.
      List<OptionEvent> traded = new java.util.ArrayList<>(fills);
      FlowSignal s =
          CepSupport.signal(
              settings, NAME, withTrigger(traded, refills), side, refills.size(), attrs, head);
      if (s != null) {
        out.collect(s);
      }
    }

    /** Fills for the totals, with the last refill appended as trigger at zero size. */
    private static List<OptionEvent> withTrigger(
        List<OptionEvent> fills, List<OptionEvent> refills) {
      OptionEvent last = refills.get(refills.size() - 1);
      OptionEvent trigger = new OptionEvent();
      trigger.instrumentId = last.instrumentId;
      trigger.rawSymbol = last.rawSymbol;
      trigger.underlying = last.underlying;
      trigger.instrumentClass = last.instrumentClass;
      trigger.strike = last.strike;
      trigger.expiration = last.expiration;
      trigger.multiplier = last.multiplier;
      trigger.tsEvent = last.tsEvent;
      trigger.tsRecv = last.tsRecv;
      trigger.sequence = last.sequence;
      trigger.kind = last.kind;
      trigger.side = last.side;
      trigger.price = last.price;
      trigger.size = 0;
      trigger.orderId = last.orderId;
      trigger.depth = last.depth;
      fills.add(trigger);
      return fills;
    }
  }
}
