package io.nqflow.core.config;

/** Prometheus metrics endpoint ({@code metrics:}). */
public record MetricsConfig(
    @Doc("HTTP port of the Prometheus endpoint; 0 picks a free port") int port)
    implements Validating {

  public static MetricsConfig defaults() {
    return new MetricsConfig(9249);
  }

  @Override
  public void validate(Checks c) {
    c.range("port", port, 0, 65_535);
  }
}
