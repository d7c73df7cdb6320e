package io.nqflow.runner.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.feed.FeedMetrics;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  @Test
  void servesTheDefaultRegistryAndTheServicesOwn() throws Exception {
    FeedMetrics.BUDGET_BLOCKED.set(0);
    CollectorRegistry service = new CollectorRegistry();
    Counter c =
        Counter.build("nqflow_endpoint_test_total", "test").labelNames("account").register(service);
    c.labels("paper").inc(3);
    assertThat(MetricsEndpoint.startOrNull(null, service)).isNull();
    try (MetricsEndpoint endpoint = MetricsEndpoint.startOrNull(0, service)) {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(body)
          .contains("nqflow_endpoint_test_total{account=\"paper\",} 3.0")
          .contains("nqflow_feed_budget_blocked 0.0");
      // A registry gaining a metric after the endpoint started is served too.
      Counter.build("nqflow_endpoint_later_total", "test").register(service).inc();
      String later =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(later).contains("nqflow_endpoint_later_total 1.0");
    }
  }
}
