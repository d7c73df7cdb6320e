package io.nqflow.feed;

/** A market-data source of the feed: DBN replay, Databento, the simulator. */
public interface FeedSource {
  /** The configured source name, stamped on every record as {@code source}. */
  String name();

  /**
   * Delivers records into {@code sink} until the source ends (returns normally) or goes down
   * (throws); a failover wrapper then moves on to the next source.
   */
  void run(FeedSink sink) throws Exception;
}
