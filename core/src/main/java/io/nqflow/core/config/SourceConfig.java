package io.nqflow.core.config;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One market-data source of the feed ({@code feed.sources[i]}); which fields apply depends on
 * {@link #type()}.
 */
public record SourceConfig(
    @Doc("Source kind (required)") SourceType type,
    @Doc("Unique name; defaults to the type in kebab case") String name,
    @Doc("REPLAY: DBN file or directory") @Nullable String path,
    @Doc("REPLAY / DATABENTO_HISTORICAL: max or x<N>; default max") ReplaySpeed speed,
    @Doc("DATABENTO_*: dataset; null uses databento.dataset") @Nullable String dataset,
    @Doc("DATABENTO_*: Databento schemas, e.g. mbo, trades, definition") List<String> schemas,
    @Doc("DATABENTO_*: symbology type of symbols, e.g. parent, raw_symbol") @Nullable
        String stypeIn,
    @Doc("DATABENTO_*: symbols to subscribe, e.g. NQ.OPT, NQ.FUT") List<String> symbols,
    @Doc("DATABENTO_HISTORICAL (required) / DATABENTO_LIVE (intraday replay): start time") @Nullable
        Instant start,
    @Doc("DATABENTO_HISTORICAL: end time (exclusive); null means up to the latest available")
        @Nullable
        Instant end) {

  public SourceConfig {
    if (name == null && type != null) {
      name = type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    speed = speed == null ? ReplaySpeed.MAX : speed;
    schemas = schemas == null ? List.of() : List.copyOf(schemas);
    symbols = symbols == null ? List.of() : List.copyOf(symbols);
  }

  /** A simulator source named {@code simulator}. */
  public static SourceConfig simulator() {
    return new SourceConfig(
        SourceType.SIMULATOR, null, null, null, null, null, null, null, null, null);
  }

  /** A DBN replay source. */
  public static SourceConfig replay(String path, ReplaySpeed speed) {
    return new SourceConfig(
        SourceType.REPLAY, null, path, speed, null, null, null, null, null, null);
  }
}
