package io.nqflow.feed.live;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.databento.LiveClient;
import io.nqflow.databento.RecordHandler;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.feed.DbnIngest;
import io.nqflow.feed.FeedException;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.FeedSource;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Databento Live as a {@link FeedSource}: a {@link LiveClient} (which reconnects with backoff and
 * resumes by itself) delivers through the same normalize-and-check path as a replay. The source is
 * down when the client gives up; it ends when the client is closed.
 */
public final class DatabentoLiveSource implements FeedSource {
  /** Dead-letter stage of live records that cannot be delivered. */
  public static final String STAGE = "feed-live";

  private final String name;
  private final Supplier<LiveClient> clients;
  private final QualityConfig quality;
  private volatile LiveClient client;

  /**
   * @param clients builds a client that is not started yet, with its subscriptions (one per run)
   */
  public DatabentoLiveSource(String name, Supplier<LiveClient> clients, QualityConfig quality) {
    this.name = name;
    this.clients = clients;
    this.quality = quality;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(FeedSink sink) throws Exception {
    DbnIngest ingest = new DbnIngest(name, STAGE, sink, quality);
    LiveClient c = clients.get();
    client = c;
    long[] seen = {0};
    c.start(
        new RecordHandler() {
          @Override
          public void onRecord(DbnRecord record) {
            ingest.accept(record, c.gateway() + "#" + seen[0]++);
          }
        });
    try {
      while (!c.awaitTermination(Duration.ofSeconds(1))) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("feed source " + name + " interrupted");
        }
      }
    } finally {
      c.close();
    }
    Throwable failure = c.failure();
    if (failure != null) {
      throw new FeedException(
          "Databento live "
              + c.gateway()
              + " ("
              + c.dataset()
              + ") failed: "
              + failure.getMessage(),
          failure);
    }
    sink.flush();
  }

  /** Stops the running client; {@link #run} then returns normally. */
  public void stop() {
    LiveClient c = client;
    if (c != null) {
      c.close();
    }
  }
}
