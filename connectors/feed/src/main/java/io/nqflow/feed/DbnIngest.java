package io.nqflow.feed;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.core.ids.Ids;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.RType;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.normalize.NormalizationException;
import io.nqflow.feed.quality.Finding;
import io.nqflow.feed.quality.QualityMonitor;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.prometheus.client.Counter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;

/**
 * One source's path from a DBN record to the sink: normalize, check quality, deliver, and turn
 * whatever cannot be delivered into a dead letter with the raw bytes. Shared by every DBN source so
 * replay and live treat records the same way. Not thread-safe.
 */
public final class DbnIngest {
  /** Dead-letter stage of bad input and records the normalizer cannot map. */
  public static final String STAGE = "feed-replay";

  /** Dead-letter stage of events the quality monitor rejects. */
  public static final String QUALITY_STAGE = "feed-quality";

  /** What became of one record. */
  public enum Outcome {
    INSTRUMENT,
    EVENT,
    NOT_AN_EVENT,
    DEAD_LETTER
  }

  private final String source;
  private final String stage;
  private final FeedSink sink;
  private final DbnNormalizer normalizer;
  private final QualityMonitor quality;
  private long qualityFindings;

  /** The records-in counter per record type: a label lookup per record costs more than the rest. */
  private final Counter.Child[] recordsIn = new Counter.Child[256];

  public DbnIngest(String source, String stage, FeedSink sink, QualityConfig quality) {
    this.source = source;
    this.stage = stage;
    this.sink = sink;
    this.normalizer = new DbnNormalizer(source);
    this.quality = new QualityMonitor(source, quality);
    // Dead-letter series start at zero, so that a rate or increase sees the first dead letter.
    FeedMetrics.DEAD_LETTERS.labels(source, stage);
    FeedMetrics.DEAD_LETTERS.labels(source, QUALITY_STAGE);
  }

  /**
   * Delivers one record.
   *
   * @param position where the record came from, e.g. {@code file@offset}, for dead letters
   */
  public Outcome accept(DbnRecord r, String position) {
    return accept(r, () -> position);
  }

  /**
   * Delivers one record; {@code position} is only asked for when a dead letter is written (a
   * position string per record cost more than the rest of a replay's record handling).
   */
  public Outcome accept(DbnRecord r, Supplier<String> position) {
    int rtype = r.rtype() & 0xFF;
    Counter.Child in = recordsIn[rtype];
    if (in == null) {
      in = FeedMetrics.EVENTS_IN.labels(source, RType.name(r.rtype()));
      recordsIn[rtype] = in;
    }
    in.inc();
    try {
      switch (DbnNormalizer.kindOf(r)) {
        case INSTRUMENT -> {
          Instrument i = normalizer.instrument(r);
          quality.instrument(i);
          sink.instrument(i);
          return Outcome.INSTRUMENT;
        }
        case EVENT -> {
          MarketEvent e = normalizer.event(r);
          List<Finding> found = quality.check(e);
          int n = found.size();
          qualityFindings += n;
          for (int k = 0; k < n; k++) {
            Finding f = found.get(k);
            if (f.rejects()) {
              sink.deadLetter(
                  deadLetter(
                      QUALITY_STAGE,
                      position.get(),
                      f.check().label() + ": " + f.reason(),
                      r.copyBytes()));
              return Outcome.DEAD_LETTER;
            }
          }
          sink.event(e);
          return Outcome.EVENT;
        }
        default -> {
          return Outcome.NOT_AN_EVENT;
        }
      }
    } catch (NormalizationException | RuntimeException e) {
      sink.deadLetter(deadLetter(stage, position.get(), e.getMessage(), r.copyBytes()));
      return Outcome.DEAD_LETTER;
    }
  }

  /** Input that is not a readable record (a torn or malformed stream). */
  public void badInput(String position, String reason, byte[] raw) {
    sink.deadLetter(deadLetter(stage, position, reason, raw));
  }

  /** Quality findings so far, rejecting or not. */
  public long qualityFindings() {
    return qualityFindings;
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
