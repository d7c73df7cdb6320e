package io.nqflow.flow.pattern;

import io.nqflow.common.v1.Side;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.PatternSettings;
import io.nqflow.flow.signal.Signals;
import io.nqflow.jobs.common.Uids;
import io.nqflow.signals.v1.FlowSignal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * Accumulation over minutes: at least {@code accumulationMinTrades} trades on one instrument by one
 * aggressor side, each at least {@code accumulationMinTradeContracts}, together at least the
 * minimum premium, within {@code accumulationWithin}; the last trade crosses the premium and no
 * trade carries half of it (one large print among small ones is a block), and the side's share of
 * all aggressive contracts of the instrument over the window is at least {@code
 * accumulationMinShare} (balanced background flow is not accumulation). Flink CEP keyed by
 * instrument and side; the share comes from the router's running tally on each trade.
 */
public final class AccumulationPattern implements FlowPattern {
  public static final String NAME = "accumulation";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DataStream<FlowSignal> detect(PatternInputs in, FlowDetectionSettings settings) {
    PatternSettings p = settings.patternSettings();
    long minTrade = p.accumulationMinTradeContracts();
    double minPremium = settings.minPremiumUsd();
    double minShare = p.accumulationMinShare();
    Pattern<OptionEvent, ?> pattern =
        Pattern.<OptionEvent>begin("build", AfterMatchSkipStrategy.skipPastLastEvent())
            // Any trade of the side builds; the crossing one below ends the match.
            .where(SimpleCondition.of(e -> true))
            // Strict contiguity on both steps keeps one partial match per start: the key holds
            // every
            // trade of the side, so "consecutive" means "all of them". Relaxed contiguity let every
            // trade both extend and close the build, and the partial matches grew with the square
            // of the trades in the window (cubic work with the premium sum), which stalled the job.
            .timesOrMore(p.accumulationMinTrades() - 1)
            .consecutive()
            .next("cross")
            .where(
                new IterativeCondition<>() {
                  @Override
                  public boolean filter(OptionEvent e, Context<OptionEvent> ctx) throws Exception {
                    double total = e.premiumUsd();
                    double largest = e.premiumUsd();
                    for (OptionEvent b : ctx.getEventsForPattern("build")) {
                      total += b.premiumUsd();
                      largest = Math.max(largest, b.premiumUsd());
                    }
                    long own = e.side == io.nqflow.common.v1.Side.BID ? e.recentBuy : e.recentSell;
                    long all = e.recentBuy + e.recentSell;
                    // Built by many trades (none carries half of it: one large print among
                    // small ones is a block, not accumulation) and one-sided.
                    return total >= minPremium && 2 * largest <= total && own >= minShare * all;
                  }
                })
            .within(p.accumulationWithin());
    return CepSupport.stream(
            in.options()
                .filter(
                    e ->
                        e.kind == EventKind.TRADE
                            && e.size >= minTrade
                            && Signals.sign(e.side) != 0)
                .name("accumulation: trades")
                .keyBy(e -> e.instrumentId + "|" + e.side, Types.STRING),
            pattern)
        .process(new Select(settings), new AvroTypeInfo<>(FlowSignal.class))
        .uid(Uids.PATTERN_ACCUMULATION)
        .name("cep-accumulation");
  }

  private static final class Select extends PatternProcessFunction<OptionEvent, FlowSignal> {
    private final FlowDetectionSettings settings;

    Select(FlowDetectionSettings settings) {
      this.settings = settings;
    }

    @Override
    public void processMatch(
        Map<String, List<OptionEvent>> match, Context ctx, Collector<FlowSignal> out) {
      List<OptionEvent> all = new ArrayList<>(match.get("build"));
      all.addAll(match.get("cross"));
      OptionEvent first = all.get(0);
      Side side = first.side;
      Map<String, String> attrs = new HashMap<>();
      Signals.put(attrs, "trades", all.size());
      String head =
          String.format(
              Locale.ROOT,
              "%s: accumulation, %d trades %s over %.1f minutes",
              first.rawSymbol,
              all.size(),
              side == Side.BID ? "lifting offers" : "hitting bids",
              CepSupport.seconds(first.tsEvent, all.get(all.size() - 1).tsEvent) / 60);
      FlowSignal s = CepSupport.signal(settings, NAME, all, side, all.size(), attrs, head);
      if (s != null) {
        out.collect(s);
      }
    }
  }
}
