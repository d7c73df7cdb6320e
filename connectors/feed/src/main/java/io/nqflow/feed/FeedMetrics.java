package io.nqflow.feed;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
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

  /** Switches back to a higher-priority source that is available again, by the source. */
  public static final Counter SWITCHBACKS =
      Counter.build(
              "nqflow_feed_switchbacks_total",
              "Switches back to a higher-priority source that is available again.")
          .labelNames("feed", "source")
          .register();

  /** Circuit breaker state per source: 0 closed, 1 open, 2 half-open. */
  public static final Gauge BREAKER_STATE =
      Gauge.build("nqflow_feed_breaker_state", "Circuit breaker: 0 closed, 1 open, 2 half-open.")
          .labelNames("feed", "source")
          .register();

  /** Reconnect attempts of live sources. */
  public static final Counter RECONNECTS =
      Counter.build("nqflow_feed_reconnects_total", "Reconnect attempts of a live source.")
          .labelNames("source")
          .register();

  /**
   * Records not delivered because md.events already holds them (restart) or they lie before the
   * run's start point, by source.
   */
  public static final Counter RESUME_SKIPPED =
      Counter.build(
              "nqflow_feed_resume_skipped_total",
              "Events skipped because md.events already holds them (resume after restart).")
          .labelNames("source")
          .register();

  /** Data spend reported to ops.costs, USD, by source and cost kind. */
  public static final Counter SPEND_USD =
      Counter.build("nqflow_feed_spend_usd_total", "Data spend reported to ops.costs, USD.")
          .labelNames("source", "kind")
          .register();

  /** 1 while the data budget keeps the paid sources stopped, else 0. */
  public static final Gauge BUDGET_BLOCKED =
      Gauge.build("nqflow_feed_budget_blocked", "1 while the data budget stops paid sources.")
          .register();

  /** Instruments currently stale (no update for feed.quality.stale_after while others update). */
  public static final Gauge STALE_INSTRUMENTS =
      Gauge.build(
              "nqflow_feed_stale_instruments", "Instruments without updates while others update.")
          .labelNames("source")
          .register();

  private FeedMetrics() {}
}
