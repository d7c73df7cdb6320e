package io.nqflow.flow.pattern;

import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.LadderRuns;
import io.nqflow.flow.OptionEvent;
import io.nqflow.jobs.common.Uids;
import io.nqflow.signals.v1.FlowSignal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Ladder: same-side aggression across adjacent strikes of one underlying and class within seconds
 * ({@code ladderMinStrikes} distinct strikes, each new one at most {@code ladderMaxStrikeStep}
 * points from the last, every leg trade at least {@code ladderMinLegPremiumUsd} of premium, all
 * within {@code ladderWithin}).
 *
 * <p>A keyed {@link LadderFunction} on the large trades keyed by underlying, class and aggressor
 * side as CEP was (a ladder spans strikes, so not by instrument; the key is a long, {@link
 * LadderFunction#key}), until 0.1 Flink CEP, whose partial matches on a hot key made it fall behind
 * in bursts. It finds the same runs as the CEP pattern (relaxed contiguity, every trade starts a
 * run, the earliest-started run that completes signals and ends every open one) with two
 * differences. (1) When a run completes while one that started earlier is still open, CEP held the
 * match until the earlier one ended, up to {@code ladderWithin} (and emitted the earlier one
 * instead if it completed meanwhile); the keyed version signals the completed run at once. (2) A
 * key keeps at most {@link LadderRuns#CAP} open runs; a trade beyond that starts none (it still
 * extends the open ones). Unlike the other keyed patterns, the key spans the expirations of its
 * instruments, so the per-instrument expiry cleanup of {@link io.nqflow.flow.ifd.AlignedDetector}
 * must not apply (it would drop the key's waiting trades and open runs when the first instrument
 * seen expires): the trades reach the function with their expiration negated, which that cleanup
 * ignores, and the function restores it before use (signals carry it); the runs' own timers and the
 * state TTL remove the state. As for the other keyed patterns, a trade behind the watermark is
 * handled at once rather than dead-lettered as late, and on arrival ({@code
 * alignToWatermark=false}) the window is measured in event time (CEP used wall time there).
 */
public final class LadderPattern implements FlowPattern {
  public static final String NAME = "ladder";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean keyed() {
    return true;
  }

  @Override
  public DataStream<FlowSignal> detect(PatternInputs in, FlowDetectionSettings settings) {
    return in.options()
        .filter(e -> LadderFunction.reads(e, settings))
        .name("ladder: large trades")
        .map(LadderPattern::expirationHidden, TypeInformation.of(OptionEvent.class))
        .name("ladder: legs")
        .keyBy(e -> LadderFunction.key(e.underlying, e.instrumentClass, e.side), Types.LONG)
        .connect(in.underlying())
        .process(new LadderFunction(settings))
        .returns(new AvroTypeInfo<>(FlowSignal.class))
        .uid(Uids.PATTERN_LADDER_KEYED)
        .name("pattern-ladder");
  }

  /**
   * A copy of the trade with its expiration negated (see above; a copy: the options stream feeds
   * other patterns). {@link LadderFunction} negates it back.
   */
  static OptionEvent expirationHidden(OptionEvent e) {
    OptionEvent c = new OptionEvent();
    c.instrumentId = e.instrumentId;
    c.rawSymbol = e.rawSymbol;
    c.underlying = e.underlying;
    c.instrumentClass = e.instrumentClass;
    c.strike = e.strike;
    c.expiration = -e.expiration;
    c.multiplier = e.multiplier;
    c.tsEvent = e.tsEvent;
    c.tsRecv = e.tsRecv;
    c.sequence = e.sequence;
    c.kind = e.kind;
    c.side = e.side;
    c.price = e.price;
    c.size = e.size;
    c.orderId = e.orderId;
    c.depth = e.depth;
    c.recentBuy = e.recentBuy;
    c.recentSell = e.recentSell;
    return c;
  }
}
