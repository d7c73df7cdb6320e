package io.nqflow.flow.pattern;

import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.jobs.common.Uids;
import io.nqflow.signals.v1.FlowSignal;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The sweep pattern: a keyed {@link SweepFunction}, since one match event decides. */
public final class SweepPattern implements FlowPattern {
  @Override
  public String name() {
    return SweepFunction.NAME;
  }

  @Override
  public boolean keyed() {
    return true;
  }

  @Override
  public DataStream<FlowSignal> detect(PatternInputs in, FlowDetectionSettings settings) {
    return in.tradesByInstrument()
        .connect(in.underlying())
        .process(new SweepFunction(settings))
        .returns(new AvroTypeInfo<>(FlowSignal.class))
        .uid(Uids.PATTERN_SWEEP)
        .name("pattern-sweep");
  }
}
