package io.nqflow.feed.resume;

import io.nqflow.feed.FeedMetrics;
import io.nqflow.feed.FeedSink;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;

/** Drops the events a restarted feed delivers again that md.events already holds. */
public final class ResumeFilter implements FeedSink {
  private final ResumePoint point;
  private final FeedSink downstream;
  private long skipped;

  public ResumeFilter(ResumePoint point, FeedSink downstream) {
    this.point = point;
    this.downstream = downstream;
  }

  /** Events dropped as already published, here or by the sources before their start point. */
  public synchronized long skipped() {
    return skipped;
  }

  @Override
  public void instrument(Instrument i) {
    // Definitions are compacted by id; publishing one again keeps md.instruments complete.
    downstream.instrument(i);
  }

  @Override
  public void event(MarketEvent e) {
    if (point.published(e)) {
      synchronized (this) {
        skipped++;
      }
      FeedMetrics.RESUME_SKIPPED.labels(e.getSource()).inc();
      return;
    }
    downstream.event(e);
  }

  @Override
  public synchronized void skipped(String source, long count) {
    skipped += count;
  }

  @Override
  public void deadLetter(DeadLetter d) {
    downstream.deadLetter(d);
  }

  @Override
  public void flush() {
    downstream.flush();
  }
}
