package io.nqflow.feed.live;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.databento.ConnectionState;
import io.nqflow.databento.LiveClient;
import io.nqflow.databento.RecordHandler;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.feed.DbnIngest;
import io.nqflow.feed.FeedException;
import io.nqflow.feed.FeedMetrics;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.FeedSource;
import io.nqflow.feed.RunControl;
import io.nqflow.feed.SourceUnavailableException;
import io.nqflow.feed.cost.Budget;
import io.nqflow.feed.cost.LiveCostMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Databento Live as a {@link FeedSource}: a {@link LiveClient} (which reconnects with backoff and
 * resumes by itself) delivers through the same normalize-and-check path as a replay. The source is
 * down when the client gives up; it ends when its run is stopped. A run with a start point asks the
 * gateway for an intraday replay from there (within the last 24 hours), so a switch back to live
 * loses nothing; the failover deduplication drops what the replay repeats. With {@link LiveCosts},
 * the connected time is charged to the data budget, and the source stops itself when the budget is
 * reached.
 */
public final class DatabentoLiveSource implements FeedSource {
  private static final Logger LOG = LoggerFactory.getLogger(DatabentoLiveSource.class);

  /** Dead-letter stage of live records that cannot be delivered. */
  public static final String STAGE = "feed-live";

  /** How far back Databento's live gateways replay (intraday replay). */
  public static final Duration MAX_REPLAY = Duration.ofHours(24);

  /** How often the run checks the client and the cost meter (wall time). */
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * What the live subscription costs.
   *
   * @param budget the data budget charged
   * @param usdPerHour spend per connected hour ({@code databento.live_cost_usd_per_hour})
   * @param interval one charge per interval of connected time ({@code feed.cost_interval})
   * @param dataset for the cost events
   * @param schemas for the cost events, e.g. {@code mbo,definition}
   */
  public record LiveCosts(
      Budget budget, double usdPerHour, Duration interval, String dataset, String schemas) {}

  private final String name;
  private final Function<Long, LiveClient> clients;
  private final QualityConfig quality;
  private final Clock clock;
  private final LiveCosts costs;

  /**
   * @param clients builds a client that is not started yet, with its subscriptions, one per run;
   *     the argument is the intraday replay start in ns, or null for live data from now
   * @param clock decides whether a start point is recent enough to replay from
   * @param costs null for a source whose spend is not metered
   */
  public DatabentoLiveSource(
      String name,
      Function<Long, LiveClient> clients,
      QualityConfig quality,
      Clock clock,
      LiveCosts costs) {
    this.name = name;
    this.clients = clients;
    this.quality = quality;
    this.clock = clock;
    this.costs = costs;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean paid() {
    return true;
  }

  @Override
  public void run(FeedSink sink, RunControl control) throws Exception {
    if (costs != null) {
      Optional<Instant> blocked = costs.budget().blockedUntil();
      if (blocked.isPresent()) {
        throw new SourceUnavailableException(
            "data budget reached; " + name + " may run again at " + blocked.get(), blocked.get());
      }
    }
    DbnIngest ingest = new DbnIngest(name, STAGE, sink, quality);
    LiveClient c = clients.apply(replayStart(control.fromTsEvent()));
    c.addListener(
        (from, to, why) -> {
          if (to == ConnectionState.RECONNECTING && from == ConnectionState.DISCONNECTED) {
            FeedMetrics.RECONNECTS.labels(name).inc();
          }
        });
    control.onStop(c::close);
    long[] seen = {0};
    LiveCostMeter meter =
        costs == null
            ? null
            : new LiveCostMeter(
                costs.budget(),
                clock,
                name,
                costs.dataset(),
                costs.schemas(),
                costs.usdPerHour(),
                costs.interval());
    if (meter != null) {
      meter.start();
    }
    c.start(
        new RecordHandler() {
          @Override
          public void onRecord(DbnRecord record) {
            ingest.accept(record, c.gateway() + "#" + seen[0]++);
          }
        });
    boolean budgetReached = false;
    try {
      while (!c.awaitTermination(POLL)) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("feed source " + name + " interrupted");
        }
        if (meter != null && meter.tick()) {
          budgetReached = true;
          break;
        }
      }
    } finally {
      c.close();
      if (meter != null) {
        meter.finish();
      }
    }
    sink.flush();
    if (budgetReached) {
      Instant until = costs.budget().blockedUntil().orElse(clock.instant());
      throw new SourceUnavailableException(
          "data budget reached; " + name + " stopped until " + until, until);
    }
    Throwable failure = c.failure();
    if (failure != null && !control.stopRequested()) {
      throw new FeedException(
          "Databento live "
              + c.gateway()
              + " ("
              + c.dataset()
              + ") failed: "
              + failure.getMessage(),
          failure);
    }
  }

  /** The intraday replay start for a run from {@code fromTsEvent}, or null for none. */
  private Long replayStart(long fromTsEvent) {
    if (fromTsEvent <= 0) {
      return null;
    }
    long oldest = nanos(clock.instant().minus(MAX_REPLAY));
    if (fromTsEvent < oldest) {
      LOG.warn(
          "{}: the last published event ({} ns) is older than the gateway's {} h replay window;"
              + " starting live from now, events in between are not recovered",
          name,
          fromTsEvent,
          MAX_REPLAY.toHours());
      return null;
    }
    return fromTsEvent;
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
