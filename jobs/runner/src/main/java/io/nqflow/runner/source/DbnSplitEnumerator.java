package io.nqflow.runner.source;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Hands the day splits out one at a time, in date order, and only when a reader asks: the reader
 * finishes a day before it gets the next, so event time never goes backwards across days.
 */
final class DbnSplitEnumerator implements SplitEnumerator<DbnDaySplit, List<DbnDaySplit>> {
  private final SplitEnumeratorContext<DbnDaySplit> context;
  private final ArrayDeque<DbnDaySplit> remaining;

  DbnSplitEnumerator(SplitEnumeratorContext<DbnDaySplit> context, List<DbnDaySplit> splits) {
    this.context = context;
    this.remaining = new ArrayDeque<>(splits);
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtask, String requesterHostname) {
    DbnDaySplit next = remaining.poll();
    if (next == null) {
      context.signalNoMoreSplits(subtask);
    } else {
      context.assignSplit(next, subtask);
    }
  }

  @Override
  public void addSplitsBack(List<DbnDaySplit> splits, int subtask) {
    // A failed reader's days go back to the front, in their order, so the next reader resumes them
    // before any later day.
    for (int i = splits.size() - 1; i >= 0; i--) {
      remaining.addFirst(splits.get(i));
    }
  }

  @Override
  public void addReader(int subtask) {}

  @Override
  public List<DbnDaySplit> snapshotState(long checkpointId) {
    return new ArrayList<>(remaining);
  }

  @Override
  public void close() {}

  /** The enumerator's checkpoint: the days not handed out yet. */
  static final class StateSerializer implements SimpleVersionedSerializer<List<DbnDaySplit>> {
    static final StateSerializer INSTANCE = new StateSerializer();

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(List<DbnDaySplit> splits) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(1024);
      out.writeInt(splits.size());
      for (DbnDaySplit s : splits) {
        DbnDaySplit.Serializer.write(s, out);
      }
      return out.getCopyOfBuffer();
    }

    @Override
    public List<DbnDaySplit> deserialize(int version, byte[] bytes) throws IOException {
      if (version != 1) {
        throw new IOException("unknown DBN enumerator state version " + version);
      }
      DataInputDeserializer in = new DataInputDeserializer(bytes);
      int n = in.readInt();
      List<DbnDaySplit> splits = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        splits.add(DbnDaySplit.Serializer.read(in));
      }
      return splits;
    }
  }
}
