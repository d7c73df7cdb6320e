package io.nqflow.runner.ops;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The Prometheus endpoint of a service run on its own ({@code nqflow feed}, {@code nqflow
 * execution}, e.g. one Kubernetes pod each): serves {@link CollectorRegistry#defaultRegistry} and
 * the service's own registry on {@code http://0.0.0.0:PORT/metrics} from a daemon thread. Under
 * {@code nqflow local} the services are served with Flink's metrics instead (LocalFlink).
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  /**
   * Starts serving, or returns null when {@code port} is null (no endpoint wanted).
   *
   * @param port TCP port; 0 picks a free one ({@link #port()})
   * @param service the service's own registry, served next to the default registry
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static MetricsEndpoint startOrNull(Integer port, CollectorRegistry service) {
    if (port == null) {
      return null;
    }
    CollectorRegistry served = new CollectorRegistry();
    new RegistryUnion(List.of(CollectorRegistry.defaultRegistry, service)).register(served);
    try {
      return new MetricsEndpoint(new HTTPServer(new InetSocketAddress(port), served, true));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + port + ": " + e, e);
    }
  }

  /** The port served. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.stop();
  }
}
