package io.nqflow.core.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Feed service settings ({@code feed:}). */
public record FeedConfig(
    @Doc("Sources in priority order; the feed fails over from one to the next")
        List<SourceConfig> sources,
    @Doc(
            value =
                "Memory of the Kafka producer's send buffer; when it is full the feed waits, so a"
                    + " fast source slows down instead of growing the heap",
            unit = "MiB")
        int producerBufferMb,
    @Doc("Quality monitor thresholds") QualityConfig quality,
    @Doc("Circuit breaker per source and when the feed gives up") FailoverConfig failover,
    @Doc(
            value = "Live data spend is charged (a CostEvent on ops.costs) once per interval",
            unit = "duration")
        Duration costInterval,
    @Doc("Folder for historical downloads and simulated sessions") String workDir)
    implements Validating {

  public FeedConfig {
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  public static FeedConfig defaults() {
    return new FeedConfig(
        List.of(SourceConfig.simulator()),
        32,
        QualityConfig.defaults(),
        FailoverConfig.defaults(),
        Duration.ofMinutes(1),
        "./outputs/feed");
  }

  @Override
  public void validate(Checks c) {
    c.require(!sources.isEmpty(), "sources", "at least one source is required");
    c.range("producer_buffer_mb", producerBufferMb, 1, 4_096);
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
