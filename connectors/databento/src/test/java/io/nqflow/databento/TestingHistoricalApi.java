package io.nqflow.databento;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Databento's historical HTTP API on loopback (the JDK's HttpServer): {@code POST
 * /v0/timeseries.get_range}, {@code /v0/metadata.get_cost}, {@code /v0/metadata.get_billable_size}
 * with form bodies and basic auth (the key as user, no password). Failures can be queued per
 * endpoint; get_range can hold back the rest of its body until the test says the client has
 * delivered a record, which proves the client decodes while the body is still arriving.
 */
final class TestingHistoricalApi implements AutoCloseable {
  /** One request as the stand-in saw it. */
  record Request(String endpoint, Map<String, String> form, long receivedNanos) {}

  /** A canned error answer. */
  record Failure(int status, String body, String retryAfter) {}

  private final String apiKey;
  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final Map<String, Queue<Failure>> failures = new ConcurrentHashMap<>();
  volatile String cost = "0.25";
  volatile long billableSize = 123_456;
  volatile byte[] rangeBody = new byte[0];

  /** get_range writes this many bytes, then waits for {@link #releaseRest}. */
  volatile int holdAfterBytes = -1;

  final CountDownLatch releaseRest = new CountDownLatch(1);

  /** Whether the rest was released by the client's progress (true) or by the timeout (false). */
  volatile boolean releasedByClient;

  /** Whether the whole get_range body has been written. */
  volatile boolean bodyComplete;

  TestingHistoricalApi(String apiKey) throws IOException {
    this.apiKey = apiKey;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    for (String e :
        List.of("timeseries.get_range", "metadata.get_cost", "metadata.get_billable_size")) {
      server.createContext("/v0/" + e, x -> handle(e, x));
    }
    server.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Request> requests() {
    return requests;
  }

  List<String> violations() {
    return violations;
  }

  void failNext(String endpoint, int status, String body, String retryAfter) {
    failures
        .computeIfAbsent(endpoint, k -> new ConcurrentLinkedQueue<>())
        .add(new Failure(status, body, retryAfter));
  }

  @Override
  public void close() {
    releaseRest.countDown();
    server.stop(0);
  }

  private void handle(String endpoint, HttpExchange x) throws IOException {
    try (x) {
      if (!"POST".equals(x.getRequestMethod())) {
        violations.add(endpoint + ": method " + x.getRequestMethod());
      }
      String expectedAuth =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((apiKey + ":").getBytes(StandardCharsets.US_ASCII));
      if (!expectedAuth.equals(x.getRequestHeaders().getFirst("Authorization"))) {
        send(x, 401, "{\"detail\":\"Invalid API key.\"}", null);
        return;
      }
      if (!"application/x-www-form-urlencoded"
          .equals(x.getRequestHeaders().getFirst("Content-Type"))) {
        violations.add(
            endpoint + ": content type " + x.getRequestHeaders().getFirst("Content-Type"));
      }
      Map<String, String> form =
          parseForm(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      requests.add(new Request(endpoint, form, System.nanoTime()));
      Queue<Failure> q = failures.get(endpoint);
      Failure f = q == null ? null : q.poll();
      if (f != null) {
        send(x, f.status(), f.body(), f.retryAfter());
        return;
      }
      switch (endpoint) {
        case "metadata.get_cost" -> send(x, 200, cost, null);
        case "metadata.get_billable_size" -> send(x, 200, Long.toString(billableSize), null);
        default -> streamRange(x);
      }
    }
  }

  private void streamRange(HttpExchange x) throws IOException {
    byte[] body = rangeBody;
    x.getResponseHeaders().set("Content-Type", "application/octet-stream");
    x.sendResponseHeaders(200, 0); // chunked: the client cannot know the length up front
    OutputStream out = x.getResponseBody();
    int hold = holdAfterBytes;
    if (hold < 0 || hold >= body.length) {
      out.write(body);
    } else {
      out.write(body, 0, hold);
      out.flush();
      try {
        releasedByClient = releaseRest.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // the rest, in small chunks, as a slow server would
      for (int off = hold; off < body.length; off += 8192) {
        out.write(body, off, Math.min(8192, body.length - off));
        out.flush();
      }
    }
    bodyComplete = true;
    out.close();
  }

  private static void send(HttpExchange x, int status, String body, String retryAfter)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfter != null) {
      x.getResponseHeaders().set("Retry-After", retryAfter);
    }
    x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      x.getResponseBody().write(b);
    }
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> m = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return m;
    }
    for (String kv : body.split("&")) {
      int eq = kv.indexOf('=');
      m.put(
          URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }
}
