package io.nqflow.core.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Feed service settings ({@code feed:}).
 *
 * @param sources sources in priority order; the feed fails over from one to the next
 * @param maxInFlight bound of the buffer between a source and the Kafka producer (events)
 * @param quality quality monitor thresholds
 * @param failover circuit breaker per source and when the feed gives up
 * @param costInterval live data spend is charged (a CostEvent on ops.costs) once per interval
 * @param workDir folder for historical downloads and simulated sessions
 */
public record FeedConfig(
    List<SourceConfig> sources,
    int maxInFlight,
    QualityConfig quality,
    FailoverConfig failover,
    Duration costInterval,
    String workDir)
    implements Validating {

  public FeedConfig {
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  public static FeedConfig defaults() {
    return new FeedConfig(
        List.of(SourceConfig.simulator()),
        10_000,
        QualityConfig.defaults(),
        FailoverConfig.defaults(),
        Duration.ofMinutes(1),
        "./outputs/feed");
  }

  @Override
  public void validate(Checks c) {
    c.require(!sources.isEmpty(), "sources", "at least one source is required");
    c.range("max_in_flight", maxInFlight, 1, 10_000_000);
    c.positive("cost_interval", costInterval);
    c.notBlank("work_dir", workDir);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      SourceConfig s = sources.get(i);
      Checks sc = c.at("sources[" + i + "]");
      if (s.name() != null && !names.add(s.name())) {
        sc.error("name", "duplicate source name \"" + s.name() + "\"");
      }
      sc.notBlank("name", s.name());
      if (s.type() == null) {
        continue;
      }
      switch (s.type()) {
        case SIMULATOR -> {}
        case REPLAY -> {
          sc.require(s.path() != null, "path", "required for a REPLAY source");
          sc.notBlank("path", s.path());
        }
        case DATABENTO_LIVE, DATABENTO_HISTORICAL -> {
          sc.require(!s.schemas().isEmpty(), "schemas", "required for a " + s.type() + " source");
          sc.require(!s.symbols().isEmpty(), "symbols", "required for a " + s.type() + " source");
          sc.require(s.stypeIn() != null, "stype_in", "required for a " + s.type() + " source");
          if (s.type() == SourceType.DATABENTO_HISTORICAL) {
            sc.require(s.start() != null, "start", "required for a DATABENTO_HISTORICAL source");
          }
        }
      }
      if (s.start() != null && s.end() != null && !s.end().isAfter(s.start())) {
        sc.error("end", "must be after start (" + s.start() + "), got " + s.end());
      }
    }
  }
}
