package io.nqflow.runner.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads checkpoint statistics from a Flink cluster's REST API: the state size per task (a chain of
 * operators, summed over its subtasks) of a job's latest completed checkpoint.
 */
public final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  /** {@code base}: the REST address, e.g. {@code http://localhost:8081}. */
  public FlinkRest(URI base) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
  }

  /** A job's tasks by vertex id, in the job graph's order: their names. */
  public Map<String, String> vertices(String jobId) throws IOException, InterruptedException {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode v : get("jobs/" + jobId).path("vertices")) {
      out.put(v.path("id").asText(), v.path("name").asText());
    }
    return out;
  }

  /**
   * The latest completed checkpoint of a job: its id and the full state size (bytes) per vertex id;
   * empty when none completed yet.
   */
  public Checkpoint latestCheckpoint(String jobId) throws IOException, InterruptedException {
    JsonNode completed = get("jobs/" + jobId + "/checkpoints").path("latest").path("completed");
    if (completed.isMissingNode() || completed.isNull() || !completed.has("id")) {
      return Checkpoint.NONE;
    }
    long id = completed.path("id").asLong();
    Map<String, Long> sizes = new LinkedHashMap<>();
    var tasks = get("jobs/" + jobId + "/checkpoints/details/" + id).path("tasks").fields();
    while (tasks.hasNext()) {
      var t = tasks.next();
      sizes.put(t.getKey(), t.getValue().path("state_size").asLong());
    }
    return new Checkpoint(id, completed.path("state_size").asLong(), sizes);
  }

  /**
   * One completed checkpoint.
   *
   * @param id checkpoint id, -1 for none
   * @param stateBytes full state size of the job, bytes
   * @param stateBytesByVertex full state size per vertex id, bytes
   */
  public record Checkpoint(long id, long stateBytes, Map<String, Long> stateBytesByVertex) {
    static final Checkpoint NONE = new Checkpoint(-1, 0, Map.of());
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    URI u = base.resolve(path);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("Flink REST " + u + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
