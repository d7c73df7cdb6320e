package io.nqflow.runner.cluster;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cluster URL} and {@code --dir DIR}, shared by submit, jobs and upgrade. */
public final class ClusterOptions {
  @Option(
      names = "--cluster",
      paramLabel = "URL",
      description =
          "Flink REST URL, e.g. http://127.0.0.1:8081; default: the one `cluster start` recorded"
              + " in --dir, else http://127.0.0.1:8081.")
  String url;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Cluster folder: deployment records, archived job jars and variant profiles."
              + " Default: ${DEFAULT-VALUE}.")
  Path dir = Path.of(ClusterLayout.DEFAULT_DIR);

  public ClusterLayout layout() {
    return new ClusterLayout(dir);
  }

  public FlinkRest rest() throws IOException {
    return new FlinkRest(ClusterUrls.resolve(url, layout()));
  }
}
