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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * Ladder: same-side aggression across adjacent strikes of one underlying and class within seconds
 * ({@code ladderMinStrikes} distinct strikes, each new one at most {@code ladderMaxStrikeStep}
 * points from the last, every leg trade at least {@code ladderMinLegPremiumUsd} of premium, all
 * within {@code ladderWithin}). Flink CEP keyed by underlying, class and aggressor.
 */
public final class LadderPattern implements FlowPattern {
  public static final String NAME = "ladder";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DataStream<FlowSignal> detect(PatternInputs in, FlowDetectionSettings settings) {
    PatternSettings p = settings.patternSettings();
    double minLeg = p.ladderMinLegPremiumUsd();
    long maxStep = Prices.fromDouble(p.ladderMaxStrikeStep());
    Pattern<OptionEvent, ?> pattern =
        Pattern.<OptionEvent>begin("legs", AfterMatchSkipStrategy.skipPastLastEvent())
            .where(
                new IterativeCondition<>() {
                  @Override
                  public boolean filter(OptionEvent e, Context<OptionEvent> ctx) throws Exception {
                    OptionEvent prev = null;
                    for (OptionEvent leg : ctx.getEventsForPattern("legs")) {
                      if (leg.strike == e.strike) {
                        return false;
                      }
                      prev = leg;
                    }
                    return prev == null || Math.abs(e.strike - prev.strike) <= maxStep;
                  }
                })
            .timesOrMore(p.ladderMinStrikes())
            .within(p.ladderWithin());
    return CepSupport.stream(
            in.options()
                .filter(
                    e ->
                        e.kind == EventKind.TRADE
                            && e.premiumUsd() >= minLeg
                            && Signals.sign(e.side) != 0)
                .name("ladder: large trades")
                .keyBy(e -> e.underlying + "|" + e.instrumentClass + "|" + e.side, Types.STRING),
            pattern,
            settings)
        .process(new Select(settings), new AvroTypeInfo<>(FlowSignal.class))
        .uid(Uids.PATTERN_LADDER)
        .name("cep-ladder");
  }

  private static final class Select extends PatternProcessFunction<OptionEvent, FlowSignal> {
    private final FlowDetectionSettings settings;

    Select(FlowDetectionSettings settings) {
      this.settings = settings;
    }

    @Override
    public void processMatch(
        Map<String, List<OptionEvent>> match, Context ctx, Collector<FlowSignal> out) {
      List<OptionEvent> legs = new ArrayList<>(match.get("legs"));
      TreeSet<Double> strikes = new TreeSet<>();
      legs.forEach(l -> strikes.add(Prices.toDouble(l.strike)));
      Side side = legs.get(0).side;
      Map<String, String> attrs = new HashMap<>();
      Signals.put(attrs, "strikes", strikes.size());
      attrs.put("strike_list", strikes.toString());
      String head =
          String.format(
              Locale.ROOT,
              "%s %s: ladder, %s across %d strikes %s within %.1fs",
              legs.get(0).underlying,
              legs.get(0).instrumentClass,
              side == Side.BID ? "buyers lifted offers" : "sellers hit bids",
              strikes.size(),
              strikes,
              CepSupport.seconds(legs.get(0).tsEvent, legs.get(legs.size() - 1).tsEvent));
      FlowSignal s = CepSupport.signal(settings, NAME, legs, side, strikes.size(), attrs, head);
      if (s != null) {
        out.collect(s);
      }
    }
  }
}
