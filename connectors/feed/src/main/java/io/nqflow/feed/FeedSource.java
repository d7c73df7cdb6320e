package io.nqflow.feed;

/** A market-data source of the feed: DBN replay, Databento Live or Historical, the simulator. */
public interface FeedSource {
  /** The configured source name, stamped on every record as {@code source}. */
  String name();

  /**
   * Delivers records into {@code sink} until the source ends (returns normally), {@code control}
   * asks it to stop (returns normally, soon), or it goes down (throws; {@link
   * SourceUnavailableException} when it refuses to run for now). A failover wrapper then moves on
   * to the next source.
   */
  void run(FeedSink sink, RunControl control) throws Exception;

  /** Runs from the beginning until the source ends or goes down. */
  default void run(FeedSink sink) throws Exception {
    run(sink, RunControl.fromStart());
  }

  /** Whether the source costs money: the data budget stops it when the budget is reached. */
  default boolean paid() {
    return false;
  }
}
