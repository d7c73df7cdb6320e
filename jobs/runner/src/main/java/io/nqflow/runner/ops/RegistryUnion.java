package io.nqflow.runner.ops;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A collector that reads other registries at every scrape: registered in the registry an endpoint
 * serves, it serves theirs too. It describes no metrics, so registering it reserves no names and
 * the registries may gain metrics later. Their metric names must differ.
 */
public final class RegistryUnion extends Collector implements Collector.Describable {
  private final List<CollectorRegistry> registries = new CopyOnWriteArrayList<>();

  public RegistryUnion(List<CollectorRegistry> registries) {
    this.registries.addAll(registries);
  }

  /** Reads {@code registry} too from the next scrape on. */
  public void add(CollectorRegistry registry) {
    registries.add(registry);
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<MetricFamilySamples> all = new ArrayList<>();
    for (CollectorRegistry r : registries) {
      all.addAll(Collections.list(r.metricFamilySamples()));
    }
    return all;
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return List.of();
  }
}
