package io.nqflow.feed.replay;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.core.ids.Ids;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.RType;
import io.nqflow.feed.FeedMetrics;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.normalize.NormalizationException;
import io.nqflow.feed.quality.Finding;
import io.nqflow.feed.quality.QualityMonitor;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
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
 * become dead letters and the replay goes on; so do events the {@link QualityMonitor} rejects
 * (duplicates, off-tick or out-of-limit prices, crossed books).
 */
public final class ReplayFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayFeed.class);
  static final String STAGE = "feed-replay";
  static final String QUALITY_STAGE = "feed-quality";

  private final String source;
  private final DbnNormalizer normalizer;
  private final FeedSink publisher;
  private final Speed speed;
  private final QualityMonitor quality;

  /** A replay checked with the default quality thresholds. */
  public ReplayFeed(String source, FeedSink publisher, Speed speed) {
    this(source, publisher, speed, QualityConfig.defaults());
  }

  public ReplayFeed(String source, FeedSink publisher, Speed speed, QualityConfig quality) {
    this.source = source;
    this.normalizer = new DbnNormalizer(source);
    this.publisher = publisher;
    this.speed = speed;
    this.quality = new QualityMonitor(source, quality);
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
    long findings = 0;
    long firstTs = Long.MIN_VALUE;
    long startNanos = System.nanoTime();
    try (MergedDbnReader reader = new MergedDbnReader(files)) {
      MergedDbnReader.Item item;
      while ((item = reader.next()) != null) {
        if (item instanceof MergedDbnReader.BadInput b) {
          LOG.warn("bad DBN input {} at byte {}: {}", b.file(), b.offset(), b.reason());
          publisher.deadLetter(deadLetter(STAGE, b.file() + "@" + b.offset(), b.reason(), b.raw()));
          dead++;
          continue;
        }
        DbnRecord r = ((MergedDbnReader.Rec) item).record();
        Path file = ((MergedDbnReader.Rec) item).file();
        records++;
        FeedMetrics.EVENTS_IN.labels(source, RType.name(r.rtype())).inc();
        try {
          switch (DbnNormalizer.kindOf(r)) {
            case INSTRUMENT -> {
              Instrument i = normalizer.instrument(r);
              quality.instrument(i);
              publisher.instrument(i);
              instruments++;
            }
            case EVENT -> {
              if (!speed.isMax()) {
                if (firstTs == Long.MIN_VALUE) {
                  firstTs = r.tsEvent();
                }
                pace(startNanos, r.tsEvent() - firstTs);
              }
              MarketEvent e = normalizer.event(r);
              List<Finding> found = quality.check(e);
              findings += found.size();
              Finding reject = found.stream().filter(Finding::rejects).findFirst().orElse(null);
              if (reject == null) {
                publisher.event(e);
                events++;
              } else {
                publisher.deadLetter(
                    deadLetter(
                        QUALITY_STAGE,
                        file + "@" + r.streamOffset(),
                        reject.check().label() + ": " + reject.reason(),
                        r.copyBytes()));
                dead++;
              }
            }
            case NOT_AN_EVENT -> notEvents++;
          }
        } catch (NormalizationException | RuntimeException e) {
          publisher.deadLetter(
              deadLetter(STAGE, file + "@" + r.streamOffset(), e.getMessage(), r.copyBytes()));
          dead++;
        }
        if (records % 10_000 == 0) {
          progress.accept(records);
        }
      }
    }
    publisher.flush();
    progress.accept(records);
    return new Stats(records, instruments, events, notEvents, dead, findings);
  }

  private void pace(long startNanos, long marketElapsedNanos) {
    long due = startNanos + (long) (marketElapsedNanos / speed.multiplier());
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private DeadLetter deadLetter(String stage, String position, String reason, byte[] raw) {
    return DeadLetter.newBuilder()
        .setDeadLetterId(Ids.of("dl", source, stage, position))
        .setSource(source)
        .setStage(stage)
        .setReason(reason == null ? "unknown error" : reason)
        .setRaw(ByteBuffer.wrap(raw))
        .setPosition(position)
        .setTs(EpochNanos.now())
        .build();
  }
}
