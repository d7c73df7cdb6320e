package io.nqflow.feed;

import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;

/** Where a feed source delivers normalized records; {@link FeedPublisher} writes them to Kafka. */
public interface FeedSink {
  void instrument(Instrument i);

  void event(MarketEvent e);

  void deadLetter(DeadLetter d);

  /**
   * {@code count} events of {@code source} were not delivered because they lie before the run's
   * start point (already published); for counts only.
   */
  default void skipped(String source, long count) {}

  /** Waits until everything delivered so far is durable; a no-op for sinks without buffers. */
  default void flush() {}
}
