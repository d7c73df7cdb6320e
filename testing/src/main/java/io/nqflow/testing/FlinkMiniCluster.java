package io.nqflow.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The project's Flink MiniCluster for tests: one TaskManager with 4 slots, so two jobs of
 * parallelism 2 fit side by side. Register as a static field:
 *
 * <pre>
 * {@code @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();}
 * </pre>
 *
 * <p>Needs {@code flink-test-utils} on the test classpath (jobs declare it).
 */
public final class FlinkMiniCluster {
  private FlinkMiniCluster() {}

  public static MiniClusterExtension extension() {
    return extension(4);
  }

  public static MiniClusterExtension extension(int slots) {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_PORT, "0");
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(conf)
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(slots)
            .build());
  }
}
