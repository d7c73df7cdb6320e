package io.nqflow.databento;

import java.io.IOException;
import java.net.URI;

/**
 * Public access, for the feed's tests, to the databento module's loopback stand-in of Databento's
 * historical HTTP API ({@link TestingHistoricalApi} is package-private in its test-jar).
 */
public final class HistoricalApiStandIn implements AutoCloseable {
  private final TestingHistoricalApi api;

  public HistoricalApiStandIn(String apiKey) throws IOException {
    this.api = new TestingHistoricalApi(apiKey);
  }

  public URI baseUrl() {
    return api.baseUrl();
  }

  /** What {@code metadata.get_cost} answers, in USD. */
  public void cost(String usd) {
    api.cost = usd;
  }

  /** The DBN stream {@code timeseries.get_range} answers. */
  public void rangeBody(byte[] dbn) {
    api.rangeBody = dbn;
  }

  /** Requests seen on one endpoint, e.g. {@code timeseries.get_range}. */
  public long requests(String endpoint) {
    return api.requests().stream().filter(r -> r.endpoint().equals(endpoint)).count();
  }

  /** Protocol rules the client broke; a passing test expects none. */
  public java.util.List<String> violations() {
    return api.violations();
  }

  @Override
  public void close() {
    api.close();
  }
}
