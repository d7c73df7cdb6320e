package io.nqflow.runner.source;

import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.normalize.NormalizationException;
import io.nqflow.feed.replay.MergedDbnReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.types.Either;

/**
 * Reads one day split at a time with a {@link MergedDbnReader}, one record per {@link #pollNext}
 * (so a rate limiter around it paces records), and asks for the next day when one is done. Only the
 * open files' buffers and the current record are held: memory does not grow with the session.
 */
final class DbnSourceReader<T> implements SourceReader<T, DbnDaySplit> {
  private final SourceReaderContext context;
  private final DbnSource.Mode mode;
  private final long maxEvents;
  private final DbnNormalizer normalizer = new DbnNormalizer(DbnSource.SOURCE);
  private final ArrayDeque<DbnDaySplit> pending = new ArrayDeque<>();
  private CompletableFuture<Void> available = new CompletableFuture<>();
  private boolean noMoreSplits;
  private DbnDaySplit split;
  private MergedDbnReader reader;
  private long itemsRead;
  private long events;

  DbnSourceReader(SourceReaderContext context, DbnSource.Mode mode, long maxEvents) {
    this.context = context;
    this.mode = mode;
    this.maxEvents = maxEvents;
  }

  @Override
  public void start() {
    if (pending.isEmpty()) {
      context.sendSplitRequest();
    }
  }

  @Override
  public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
    while (true) {
      if (events >= maxEvents) {
        // Done without asking for more: a split assigned now would go to a finished reader.
        closeReader();
        return InputStatus.END_OF_INPUT;
      }
      if (reader == null && !openNext()) {
        if (noMoreSplits) {
          return InputStatus.END_OF_INPUT;
        }
        available = new CompletableFuture<>();
        return InputStatus.NOTHING_AVAILABLE;
      }
      MergedDbnReader.Item item = reader.next();
      if (item == null) {
        closeSplit();
        continue;
      }
      itemsRead++;
      if (emit(item, output)) {
        return InputStatus.MORE_AVAILABLE;
      }
    }
  }

  /** Emits what {@code item} yields in this mode; false when it yields nothing. */
  @SuppressWarnings("unchecked")
  private boolean emit(MergedDbnReader.Item item, ReaderOutput<T> output) throws IOException {
    if (item instanceof MergedDbnReader.BadInput bad) {
      if (mode == DbnSource.Mode.EVENTS) {
        output.collect(
            (T) Either.Right(bad.file() + " at byte " + bad.offset() + ": " + bad.reason()));
        return true;
      }
      return false;
    }
    MergedDbnReader.Rec rec = (MergedDbnReader.Rec) item;
    DbnNormalizer.Kind kind = DbnNormalizer.kindOf(rec.record());
    try {
      if (mode == DbnSource.Mode.INSTRUMENTS) {
        if (kind != DbnNormalizer.Kind.INSTRUMENT) {
          // The merged stream gives every definition first: the rest of the day holds none.
          closeSplit();
          return false;
        }
        output.collect((T) normalizer.instrument(rec.record()));
        return true;
      }
      switch (kind) {
        case EVENT -> {
          output.collect((T) Either.Left(normalizer.event(rec.record())));
          events++;
          return true;
        }
        case INSTRUMENT -> {
          // Normalized only to report a bad definition here, once: the definitions source
          // emits them.
          normalizer.instrument(rec.record());
          return false;
        }
        default -> {
          return false;
        }
      }
    } catch (NormalizationException e) {
      if (mode == DbnSource.Mode.EVENTS) {
        output.collect((T) Either.Right(rec.file() + ": " + e.getMessage()));
        return true;
      }
      return false;
    }
  }

  private boolean openNext() throws IOException {
    DbnDaySplit next = pending.poll();
    if (next == null) {
      return false;
    }
    split = next;
    reader = new MergedDbnReader(next.paths());
    itemsRead = 0;
    // A restored split skips what was read before the checkpoint (the reader is deterministic).
    while (itemsRead < next.itemsRead() && reader.next() != null) {
      itemsRead++;
    }
    return true;
  }

  /** Ends the current day and asks for the next one unless one is already here. */
  private void closeSplit() throws IOException {
    if (reader != null) {
      closeReader();
      if (pending.isEmpty() && !noMoreSplits) {
        context.sendSplitRequest();
      }
    }
  }

  private void closeReader() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
      split = null;
    }
  }

  @Override
  public List<DbnDaySplit> snapshotState(long checkpointId) {
    List<DbnDaySplit> state = new ArrayList<>();
    if (split != null) {
      state.add(split.at(itemsRead));
    }
    state.addAll(pending);
    return state;
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return available;
  }

  @Override
  public void addSplits(List<DbnDaySplit> splits) {
    pending.addAll(splits);
    available.complete(null);
  }

  @Override
  public void notifyNoMoreSplits() {
    noMoreSplits = true;
    available.complete(null);
  }

  @Override
  public void close() throws Exception {
    closeReader();
  }
}
