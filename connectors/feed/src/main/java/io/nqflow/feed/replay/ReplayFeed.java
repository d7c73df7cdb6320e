package io.nqflow.feed.replay;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.feed.DbnIngest;
import io.nqflow.feed.FeedMetrics;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.RunControl;
import io.nqflow.feed.normalize.DbnNormalizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes DBN files into Kafka through the normalizer: definitions first, then every event in
 * event-time order, at {@code max} speed or paced to N times real time. Bad records and bad files
 * become dead letters and the replay goes on; so do events the quality monitor rejects (duplicates,
 * off-tick or out-of-limit prices, crossed books); see {@link DbnIngest}.
 */
public final class ReplayFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayFeed.class);

  private static final long MAX_PARK_NANOS = 50_000_000L;

  private final String source;
  private final FeedSink publisher;
  private final Speed speed;
  private final DbnIngest ingest;

  /** A replay checked with the default quality thresholds. */
  public ReplayFeed(String source, FeedSink publisher, Speed speed) {
    this(source, publisher, speed, QualityConfig.defaults());
  }

  public ReplayFeed(String source, FeedSink publisher, Speed speed, QualityConfig quality) {
    this.source = source;
    this.publisher = publisher;
    this.speed = speed;
    this.ingest = new DbnIngest(source, DbnIngest.STAGE, publisher, quality);
  }

  /**
   * Counts of one replay.
   *
   * @param events events published to md.events (rejected ones are dead letters instead)
   * @param deadLetters bad input, records that failed normalization and rejected events
   * @param qualityFindings every quality finding, rejecting or not
   * @param skipped events before the run's start point, not delivered
   */
  public record Stats(
      long records,
      long instruments,
      long events,
      long notEvents,
      long deadLetters,
      long qualityFindings,
      long skipped) {
    public Stats(long records, long instruments, long events, long notEvents, long deadLetters) {
      this(records, instruments, events, notEvents, deadLetters, 0, 0);
    }
  }

  /** ts_event of the latest event handed to the publisher, ns; 0 before the first. */
  private long marketTime;

  /**
   * The market time reached: ts_event (ns) of the latest event published, 0 before the first. Read
   * it from the progress callback (same thread).
   */
  public long marketTime() {
    return marketTime;
  }

  /**
   * Replays the files and folders, then flushes the producer.
   *
   * @param progress called with the number of records read so far (every 10,000 records)
   */
  public Stats run(List<Path> inputs, LongConsumer progress) throws IOException {
    return run(inputs, progress, RunControl.fromStart());
  }

  /**
   * Replays the files and folders until they end or {@code control} asks to stop, then flushes.
   * Events before {@code control.fromTsEvent()} are skipped without being normalized (definitions
   * are always delivered); pacing starts at the first event delivered.
   */
  public Stats run(List<Path> inputs, LongConsumer progress, RunControl control)
      throws IOException {
    List<Path> files = DbnFileSet.expand(inputs);
    long from = control.fromTsEvent();
    long skipped = 0;
    long records = 0;
    long instruments = 0;
    long events = 0;
    long notEvents = 0;
    long dead = 0;
    long firstTs = Long.MIN_VALUE;
    long startNanos = System.nanoTime();
    Position position = new Position();
    try (MergedDbnReader reader = new MergedDbnReader(files)) {
      MergedDbnReader.Item item;
      while (!control.stopRequested() && (item = reader.next()) != null) {
        if (item instanceof MergedDbnReader.BadInput b) {
          LOG.warn("bad DBN input {} at byte {}: {}", b.file(), b.offset(), b.reason());
          ingest.badInput(b.file() + "@" + b.offset(), b.reason(), b.raw());
          dead++;
          continue;
        }
        DbnRecord r = ((MergedDbnReader.Rec) item).record();
        Path file = ((MergedDbnReader.Rec) item).file();
        records++;
        boolean event = DbnNormalizer.kindOf(r) == DbnNormalizer.Kind.EVENT;
        if (event && Long.compareUnsigned(r.tsEvent(), from) < 0) {
          skipped++;
          continue;
        }
        if (!speed.isMax() && event) {
          if (firstTs == Long.MIN_VALUE) {
            firstTs = r.tsEvent();
            startNanos = System.nanoTime();
          }
          if (!pace(startNanos, r.tsEvent() - firstTs, control)) {
            break;
          }
        }
        if (event) {
          marketTime = r.tsEvent();
        }
        position.file = file;
        position.offset = r.streamOffset();
        switch (ingest.accept(r, position)) {
          case INSTRUMENT -> instruments++;
          case EVENT -> events++;
          case NOT_AN_EVENT -> notEvents++;
          case DEAD_LETTER -> dead++;
        }
        if (records % 10_000 == 0) {
          progress.accept(records);
        }
      }
    }
    publisher.flush();
    progress.accept(records);
    if (skipped > 0) {
      FeedMetrics.RESUME_SKIPPED.labels(source).inc(skipped);
      publisher.skipped(source, skipped);
    }
    return new Stats(
        records, instruments, events, notEvents, dead, ingest.qualityFindings(), skipped);
  }

  /**
   * The position of the record being delivered, as {@code file@offset}, made only for a dead
   * letter: one reused object instead of a lambda per record.
   */
  private static final class Position implements Supplier<String> {
    Path file;
    long offset;

    @Override
    public String get() {
      return file + "@" + offset;
    }
  }

  /** Waits until the event is due; false when a stop was requested meanwhile. */
  private boolean pace(long startNanos, long marketElapsedNanos, RunControl control) {
    long due = startNanos + (long) (marketElapsedNanos / speed.multiplier());
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      if (control.stopRequested()) {
        return false;
      }
      // In slices, so a stop does not wait for a long gap between events.
      LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
    }
    return true;
  }
}
