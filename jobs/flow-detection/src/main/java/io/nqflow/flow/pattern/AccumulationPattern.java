package io.nqflow.flow.pattern;

import io.nqflow.flow.AccumulationRun;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.jobs.common.Uids;
import io.nqflow.signals.v1.FlowSignal;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Accumulation over minutes: at least {@code accumulationMinTrades} trades on one instrument by one
 * aggressor side, each at least {@code accumulationMinTradeContracts}, together at least the
 * minimum premium, within {@code accumulationWithin}; the last trade crosses the premium and no
 * trade carries half of it (one large print among small ones is a block), and the side's share of
 * all aggressive contracts of the instrument over the window is at least {@code
 * accumulationMinShare} (balanced background flow is not accumulation). The share comes from the
 * router's running tally on each trade.
 *
 * <p>A keyed {@link AccumulationFunction} on the trades keyed by instrument (until 0.1 Flink CEP
 * keyed by instrument and side, whose partial matches grew with the trades in the window). It finds
 * the same runs as the CEP pattern with two differences. (1) When a run qualifies while a run that
 * started earlier is still open but does not qualify (only the half-of-the-premium rule can make a
 * longer run fail where a shorter one passes), CEP held the match until the earlier run ended
 * (timed out: then the held match was emitted; or qualified later: then that longer, later match
 * was emitted instead); the keyed version signals the qualifying run at once. (2) A run keeps at
 * most {@link AccumulationRun#CAP} trades per side; a longer run is judged on its newest ones.
 */
public final class AccumulationPattern implements FlowPattern {
  public static final String NAME = "accumulation";

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
    return in.tradesByInstrument()
        .connect(in.underlying())
        .process(new AccumulationFunction(settings))
        .returns(new AvroTypeInfo<>(FlowSignal.class))
        .uid(Uids.PATTERN_ACCUMULATION_KEYED)
        .name("pattern-accumulation");
  }
}
