package io.nqflow.runner.source;

import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimitedSourceReader;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;

/**
 * Bounded FLIP-27 source over a folder of DBN sessions (as {@code nqflow simulate} writes them):
 * one split per day folder, handed out in date order and read lazily with {@code MergedDbnReader},
 * so memory stays flat however long the session. {@link #events} emits the normalized market events
 * in event time, with bad input as {@code Right} problem texts (to be counted and reported, never
 * dropped); {@link #instruments} emits the instrument definitions. Run it with parallelism 1: one
 * reader keeps the days in order.
 */
public final class DbnSource<T>
    implements Source<T, DbnDaySplit, List<DbnDaySplit>>, ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  /** The {@code source} of the market events and instruments read from files. */
  public static final String SOURCE = "dbn-file";

  /** What the source emits. */
  enum Mode {
    EVENTS,
    INSTRUMENTS
  }

  private final List<DbnDaySplit> days;
  private final Mode mode;
  private final long maxEvents;
  private final double eventsPerSecond;
  private final TypeInformation<T> type;

  private DbnSource(
      List<DbnDaySplit> days,
      Mode mode,
      long maxEvents,
      double eventsPerSecond,
      TypeInformation<T> type) {
    this.days = List.copyOf(days);
    this.mode = mode;
    this.maxEvents = maxEvents;
    this.eventsPerSecond = eventsPerSecond;
    this.type = type;
  }

  /** Market events (left) and bad input (right) of the DBN files under {@code root}. */
  public static DbnSource<Either<MarketEvent, String>> events(Path root) {
    return new DbnSource<>(
        days(root),
        Mode.EVENTS,
        Long.MAX_VALUE,
        0,
        new EitherTypeInfo<>(new AvroTypeInfo<>(MarketEvent.class), Types.STRING));
  }

  /** The instrument definitions of the DBN files under {@code root}. */
  public static DbnSource<Instrument> instruments(Path root) {
    return new DbnSource<>(
        days(root), Mode.INSTRUMENTS, Long.MAX_VALUE, 0, new AvroTypeInfo<>(Instrument.class));
  }

  /** This source ending after the first {@code n} market events. */
  public DbnSource<T> limit(long n) {
    return new DbnSource<>(days, mode, n, eventsPerSecond, type);
  }

  /** This source emitting at most {@code perSecond} items a second (0: as fast as it can). */
  public DbnSource<T> paced(double perSecond) {
    return new DbnSource<>(days, mode, maxEvents, perSecond, type);
  }

  /** The day splits of {@code root}: its selected files grouped by folder, in path order. */
  static List<DbnDaySplit> days(Path root) {
    List<Path> files = SessionFolders.select(root);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no DBN files under " + root);
    }
    Map<Path, List<String>> byFolder = new LinkedHashMap<>();
    for (Path f : files) {
      byFolder.computeIfAbsent(f.getParent(), k -> new ArrayList<>()).add(f.toString());
    }
    List<DbnDaySplit> days = new ArrayList<>();
    byFolder.forEach((folder, fs) -> days.add(new DbnDaySplit(folder.toString(), fs, 0)));
    return days;
  }

  List<DbnDaySplit> splits() {
    return days;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SourceReader<T, DbnDaySplit> createReader(SourceReaderContext context) {
    DbnSourceReader<T> reader = new DbnSourceReader<>(context, mode, maxEvents);
    if (eventsPerSecond <= 0) {
      return reader;
    }
    @SuppressWarnings("unchecked")
    RateLimiterStrategy<DbnDaySplit> limit = RateLimiterStrategy.perSecond(eventsPerSecond);
    return new RateLimitedSourceReader<>(
        reader, limit.createRateLimiter(context.currentParallelism()));
  }

  @Override
  public SplitEnumerator<DbnDaySplit, List<DbnDaySplit>> createEnumerator(
      SplitEnumeratorContext<DbnDaySplit> context) {
    return new DbnSplitEnumerator(context, days);
  }

  @Override
  public SplitEnumerator<DbnDaySplit, List<DbnDaySplit>> restoreEnumerator(
      SplitEnumeratorContext<DbnDaySplit> context, List<DbnDaySplit> remaining) {
    return new DbnSplitEnumerator(context, remaining);
  }

  @Override
  public SimpleVersionedSerializer<DbnDaySplit> getSplitSerializer() {
    return DbnDaySplit.Serializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<List<DbnDaySplit>> getEnumeratorCheckpointSerializer() {
    return DbnSplitEnumerator.StateSerializer.INSTANCE;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return type;
  }
}
