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
 * Block then follow-through: one print of at least {@code blockMinPremiumUsd} of premium and {@code
 * blockMinContracts} contracts, then {@code blockFollowTrades} trades on the same instrument by the
 * same aggressor side, each at least {@code blockFollowMinContracts}, within {@code blockWithin},
 * and when the follow-through completes the block side holds at least {@code blockMinShare} of the
 * instrument's aggressive contracts over the router's 10-minute tally (a market maker's two-sided
 * burst of equal buys and sells has a large print and same-side trades too). A print whose
 * aggressive order also traded at another price (a trade of the follow-through at the block's own
 * {@code ts_event}) is a level of a sweep and no block. Flink CEP keyed by instrument.
 */
public final class BlockPattern implements FlowPattern {
  public static final String NAME = "block";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DataStream<FlowSignal> detect(PatternInputs in, FlowDetectionSettings settings) {
    PatternSettings p = settings.patternSettings();
    double blockMin = p.blockMinPremiumUsd();
    long blockMinContracts = p.blockMinContracts();
    long followMin = p.blockFollowMinContracts();
    Pattern<OptionEvent, ?> pattern =
        Pattern.<OptionEvent>begin("block", AfterMatchSkipStrategy.skipPastLastEvent())
            .where(
                SimpleCondition.of(e -> e.premiumUsd() >= blockMin && e.size >= blockMinContracts))
            .followedBy("follow")
            .where(
                new IterativeCondition<>() {
                  @Override
                  public boolean filter(OptionEvent e, Context<OptionEvent> ctx) throws Exception {
                    OptionEvent block = ctx.getEventsForPattern("block").iterator().next();
                    return e.size >= followMin && e.side == block.side;
                  }
                })
            .times(p.blockFollowTrades())
            .within(p.blockWithin());
    return CepSupport.stream(
            in.options()
                .filter(
                    e ->
                        e.kind == EventKind.TRADE
                            && e.size >= followMin
                            && Signals.sign(e.side) != 0)
                .name("block: trades")
                .keyBy(e -> e.instrumentId, Types.LONG),
            pattern,
            settings)
        .process(new Select(settings), new AvroTypeInfo<>(FlowSignal.class))
        .uid(Uids.PATTERN_BLOCK)
        .name("cep-block");
  }

  private static final class Select extends PatternProcessFunction<OptionEvent, FlowSignal> {
    private final FlowDetectionSettings settings;

    Select(FlowDetectionSettings settings) {
      this.settings = settings;
    }

    @Override
    public void processMatch(
        Map<String, List<OptionEvent>> match, Context ctx, Collector<FlowSignal> out) {
      OptionEvent block = match.get("block").get(0);
      List<OptionEvent> follow = match.get("follow");
      OptionEvent last = follow.get(follow.size() - 1);
      for (OptionEvent f : follow) {
        if (f.tsEvent == block.tsEvent) {
          // The block's own aggressive order went on through another price level: one order
          // through several levels is a sweep (the sweep pattern's), not a block followed through.
          return;
        }
      }
      long own = block.side == Side.BID ? last.recentBuy : last.recentSell;
      if (own < settings.patternSettings().blockMinShare() * (last.recentBuy + last.recentSell)) {
        return;
      }
      List<OptionEvent> all = new ArrayList<>();
      all.add(block);
      all.addAll(follow);
      long followContracts = follow.stream().mapToLong(e -> e.size).sum();
      Map<String, String> attrs = new HashMap<>();
      Signals.put(attrs, "block_contracts", block.size);
      Signals.put(attrs, "follow_trades", follow.size());
      Signals.put(attrs, "follow_contracts", followContracts);
      String head =
          String.format(
              Locale.ROOT,
              "%s: block of %d contracts %s, followed through by %d more trades (%d contracts)"
                  + " within %.0fs",
              block.rawSymbol,
              block.size,
              block.side == Side.BID ? "bought" : "sold",
              follow.size(),
              followContracts,
              CepSupport.seconds(block.tsEvent, all.get(all.size() - 1).tsEvent));
      FlowSignal s =
          CepSupport.signal(
              settings, NAME, all, block.side, (double) block.size + followContracts, attrs, head);
      if (s != null) {
        out.collect(s);
      }
    }
  }
}
