package io.nqflow.runner.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A client of Flink's REST API (the JobManager's web port): cluster overview, jar upload and run,
 * job listing, checkpoints, stop-with-savepoint and cancel. Every call that Flink answers with an
 * error status throws {@link FlinkRestException} carrying Flink's own error text.
 */
public final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  /** A client of the cluster at {@code baseUrl}, e.g. {@code http://127.0.0.1:8081}. */
  public FlinkRest(String baseUrl) {
    String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.base = URI.create(b);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public URI base() {
    return base;
  }

  /** {@code GET /overview}: task managers, slots, job counts, Flink version. */
  public JsonNode overview() throws IOException {
    return get("/overview");
  }

  /** {@code GET /jobs/overview}: every job the cluster knows with its name and state. */
  public List<JsonNode> jobs() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    get("/jobs/overview").path("jobs").forEach(out::add);
    return out;
  }

  /** {@code GET /jobs/:id}: state, name, vertices. */
  public JsonNode job(String jobId) throws IOException {
    return get("/jobs/" + jobId);
  }

  /** {@code GET /jobs/:id/checkpoints}: counts, latest completed, restored. */
  public JsonNode checkpoints(String jobId) throws IOException {
    return get("/jobs/" + jobId + "/checkpoints");
  }

  /** {@code GET /jobs/:id/exceptions}: the root exception and history. */
  public JsonNode exceptions(String jobId) throws IOException {
    return get("/jobs/" + jobId + "/exceptions");
  }

  /** {@code GET /jars}: the jars uploaded to the cluster. */
  public List<String> jarIds() throws IOException {
    List<String> ids = new ArrayList<>();
    get("/jars").path("files").forEach(f -> ids.add(f.path("id").asText()));
    return ids;
  }

  /** {@code POST /jars/upload} (multipart); returns the jar id that {@link #runJar} takes. */
  public String uploadJar(Path jar) throws IOException {
    String boundary = "nqflow-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
            + jar.getFileName()
            + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
    body.write(head.getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest req =
        HttpRequest.newBuilder(uri("/jars/upload"))
            .timeout(Duration.ofMinutes(2))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    JsonNode r = send(req, "POST /jars/upload");
    String filename = r.path("filename").asText("");
    if (filename.isEmpty()) {
      throw new FlinkRestException("POST /jars/upload", 200, "no filename in answer: " + r);
    }
    // The id is the stored file's name (a UUID prefix plus the jar's name).
    return Path.of(filename).getFileName().toString();
  }

  /**
   * {@code POST /jars/:id/run}: runs the jar's main in the JobManager, which submits the job;
   * returns the job id.
   *
   * @param savepointPath savepoint to restore from, or null
   * @param allowNonRestoredState whether state of operators missing from the new job may be dropped
   */
  public String runJar(
      String jarId,
      String entryClass,
      List<String> programArgs,
      String savepointPath,
      boolean allowNonRestoredState)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("entryClass", entryClass);
    programArgs.forEach(body.putArray("programArgsList")::add);
    if (savepointPath != null) {
      body.put("savepointPath", savepointPath);
      body.put("allowNonRestoredState", allowNonRestoredState);
    }
    JsonNode r = post("/jars/" + jarId + "/run", body, Duration.ofMinutes(2));
    String jobId = r.path("jobid").asText("");
    if (jobId.isEmpty()) {
      throw new FlinkRestException("POST /jars/" + jarId + "/run", 200, "no jobid in " + r);
    }
    return jobId;
  }

  /**
   * {@code POST /jobs/:id/stop}: stop with a savepoint (into the cluster's savepoint folder when
   * {@code targetDirectory} is null); returns the trigger id to poll with {@link #savepointStatus}.
   */
  public String stopWithSavepoint(String jobId, String targetDirectory) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    if (targetDirectory != null) {
      body.put("targetDirectory", targetDirectory);
    }
    body.put("drain", false);
    return post("/jobs/" + jobId + "/stop", body, Duration.ofSeconds(30))
        .path("request-id")
        .asText();
  }

  /** {@code GET /jobs/:id/savepoints/:trigger}: {@code status.id} and {@code operation}. */
  public JsonNode savepointStatus(String jobId, String triggerId) throws IOException {
    return get("/jobs/" + jobId + "/savepoints/" + triggerId);
  }

  /** {@code PATCH /jobs/:id?mode=cancel}. */
  public void cancel(String jobId) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
            .timeout(Duration.ofSeconds(30))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build();
    send(req, "PATCH /jobs/" + jobId);
  }

  private JsonNode get(String path) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build();
    return send(req, "GET " + path);
  }

  private JsonNode post(String path, JsonNode body, Duration timeout) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(uri(path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    return send(req, "POST " + path);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private JsonNode send(HttpRequest req, String what) throws IOException {
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + " interrupted", e);
    } catch (IOException e) {
      throw new IOException(what + " at " + base + " failed: " + e, e);
    }
    String text = resp.body() == null ? "" : resp.body();
    if (resp.statusCode() >= 300) {
      String errors = errors(text);
      throw new FlinkRestException(what, resp.statusCode(), causes(errors), errors);
    }
    return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
  }

  /**
   * A Java stack trace cut down to its first line and its innermost cause (usually the reason);
   * other text is returned as it is.
   */
  static String causes(String text) {
    String[] lines = text.split("\n");
    if (lines.length < 3 || !text.contains("\tat ")) {
      return text;
    }
    int last = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("Caused by: ")) {
        last = i;
      }
    }
    if (last < 0) {
      return lines[0].trim();
    }
    StringBuilder sb = new StringBuilder(lines[0].trim());
    sb.append("\n  caused by ").append(lines[last].substring("Caused by: ".length()).trim());
    // a message of several lines (e.g. every error of a profile) continues until the frames
    for (int i = last + 1; i < lines.length && !lines[i].startsWith("\tat "); i++) {
      sb.append("\n    ").append(lines[i].trim());
    }
    return sb.toString();
  }

  /** Flink's {@code {"errors": [...]}} joined, or the raw body. */
  private static String errors(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n.has("errors")) {
        List<String> parts = new ArrayList<>();
        n.get("errors").forEach(e -> parts.add(e.asText()));
        return String.join("\n", parts);
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall through
    }
    return body;
  }

  /** Flink answered with an error status; the message holds Flink's text. */
  public static final class FlinkRestException extends IOException {
    private final int status;
    private final String fullText;

    public FlinkRestException(String what, int status, String flinkText) {
      this(what, status, flinkText, flinkText);
    }

    FlinkRestException(String what, int status, String shortText, String fullText) {
      super(what + " -> HTTP " + status + ": " + shortText);
      this.status = status;
      this.fullText = fullText;
    }

    /** Flink's whole error text (with every cause and stack frame). */
    public String fullText() {
      return fullText;
    }

    public int status() {
      return status;
    }
  }
}
