package io.nqflow.runner.local;

import io.nqflow.runner.ops.RegistryUnion;
import io.prometheus.client.CollectorRegistry;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.prometheus.PrometheusReporter;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Flink's Prometheus reporter that also serves the metrics of the services running in the same JVM
 * (the feed's {@code nqflow_feed_*} in the default registry, the execution service's {@code
 * nqflow_execution_*} in a registry of its own), so that one scrape of {@code nqflow local --serve}
 * sees the jobs and the services.
 *
 * <p>Flink's reporter keeps its metrics in a private registry of its own, which its HTTP endpoint
 * serves; the services' registries are added to that registry as one {@link RegistryUnion} that
 * reads them at every scrape. Which registries a reporter serves is given by the reporter option
 * {@value #ARG_SERVICES}, the id of a {@link Services} made with {@link #newServices()}.
 */
public final class ServicesPrometheusReporterFactory implements MetricReporterFactory {
  /** Reporter option: the id of the {@link Services} to serve besides Flink's metrics. */
  public static final String ARG_SERVICES = "services";

  private static final Map<String, Services> SERVICES = new ConcurrentHashMap<>();

  /**
   * The service registries one reporter serves: always {@link CollectorRegistry#defaultRegistry},
   * plus those {@link #add added}. Close it when its cluster is closed.
   */
  public static final class Services implements AutoCloseable {
    private final String id = UUID.randomUUID().toString();
    private final RegistryUnion union =
        new RegistryUnion(List.of(CollectorRegistry.defaultRegistry));

    public String id() {
      return id;
    }

    /** Serves {@code registry} too (its metric names must differ from every other registry's). */
    public void add(CollectorRegistry registry) {
      union.add(registry);
    }

    @Override
    public void close() {
      SERVICES.remove(id);
    }
  }

  /** A new set of service registries, to name in the reporter option {@value #ARG_SERVICES}. */
  public static Services newServices() {
    Services s = new Services();
    SERVICES.put(s.id(), s);
    return s;
  }

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    PrometheusReporter reporter = new PrometheusReporterFactory().createMetricReporter(properties);
    String id = properties.getProperty(ARG_SERVICES);
    Services services = id == null ? null : SERVICES.get(id);
    if (services == null) {
      throw new IllegalArgumentException(
          "metrics reporter option "
              + ARG_SERVICES
              + "="
              + id
              + " names no service registries (made with newServices(), not yet closed)");
    }
    services.union.register(servedRegistry(reporter));
    return reporter;
  }

  /** The registry Flink's reporter serves on its port (a field Flink does not expose). */
  private static CollectorRegistry servedRegistry(PrometheusReporter reporter) {
    try {
      Field f = AbstractPrometheusReporter.class.getDeclaredField("registry");
      f.setAccessible(true);
      return (CollectorRegistry) f.get(reporter);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot reach the registry of Flink's PrometheusReporter (field"
              + " AbstractPrometheusReporter.registry) to serve the services' metrics with it;"
              + " has flink-metrics-prometheus changed?",
          e);
    }
  }
}
