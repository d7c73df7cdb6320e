package io.nqflow.runner.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nqflow.core.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code nqflow submit} or {@code upgrade} started, kept as {@code <cluster
 * dir>/deployments/<jobId>.json} so that an upgrade can roll back to the same jar and arguments.
 *
 * @param jobId Flink job id
 * @param job CLI job name ({@code flow-detection}, ...)
 * @param variant A/B variant the job runs as
 * @param profile the profile as given ({@code --profile})
 * @param jarId id of the uploaded jar on the cluster
 * @param jar the archived copy of the job jar (re-uploaded if the cluster lost {@code jarId})
 * @param entryClass the job's main class
 * @param programArgs the arguments of the job's main
 * @param restoredFrom savepoint the job started from, or null
 * @param submittedAt ISO-8601 instant of the submission
 */
public record Deployment(
    String jobId,
    String job,
    String variant,
    String profile,
    String jarId,
    String jar,
    String entryClass,
    List<String> programArgs,
    String restoredFrom,
    String submittedAt) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes the record into the layout's deployments folder. */
  public void save(ClusterLayout layout) throws IOException {
    OwnerOnly.createDirectories(layout.deployments());
    OwnerOnly.write(layout.deployments().resolve(jobId + ".json"), JSON.writeValueAsBytes(this));
  }

  /** The record of {@code jobId}, if this cluster folder has one. */
  public static Optional<Deployment> load(ClusterLayout layout, String jobId) throws IOException {
    Path f = layout.deployments().resolve(jobId + ".json");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(f.toFile(), Deployment.class));
  }
}
