package io.nqflow.core.config;

/** Kind of market-data source the feed reads. */
public enum SourceType {
  SIMULATOR,
  REPLAY,
  DATABENTO_LIVE,
  DATABENTO_HISTORICAL;

  /** True for the sources that talk to Databento and need an API key. */
  public boolean isDatabento() {
    return this == DATABENTO_LIVE || this == DATABENTO_HISTORICAL;
  }
}
