package io.nqflow.feed.replay;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.feed.DbnIngest;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.normalize.DbnNormalizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
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

  private final FeedSink publisher;
  private final Speed speed;
  private final DbnIngest ingest;

  /** A replay checked with the default quality thresholds. */
  public ReplayFeed(String source, FeedSink publisher, Speed speed) {
    this(source, publisher, speed, QualityConfig.defaults());
  }

  public ReplayFeed(String source, FeedSink publisher, Speed speed, QualityConfig quality) {
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
   */
  public record Stats(
      long records,
      long instruments,
      long events,
      long notEvents,
      long deadLetters,
      long qualityFindings) {
    public Stats(long records, long instruments, long events, long notEvents, long deadLetters) {
      this(records, instruments, events, notEvents, deadLetters, 0);
    }
  }

  /**
   * Replays the files and folders, then flushes the producer.
   *
   * @param progress called with the number of records read so far (every 10,000 records)
   */
  public Stats run(List<Path> inputs, LongConsumer progress) throws IOException {
    List<Path> files = DbnFileSet.expand(inputs);
    long records = 0;
    long instruments = 0;
    long events = 0;
    long notEvents = 0;
    long dead = 0;
    long firstTs = Long.MIN_VALUE;
    long startNanos = System.nanoTime();
    try (MergedDbnReader reader = new MergedDbnReader(files)) {
      MergedDbnReader.Item item;
      while ((item = reader.next()) != null) {
        if (item instanceof MergedDbnReader.BadInput b) {
          LOG.warn("bad DBN input {} at byte {}: {}", b.file(), b.offset(), b.reason());
          ingest.badInput(b.file() + "@" + b.offset(), b.reason(), b.raw());
          dead++;
          continue;
        }
        DbnRecord r = ((MergedDbnReader.Rec) item).record();
        Path file = ((MergedDbnReader.Rec) item).file();
        records++;
        if (!speed.isMax() && DbnNormalizer.kindOf(r) == DbnNormalizer.Kind.EVENT) {
          if (firstTs == Long.MIN_VALUE) {
            firstTs = r.tsEvent();
          }
          pace(startNanos, r.tsEvent() - firstTs);
        }
        switch (ingest.accept(r, file + "@" + r.streamOffset())) {
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
    return new Stats(records, instruments, events, notEvents, dead, ingest.qualityFindings());
  }

  private void pace(long startNanos, long marketElapsedNanos) {
    long due = startNanos + (long) (marketElapsedNanos / speed.multiplier());
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
