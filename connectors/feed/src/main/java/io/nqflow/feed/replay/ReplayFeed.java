package io.nqflow.feed.replay;

import io.nqflow.core.ids.Ids;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.feed.FeedPublisher;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.normalize.NormalizationException;
import io.nqflow.ops.v1.DeadLetter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes DBN files into Kafka through the normalizer: definitions first, then every event in
 * event-time order, at {@code max} speed or paced to N times real time. Bad records and bad files
 * become dead letters and the replay goes on.
 */
public final class ReplayFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayFeed.class);
  static final String STAGE = "feed-replay";

  private final String source;
  private final DbnNormalizer normalizer;
  private final FeedPublisher publisher;
  private final Speed speed;

  public ReplayFeed(String source, FeedPublisher publisher, Speed speed) {
    this.source = source;
    this.normalizer = new DbnNormalizer(source);
    this.publisher = publisher;
    this.speed = speed;
  }

  /** Counts of one replay. */
  public record Stats(
      long records, long instruments, long events, long notEvents, long deadLetters) {}

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
          publisher.deadLetter(deadLetter(b.file() + "@" + b.offset(), b.reason(), b.raw()));
          dead++;
          continue;
        }
        DbnRecord r = ((MergedDbnReader.Rec) item).record();
        Path file = ((MergedDbnReader.Rec) item).file();
        records++;
        try {
          switch (DbnNormalizer.kindOf(r)) {
            case INSTRUMENT -> {
              publisher.instrument(normalizer.instrument(r));
              instruments++;
            }
            case EVENT -> {
              if (!speed.isMax()) {
                if (firstTs == Long.MIN_VALUE) {
                  firstTs = r.tsEvent();
                }
                pace(startNanos, r.tsEvent() - firstTs);
              }
              publisher.event(normalizer.event(r));
              events++;
            }
            case NOT_AN_EVENT -> notEvents++;
          }
        } catch (NormalizationException | RuntimeException e) {
          publisher.deadLetter(
              deadLetter(file + "@" + r.streamOffset(), e.getMessage(), r.copyBytes()));
          dead++;
        }
        if (records % 10_000 == 0) {
          progress.accept(records);
        }
      }
    }
    publisher.flush();
    progress.accept(records);
    return new Stats(records, instruments, events, notEvents, dead);
  }

  private void pace(long startNanos, long marketElapsedNanos) {
    long due = startNanos + (long) (marketElapsedNanos / speed.multiplier());
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private DeadLetter deadLetter(String position, String reason, byte[] raw) {
    return DeadLetter.newBuilder()
        .setDeadLetterId(Ids.of("dl", source, STAGE, position))
        .setSource(source)
        .setStage(STAGE)
        .setReason(reason == null ? "unknown error" : reason)
        .setRaw(ByteBuffer.wrap(raw))
        .setPosition(position)
        .setTs(EpochNanos.now())
        .build();
  }
}
