package io.nqflow.feed;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/**
 * The feed's Prometheus metrics, registered once in {@link CollectorRegistry#defaultRegistry} (the
 * registry Flink's Prometheus reporter and the services expose), so every feed instance in a JVM
 * adds to the same series, told apart by the {@code source} label.
 */
public final class FeedMetrics {
  /** Records read from a source, by source and DBN schema (record type). */
  public static final Counter EVENTS_IN =
      Counter.build("nqflow_feed_records_in_total", "Records read from a source.")
          .labelNames("source", "schema")
          .register();

  /** Records acknowledged by Kafka, by source and kind (instrument or event payload type). */
  public static final Counter EVENTS_OUT =
      Counter.build("nqflow_feed_records_out_total", "Records acknowledged by Kafka.")
          .labelNames("source", "kind")
          .register();

  /** Dead letters written, by source and stage. */
  public static final Counter DEAD_LETTERS =
      Counter.build("nqflow_feed_dead_letters_total", "Dead letters written to ops.deadletter.")
          .labelNames("source", "stage")
          .register();

  /** Quality monitor findings, by source and check. */
  public static final Counter QUALITY_FINDINGS =
      Counter.build("nqflow_feed_quality_findings_total", "Data quality monitor findings.")
          .labelNames("source", "check")
          .register();

  /**
   * Wall-clock seconds from a record's capture (ts_recv) to Kafka's acknowledgement. Meaningful for
   * live sources; a replay of old files lands in the last bucket.
   */
  public static final Histogram PUBLISH_LAG =
      Histogram.build("nqflow_feed_publish_lag_seconds", "ts_recv to Kafka acknowledgement.")
          .labelNames("source")
          .buckets(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
          .register();

  /** Switches away from a source that went down, by failover group and failed source. */
  public static final Counter FAILOVERS =
      Counter.build("nqflow_feed_failovers_total", "Switches away from a source that went down.")
          .labelNames("feed", "source")
          .register();

  /** Events a source repeated after a failover switch and that were not published again. */
  public static final Counter FAILOVER_DUPLICATES =
      Counter.build(
              "nqflow_feed_failover_duplicates_total",
              "Events repeated by the next source after a switch, not published again.")
          .labelNames("feed", "source")
          .register();

  private FeedMetrics() {}
}
