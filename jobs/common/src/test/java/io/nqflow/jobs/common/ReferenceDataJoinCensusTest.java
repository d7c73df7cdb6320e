package io.nqflow.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** The instrument-key census the operator takes at each checkpoint of an expiring function. */
class ReferenceDataJoinCensusTest {
  /** Keeps (instrument id, expiry ms) per id; clears it 100 ms after expiry when {@code clears}. */
  static final class Definitions
      extends KeyedCoProcessFunction<Long, Long, Tuple2<Long, Long>, Long>
      implements ReferenceDataJoinOperator.Expiring<Long> {
    private final boolean clears;
    private transient ValueState<Long> expiry;

    Definitions(boolean clears) {
      this.clears = clears;
    }

    @Override
    public void open(OpenContext ctx) {
      expiry = getRuntimeContext().getState(referenceState());
    }

    @Override
    public void processElement1(Long event, Context ctx, Collector<Long> out) {}

    @Override
    public void processElement2(Tuple2<Long, Long> def, Context ctx, Collector<Long> out)
        throws Exception {
      expiry.update(def.f1);
      if (clears) {
        ctx.timerService().registerEventTimeTimer(def.f1 + 100);
      }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Long> out) {
      expiry.clear();
    }

    @Override
    public ValueStateDescriptor<Long> referenceState() {
      return new ValueStateDescriptor<>("ref", Types.LONG);
    }

    @Override
    public long expiresAtMillis(Long value) {
      return value;
    }

    @Override
    public long retiredAtMillis(Long value) {
      return value + 100;
    }
  }

  private static InstrumentKeyCensus runTo(boolean clears, long watermark) throws Exception {
    var op = new ReferenceDataJoinOperator<>(new Definitions(clears));
    try (var h =
        new KeyedTwoInputStreamOperatorTestHarness<Long, Long, Tuple2<Long, Long>, Long>(
            op, e -> e, d -> d.f0, Types.LONG)) {
      h.open();
      h.processElement2(Tuple2.of(1L, 1_000L), 0);
      h.processElement2(Tuple2.of(2L, 1_050L), 0);
      h.processElement2(Tuple2.of(3L, 5_000L), 0);
      h.processElement2(Tuple2.of(4L, Long.MAX_VALUE - 200), 0);
      assertEquals(InstrumentKeyCensus.EMPTY, op.census(), "counted at checkpoints only");
      h.processBothWatermarks(new Watermark(watermark));
      h.snapshot(1, 1);
      return op.census();
    }
  }

  @Test
  void keysPastExpiryButWithinRetentionAreExpiredNotOverdue() throws Exception {
    // At 1,120: ids 1 and 2 expired (1,000 and 1,050); id 1 was due to go at 1,100 and went.
    assertEquals(new InstrumentKeyCensus(3, 1, 0), runTo(true, 1_120));
  }

  @Test
  void aFunctionThatNeverClearsLeavesOverdueKeys() throws Exception {
    // Nothing cleared: 4 keys, 2 expired, ids 1 (1,100) and 2 (1,150) past their clearing time.
    assertEquals(new InstrumentKeyCensus(4, 2, 2), runTo(false, 1_200));
  }

  @Test
  void aFunctionThatClearsLeavesNone() throws Exception {
    assertEquals(new InstrumentKeyCensus(2, 0, 0), runTo(true, 1_200));
  }
}
