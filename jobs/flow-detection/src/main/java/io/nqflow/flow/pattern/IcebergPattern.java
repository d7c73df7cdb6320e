package io.nqflow.flow.pattern;

import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.IcebergRuns;
import io.nqflow.jobs.common.Uids;
import io.nqflow.signals.v1.FlowSignal;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Iceberg / refill: a resting order at one price is filled and replenished again and again. From
 * MBO: a fill ({@code F}) at a price and book side, then an add or modify at the same price and
 * side within {@code icebergRefillWindow} (the fill's own match event for an exchange-managed
 * iceberg), at least {@code icebergMinRefills} times at the same level, then a further fill there
 * that brings the fills to the minimum premium, all within {@code icebergWithin}. The institution
 * is the resting side: a bid iceberg is a hidden buyer.
 *
 * <p>A keyed {@link IcebergFunction} on the instrument's fills, adds and modifies, keyed by
 * instrument with the level (side, price) inside the state (until 0.1 Flink CEP keyed by level,
 * whose partial matches grew with the fills in the window). It reads the rule as the CEP pattern
 * did (the refill is the first add or modify at the level after the fill; the further fill may pass
 * over fills that were not refilled) with three differences. (1) When a run completes while one
 * that started earlier at the level is still open (possibly one that can never complete), CEP held
 * the match until the earlier one ended, up to {@code icebergWithin}, and emitted the earlier one
 * instead if it completed meanwhile; the keyed version signals the completed run at once. (2) Of
 * two runs at a level in the same state, the later is dropped when the earlier has at least its
 * refills and premium; CEP kept both, which changes nothing signalled. (3) An instrument keeps at
 * most {@link IcebergRuns#CAP} open runs; a fill beyond that starts none.
 */
public final class IcebergPattern implements FlowPattern {
  public static final String NAME = "iceberg";

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
    return in.bookByInstrument()
        .connect(in.underlying())
        .process(new IcebergFunction(settings))
        .returns(new AvroTypeInfo<>(FlowSignal.class))
        .uid(Uids.PATTERN_ICEBERG_KEYED)
        .name("pattern-iceberg");
  }
}
