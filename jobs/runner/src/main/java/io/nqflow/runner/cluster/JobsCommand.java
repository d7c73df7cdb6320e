package io.nqflow.runner.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow jobs --cluster URL}: the cluster's jobs with state, variant and last checkpoint.
 */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "Lists the jobs of a Flink cluster: id, state, job, variant, last checkpoint.")
public final class JobsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    FlinkRest rest = cluster.rest();
    ClusterLayout layout = cluster.layout();
    out.printf(
        "%-32s  %-10s  %-16s  %-12s  %-40s  %s%n",
        "JOB ID", "STATE", "JOB", "VARIANT", "LAST CHECKPOINT", "NAME");
    for (JsonNode j : rest.jobs()) {
      String id = j.path("jid").asText();
      String name = j.path("name").asText();
      Deployment d = Deployment.load(layout, id).orElse(null);
      JobKind kind = JobKind.ofJobName(name);
      String jobName = d != null ? d.job() : kind != null ? kind.cliName() : "-";
      String variant =
          d != null && d.variant() != null
              ? d.variant()
              : kind != null ? kind.variantOf(name) : "-";
      out.printf(
          "%-32s  %-10s  %-16s  %-12s  %-40s  %s%n",
          id, j.path("state").asText(), jobName, variant, lastCheckpoint(rest, id), name);
    }
    out.flush();
    return 0;
  }

  /** {@code #id at time (path)} of the latest completed checkpoint or savepoint, or {@code -}. */
  static String lastCheckpoint(FlinkRest rest, String jobId) {
    try {
      JsonNode latest = rest.checkpoints(jobId).path("latest");
      JsonNode c = latest.path("completed");
      JsonNode s = latest.path("savepoint");
      JsonNode pick = c.isObject() ? c : s;
      if (s.isObject() && c.isObject() && s.path("id").asLong() > c.path("id").asLong()) {
        pick = s;
      }
      if (!pick.isObject()) {
        JsonNode r = latest.path("restored");
        return r.isObject() ? "restored from " + r.path("external_path").asText() : "-";
      }
      long ts = pick.path("latest_ack_timestamp").asLong();
      return "#"
          + pick.path("id").asText()
          + " "
          + (ts > 0 ? Instant.ofEpochMilli(ts).toString() : "")
          + (pick == s ? " savepoint " + s.path("external_path").asText() : "");
    } catch (IOException e) {
      return "-";
    }
  }
}
