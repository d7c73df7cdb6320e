package io.nqflow.jobs.common;

import java.util.List;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.operators.TimerHeapInternalTimer;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.LatencyMarker;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * A keyed two-input operator whose second input is reference data (instrument definitions): only
 * the first input's watermarks and idleness drive event time, and records of the first input that
 * wait for their reference data hold the output watermark back.
 *
 * <p>Why the second input's watermarks are ignored: Flink combines the watermarks of both inputs. A
 * definitions input that reports nothing holds event time back for ever; one that reports the end
 * of time takes over as soon as the market-data input goes idle (before the feed starts, between
 * sessions, or while a source has no split yet), and every later market event would be late. Here
 * the second input counts as idle from the start and its watermarks and status changes are ignored.
 *
 * <p>Why records that wait hold the watermark: the two inputs are read independently, so market
 * data can run ahead of the definitions it needs (a replay from the start of a topic reads hours of
 * events in a second). A {@link Holding} function reports the event time of each key's oldest
 * waiting record; the operator never emits a watermark at or past it, so the records it releases
 * once their definition arrives are not late downstream. For the same reason the operator does not
 * pass on that its market-data input went idle (a Kafka outage, a quiet partition) while records
 * wait: downstream would leave this subtask out of its watermark, let the other subtasks' watermark
 * pass the waiting records, and receive them late once they are released. It reports idle once
 * nothing waits any more. Each released record carries its own timestamp. When both inputs have
 * ended, every key that still waits gets a last event-time timer at {@code Long.MAX_VALUE} (its
 * definition will never come), then the end of time is emitted.
 */
public final class ReferenceDataJoinOperator<K, IN1, IN2, OUT>
    extends KeyedCoProcessOperator<K, IN1, IN2, OUT> implements BoundedMultiInput {
  private static final long serialVersionUID = 1L;
  private static final int REFERENCE_INPUT = 1;

  /** A function whose waiting records hold back event time. */
  public interface Holding {
    /**
     * Keyed state with the event time (ms) of the key's oldest waiting record; null when none
     * waits. The operator reads it on restore.
     */
    ValueStateDescriptor<Long> holdState();

    /**
     * Called once at open: {@code hold} is where the function adds and removes its holds, {@code
     * timestamp} sets the timestamp (ms) of the next record it emits.
     */
    void bind(Holds hold, LongConsumer timestamp);
  }

  /**
   * A function whose keys are instruments that expire. The operator counts its keys at every
   * checkpoint ({@link InstrumentKeyCensus}) and reports them as the gauges {@code
   * nqflow_state_instrument_keys}, {@code nqflow_state_instrument_keys_expired} and {@code
   * nqflow_state_instrument_keys_overdue} (the last must stay 0).
   *
   * @param <V> the reference value kept per key (the instrument definition)
   */
  public interface Expiring<V> {
    /** Keyed state with the key's reference value; a key without one is not counted. */
    ValueStateDescriptor<V> referenceState();

    /** Event time (ms) at which the value's instrument expires; {@code Long.MAX_VALUE}: never. */
    long expiresAtMillis(V value);

    /**
     * Event time (ms) by which the function clears the key's state; {@code Long.MAX_VALUE}: never.
     */
    long retiredAtMillis(V value);
  }

  /** The event times (ms) held back, each counted once per key that holds it. */
  public static final class Holds {
    private final TreeMap<Long, Integer> counts = new TreeMap<>();
    private boolean released;

    public void add(long ts) {
      counts.merge(ts, 1, Integer::sum);
    }

    public void remove(long ts) {
      counts.computeIfPresent(ts, (k, n) -> n == 1 ? null : n - 1);
      released = true;
    }

    /** Whether a hold was removed since the last call: only then can the watermark move on. */
    boolean takeReleased() {
      boolean r = released;
      released = false;
      return r;
    }

    /** The oldest held time, or {@code Long.MAX_VALUE} when nothing is held. */
    public long oldest() {
      return counts.isEmpty() ? Long.MAX_VALUE : counts.firstKey();
    }

    public int size() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private transient Holds holds;
  private transient long inputWatermark;
  private transient long emittedWatermark;
  private transient boolean referenceEnded;
  private transient boolean dataEnded;
  private transient volatile InstrumentKeyCensus census;

  public ReferenceDataJoinOperator(KeyedCoProcessFunction<K, IN1, IN2, OUT> function) {
    super(function);
  }

  @Override
  public void open() throws Exception {
    holds = new Holds();
    inputWatermark = Long.MIN_VALUE;
    emittedWatermark = Long.MIN_VALUE;
    output = new HoldingOutput(output);
    super.open();
    combinedWatermark.updateStatus(REFERENCE_INPUT, true);
    census = InstrumentKeyCensus.EMPTY;
    if (userFunction instanceof Expiring<?>) {
      var g = getMetricGroup();
      g.gauge("nqflow_state_instrument_keys", (Gauge<Long>) () -> census.keys());
      g.gauge("nqflow_state_instrument_keys_expired", (Gauge<Long>) () -> census.expired());
      g.gauge("nqflow_state_instrument_keys_overdue", (Gauge<Long>) () -> census.overdue());
    }
    if (userFunction instanceof Holding h) {
      h.bind(holds, ts -> getCollector().setAbsoluteTimestamp(ts));
      for (K key : keysHolding(h)) {
        setCurrentKey(key);
        Long ts = state(h).value();
        if (ts != null) {
          holds.add(ts);
        }
      }
    }
  }

  /**
   * The instrument keys counted at the last checkpoint (empty unless the function expires keys).
   */
  public InstrumentKeyCensus census() {
    return census;
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    if (userFunction instanceof Expiring<?> e) {
      // On the task thread, so reading every key's state is safe; the gauges read the result.
      census = count(e);
    }
  }

  private <V> InstrumentKeyCensus count(Expiring<V> e) throws Exception {
    ValueStateDescriptor<V> d = e.referenceState();
    List<K> keys;
    try (var stream =
        getKeyedStateBackend().<VoidNamespace>getKeys(d.getName(), VoidNamespace.INSTANCE)) {
      @SuppressWarnings("unchecked")
      List<K> list = (List<K>) stream.toList();
      keys = list;
    }
    InstrumentKeyCensus c = InstrumentKeyCensus.EMPTY;
    ValueState<V> state =
        getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
    for (K key : keys) {
      setCurrentKey(key);
      V v = state.value();
      if (v != null) {
        c = c.plus(e.expiresAtMillis(v), e.retiredAtMillis(v), inputWatermark);
      }
    }
    return c;
  }

  /** How many keys hold event time back now. */
  public int holding() {
    return holds.size();
  }

  private ValueState<Long> state(Holding h) throws Exception {
    return getPartitionedState(
        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, h.holdState());
  }

  private List<K> keysHolding(Holding h) {
    try (var keys =
        getKeyedStateBackend()
            .<VoidNamespace>getKeys(h.holdState().getName(), VoidNamespace.INSTANCE)) {
      @SuppressWarnings("unchecked")
      List<K> list = (List<K>) keys.toList();
      return list;
    }
  }

  @Override
  public void processWatermark2(Watermark mark) {
    // Reference data has no event time of its own.
  }

  @Override
  protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
    if (index != REFERENCE_INPUT) {
      super.processWatermarkStatus(status, index);
    }
  }

  @Override
  public void processElement1(StreamRecord<IN1> element) throws Exception {
    super.processElement1(element);
    if (holds.takeReleased()) {
      // Records that waited went out: the watermark they held may advance now.
      emitHeldWatermark();
    }
  }

  @Override
  public void processElement2(StreamRecord<IN2> element) throws Exception {
    super.processElement2(element);
    if (holds.takeReleased()) {
      // Records that waited went out: the watermark they held may advance now.
      emitHeldWatermark();
    }
  }

  /** Whether the market-data input is idle (as last reported to this operator). */
  private transient boolean inputIdle;

  /** Whether this operator reported idle downstream. */
  private transient boolean idleReported;

  @Override
  public void onProcessingTime(
      org.apache.flink.streaming.api.operators.InternalTimer<K, VoidNamespace> timer)
      throws Exception {
    super.onProcessingTime(timer);
    if (holds.takeReleased()) {
      // Records that waited went out: the watermark they held may advance now.
      emitHeldWatermark();
    }
  }

  @Override
  public void endInput(int inputId) throws Exception {
    if (inputId == REFERENCE_INPUT + 1) {
      referenceEnded = true;
    } else {
      dataEnded = true;
    }
    if (!(referenceEnded && dataEnded)) {
      return;
    }
    if (userFunction instanceof Holding h) {
      for (K key : keysHolding(h)) {
        setCurrentKey(key);
        if (state(h).value() != null) {
          onEventTime(new TimerHeapInternalTimer<>(Long.MAX_VALUE, key, VoidNamespace.INSTANCE));
        }
      }
    }
    inputWatermark = Long.MAX_VALUE;
    emitHeldWatermark();
  }

  /** Emits the input watermark, held back before the oldest waiting record, if it advanced. */
  private void emitHeldWatermark() {
    long held = holds.oldest();
    long wm = held == Long.MAX_VALUE ? inputWatermark : Math.min(inputWatermark, held - 1);
    if (wm > emittedWatermark) {
      emittedWatermark = wm;
      ((HoldingOutput) output).forward(new Watermark(wm));
    }
    reportIdleWhenNothingWaits();
  }

  /** Passes on the input's idleness once no record waits (see the class comment). */
  private void reportIdleWhenNothingWaits() {
    if (inputIdle && !idleReported && holds.size() == 0) {
      idleReported = true;
      ((HoldingOutput) output).forwardStatus(WatermarkStatus.IDLE);
    }
  }

  /** Passes everything on except watermarks, which go through {@link #emitHeldWatermark()}. */
  private final class HoldingOutput implements Output<StreamRecord<OUT>> {
    private final Output<StreamRecord<OUT>> out;

    HoldingOutput(Output<StreamRecord<OUT>> out) {
      this.out = out;
    }

    void forward(Watermark mark) {
      out.emitWatermark(mark);
    }

    @Override
    public void emitWatermark(Watermark mark) {
      inputWatermark = Math.max(inputWatermark, mark.getTimestamp());
      emitHeldWatermark();
    }

    void forwardStatus(WatermarkStatus status) {
      out.emitWatermarkStatus(status);
    }

    @Override
    public void emitWatermarkStatus(WatermarkStatus status) {
      if (status.isIdle()) {
        inputIdle = true;
        reportIdleWhenNothingWaits();
      } else {
        inputIdle = false;
        if (idleReported) {
          idleReported = false;
          out.emitWatermarkStatus(status);
        }
      }
    }

    @Override
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
      out.collect(tag, record);
    }

    @Override
    public void emitLatencyMarker(LatencyMarker marker) {
      out.emitLatencyMarker(marker);
    }

    @Override
    public void emitRecordAttributes(RecordAttributes attributes) {
      out.emitRecordAttributes(attributes);
    }

    @Override
    public void emitWatermark(org.apache.flink.runtime.event.WatermarkEvent event) {
      out.emitWatermark(event);
    }

    @Override
    public void collect(StreamRecord<OUT> record) {
      out.collect(record);
    }

    @Override
    public void close() {
      out.close();
    }
  }
}
