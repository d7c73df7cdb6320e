package io.nqflow.feed;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.SimulatorConfig;
import io.nqflow.core.config.SourceConfig;
import io.nqflow.databento.ApiKey;
import io.nqflow.databento.HistoricalClient;
import io.nqflow.databento.LiveClient;
import io.nqflow.databento.LiveClientBuilder;
import io.nqflow.databento.RangeRequest;
import io.nqflow.databento.Subscription;
import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import io.nqflow.feed.cost.Budget;
import io.nqflow.feed.historical.DatabentoHistoricalSource;
import io.nqflow.feed.live.DatabentoLiveSource;
import io.nqflow.feed.replay.ReplaySource;
import io.nqflow.feed.replay.Speed;
import io.nqflow.feed.sim.SimulatorSource;
import io.nqflow.simulator.Regime;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Builds the feed's sources from a profile's {@code feed.sources}, in priority order. */
public final class FeedSources {
  /** Reconnect attempts of a live client before its source is down and the feed fails over. */
  static final int LIVE_RECONNECT_ATTEMPTS = 3;

  private FeedSources() {}

  /**
   * One {@link FeedSource} per configured source.
   *
   * @param budget charged by the paid (Databento) sources
   * @param workDir where historical downloads and simulated sessions are kept
   * @throws IllegalArgumentException naming the source whose settings cannot be used
   */
  public static List<FeedSource> build(
      NqflowConfig cfg, List<SourceConfig> sources, Budget budget, Clock clock, Path workDir) {
    List<FeedSource> out = new ArrayList<>();
    for (SourceConfig s : sources) {
      try {
        out.add(build(cfg, s, budget, clock, workDir));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "feed source \"" + s.name() + "\" (" + s.type() + "): " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static FeedSource build(
      NqflowConfig cfg, SourceConfig s, Budget budget, Clock clock, Path workDir) {
    var quality = cfg.feed().quality();
    Speed speed = Speed.parse(s.speed().toString());
    return switch (s.type()) {
      case REPLAY -> new ReplaySource(s.name(), List.of(Path.of(s.path())), speed, quality);
      case SIMULATOR -> {
        SimulationConfig sc = simulation(cfg.simulator());
        yield new SimulatorSource(
            s.name(), sc, SimulatorSource.folderFor(workDir, sc), speed, quality);
      }
      case DATABENTO_LIVE -> live(cfg, s, budget, clock);
      case DATABENTO_HISTORICAL -> historical(cfg, s, budget, workDir, speed);
    };
  }

  /** The simulator's settings from the profile's {@code simulator:} section. */
  public static SimulationConfig simulation(SimulatorConfig c) {
    Scale scale =
        switch (c.scale()) {
          case SMALL -> Scale.SMALL;
          case MEDIUM -> Scale.MEDIUM;
          case FULL -> Scale.FULL;
        };
    SimulationConfig sim =
        SimulationConfig.of(c.seed(), c.days(), scale)
            .withSessionMinutes(c.sessionMinutes())
            .withMicroChains(c.microChains());
    if (c.regime().equals("mixed")) {
      return sim.withMixedRegimes();
    }
    return sim.withRegime(Regime.valueOf(c.regime().toUpperCase(java.util.Locale.ROOT)));
  }

  private static FeedSource live(NqflowConfig cfg, SourceConfig s, Budget budget, Clock clock) {
    String dataset = s.dataset() != null ? s.dataset() : cfg.databento().dataset();
    ApiKey key = ApiKey.of(cfg.databento().apiKey().reveal());
    SType stype = SType.fromDbnName(s.stypeIn());
    List<Schema> schemas = s.schemas().stream().map(Schema::fromDbnName).toList();
    List<String> symbols = s.symbols();
    String gateway = cfg.databento().gateway();
    Long configuredStart = s.start() == null ? null : nanos(s.start());
    Function<Long, LiveClient> clients =
        resume -> {
          Long start = resume != null ? resume : configuredStart;
          LiveClientBuilder b =
              LiveClient.builder()
                  .dataset(dataset)
                  .apiKey(key)
                  .maxReconnectAttempts(LIVE_RECONNECT_ATTEMPTS);
          if (gateway != null) {
            b.gateway(gateway);
          }
          for (Schema schema : schemas) {
            Subscription sub = Subscription.of(schema, stype, symbols);
            b.subscribe(start == null ? sub : sub.withStart(start));
          }
          return b.build();
        };
    DatabentoLiveSource.LiveCosts costs =
        new DatabentoLiveSource.LiveCosts(
            budget,
            cfg.databento().liveCostUsdPerHour(),
            cfg.feed().costInterval(),
            dataset,
            String.join(",", s.schemas()));
    return new DatabentoLiveSource(s.name(), clients, cfg.feed().quality(), clock, costs);
  }

  private static FeedSource historical(
      NqflowConfig cfg, SourceConfig s, Budget budget, Path workDir, Speed speed) {
    String dataset = s.dataset() != null ? s.dataset() : cfg.databento().dataset();
    HistoricalClient client =
        HistoricalClient.builder()
            .apiKey(ApiKey.of(cfg.databento().apiKey().reveal()))
            .baseUrl(URI.create(cfg.databento().historicalUrl()))
            // The feed prices every request itself against what is left of the data budget.
            .noBudget()
            .build();
    SType stype = SType.fromDbnName(s.stypeIn());
    List<RangeRequest> requests = new ArrayList<>();
    for (String schema : s.schemas()) {
      RangeRequest.Builder r =
          RangeRequest.builder()
              .dataset(dataset)
              .schema(Schema.fromDbnName(schema))
              .stypeIn(stype)
              .symbols(s.symbols())
              .start(s.start());
      if (s.end() != null) {
        r.end(s.end());
      }
      requests.add(r.build());
    }
    return new DatabentoHistoricalSource(
        s.name(),
        client,
        requests,
        workDir.resolve("historical").resolve(s.name()),
        speed,
        cfg.feed().quality(),
        budget);
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
