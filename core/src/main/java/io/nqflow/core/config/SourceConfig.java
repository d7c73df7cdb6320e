package io.nqflow.core.config;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One market-data source of the feed ({@code feed.sources[i]}); which fields apply depends on
 * {@link #type()}.
 *
 * @param type source kind (required)
 * @param name unique name; defaults to the type in kebab case
 * @param path REPLAY: DBN file or directory
 * @param speed REPLAY / DATABENTO_HISTORICAL: {@code max} or {@code x<N>}; default max
 * @param dataset DATABENTO_*: dataset; null uses {@code databento.dataset}
 * @param schemas DATABENTO_*: Databento schemas, e.g. mbo, trades, definition
 * @param stypeIn DATABENTO_*: symbology type of {@code symbols}, e.g. parent, raw_symbol
 * @param symbols DATABENTO_*: symbols to subscribe, e.g. NQ.OPT, NQ.FUT
 * @param start DATABENTO_HISTORICAL (required) / DATABENTO_LIVE (intraday replay): start time
 * @param end DATABENTO_HISTORICAL: end time (exclusive); null means up to the latest available
 */
public record SourceConfig(
    SourceType type,
    String name,
    @Nullable String path,
    ReplaySpeed speed,
    @Nullable String dataset,
    List<String> schemas,
    @Nullable String stypeIn,
    List<String> symbols,
    @Nullable Instant start,
    @Nullable Instant end) {

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
