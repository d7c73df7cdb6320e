package io.nqflow.execution.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loopback stand-in for Tradovate's REST API, following its documented requests and responses:
 * {@code /auth/accesstokenrequest}, {@code /auth/renewaccesstoken}, {@code /account/list}, {@code
 * /order/placeOSO}, {@code /order/cancelorder}, {@code /order/list}, {@code /order/item}, {@code
 * /orderVersion/deps}, {@code /fill/list}, {@code /position/list}, {@code /contract/item}. Every
 * call but authentication must carry the current bearer token; bodies are checked for the fields
 * the documentation requires.
 */
final class TestingTradovateServer implements AutoCloseable {
  static final String NAME = "trader";
  static final String PASSWORD = "pw-secret";
  static final String SEC = "api-secret";
  static final String ACCOUNT = "DEMO123";
  static final long ACCOUNT_ID = 7001;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<Long, ObjectNode> orders = new LinkedHashMap<>();
  private final Map<Long, ObjectNode> versions = new LinkedHashMap<>();
  private final List<ObjectNode> fills = new ArrayList<>();
  private final Map<String, Long> contracts = new LinkedHashMap<>();
  private final Map<Long, Integer> netPos = new LinkedHashMap<>();
  final List<JsonNode> placeBodies = new CopyOnWriteArrayList<>();
  final List<String> log = new CopyOnWriteArrayList<>();
  private long nextId = 1000;
  private int tokens;
  private String token;
  Instant tokenExpiry = Instant.parse("2030-01-01T00:00:00Z");

  TestingTradovateServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/", this::handle);
    server.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  int tokensIssued() {
    return tokens;
  }

  /** Invalidates the current token, as a server-side session expiry would. */
  synchronized void expireToken() {
    token = "expired";
  }

  /** The exchange fills {@code qty} of an order at {@code price} points. */
  synchronized void fill(long orderId, int qty, double price) {
    ObjectNode o = orders.get(orderId);
    ObjectNode f = JSON.createObjectNode();
    f.put("id", nextId++);
    f.put("orderId", orderId);
    f.put("contractId", o.get("contractId").asLong());
    f.put("timestamp", "2025-06-02T14:30:00.123Z");
    ObjectNode day = f.putObject("tradeDate");
    day.put("year", 2025);
    day.put("month", 6);
    day.put("day", 2);
    f.put("action", o.get("action").asText());
    f.put("qty", qty);
    f.put("price", price);
    f.put("active", true);
    f.put("finallyPaired", 0);
    fills.add(f);
    int signed = "Buy".equals(o.get("action").asText()) ? qty : -qty;
    netPos.merge(o.get("contractId").asLong(), signed, Integer::sum);
    o.put("ordStatus", "Filled");
    for (ObjectNode child : orders.values()) {
      if (child.path("parentId").asLong() == orderId) {
        child.put("ordStatus", "Working");
      }
    }
  }

  synchronized int orderCount() {
    return orders.size();
  }

  synchronized String status(long orderId) {
    return orders.get(orderId).get("ordStatus").asText();
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath().substring("/v1".length());
    String query = ex.getRequestURI().getQuery();
    log.add(ex.getRequestMethod() + " " + path);
    try {
      if (path.equals("/auth/accesstokenrequest")) {
        require(ex, "POST");
        JsonNode b = body(ex);
        for (String f : List.of("name", "password", "appId", "appVersion", "cid", "sec")) {
          if (!b.has(f)) {
            throw new Bad("missing " + f);
          }
        }
        if (!NAME.equals(b.get("name").asText())
            || !PASSWORD.equals(b.get("password").asText())
            || !SEC.equals(b.get("sec").asText())) {
          reply(
              ex, 200, JSON.createObjectNode().put("errorText", "Incorrect username or password"));
          return;
        }
        reply(ex, 200, issueToken());
        return;
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (token == null || auth == null || !auth.equals("Bearer " + token)) {
        reply(ex, 401, JSON.createObjectNode().put("errorText", "Access is denied"));
        return;
      }
      switch (path) {
        case "/auth/renewaccesstoken" -> reply(ex, 200, issueToken());
        case "/account/list" -> {
          ArrayNode a = JSON.createArrayNode();
          a.addObject().put("id", ACCOUNT_ID).put("name", ACCOUNT).put("active", true);
          a.addObject().put("id", 9999).put("name", "OTHER").put("active", true);
          reply(ex, 200, a);
        }
        case "/order/placeOSO", "/order/placeoso" -> reply(ex, 200, placeOso(body(ex)));
        case "/order/cancelorder" -> {
          require(ex, "POST");
          JsonNode b = body(ex);
          ObjectNode o = orders.get(b.path("orderId").asLong());
          if (o == null || !b.has("isAutomated")) {
            reply(
                ex,
                200,
                JSON.createObjectNode()
                    .put("failureReason", "UnknownReason")
                    .put("failureText", "no order"));
            return;
          }
          o.put("ordStatus", "Canceled");
          for (ObjectNode child : orders.values()) {
            if (child.path("parentId").asLong() == o.get("id").asLong()) {
              child.put("ordStatus", "Canceled");
            }
          }
          reply(ex, 200, JSON.createObjectNode().put("commandId", nextId++));
        }
        case "/order/list" -> reply(ex, 200, JSON.valueToTree(orders.values()));
        case "/order/item" -> {
          ObjectNode o = orders.get(Long.parseLong(param(query, "id")));
          if (o == null) {
            reply(ex, 404, JSON.createObjectNode().put("errorText", "not found"));
          } else {
            reply(ex, 200, o);
          }
        }
        case "/orderVersion/deps" -> {
          ArrayNode a = JSON.createArrayNode();
          ObjectNode v = versions.get(Long.parseLong(param(query, "masterid")));
          if (v != null) {
            a.add(v);
          }
          reply(ex, 200, a);
        }
        case "/fill/list" -> reply(ex, 200, JSON.valueToTree(fills));
        case "/position/list" -> {
          ArrayNode a = JSON.createArrayNode();
          netPos.forEach(
              (contract, q) ->
                  a.addObject()
                      .put("id", contract + 50_000)
                      .put("accountId", ACCOUNT_ID)
                      .put("contractId", contract)
                      .put("timestamp", "2025-06-02T14:30:00Z")
                      .put("netPos", q)
                      .put("netPrice", 0.0));
          reply(ex, 200, a);
        }
        case "/contract/item" -> {
          long id = Long.parseLong(param(query, "id"));
          String name =
              contracts.entrySet().stream()
                  .filter(e -> e.getValue() == id)
                  .map(Map.Entry::getKey)
                  .findFirst()
                  .orElseThrow(() -> new Bad("no contract " + id));
          reply(ex, 200, JSON.createObjectNode().put("id", id).put("name", name));
        }
        default -> reply(ex, 404, JSON.createObjectNode().put("errorText", "no route " + path));
      }
    } catch (Bad e) {
      reply(ex, 400, JSON.createObjectNode().put("errorText", e.getMessage()));
    }
  }

  private ObjectNode issueToken() {
    tokens++;
    token = "tok-" + tokens;
    return JSON.createObjectNode()
        .put("accessToken", token)
        .put("expirationTime", tokenExpiry.toString())
        .put("userId", 1)
        .put("name", NAME);
  }

  private ObjectNode placeOso(JsonNode b) throws Bad {
    placeBodies.add(b);
    for (String f :
        List.of(
            "accountSpec",
            "accountId",
            "action",
            "symbol",
            "orderQty",
            "orderType",
            "isAutomated")) {
      if (!b.has(f)) {
        throw new Bad("placeOSO without " + f);
      }
    }
    if (b.get("accountId").asLong() != ACCOUNT_ID
        || !ACCOUNT.equals(b.get("accountSpec").asText())) {
      return JSON.createObjectNode()
          .put("failureReason", "AccountClosed")
          .put("failureText", "unknown account");
    }
    if (b.get("orderQty").asInt() <= 0) {
      return JSON.createObjectNode()
          .put("failureReason", "InvalidQty")
          .put("failureText", "quantity must be positive");
    }
    long contract =
        contracts.computeIfAbsent(b.get("symbol").asText(), s -> 3000L + contracts.size());
    ObjectNode res = JSON.createObjectNode();
    long entry = order(b, contract, "Working", null);
    res.put("orderId", entry);
    if (b.has("bracket1")) {
      res.put("oso1Id", order(merged(b, b.get("bracket1")), contract, "Suspended", entry));
    }
    if (b.has("bracket2")) {
      res.put("oso2Id", order(merged(b, b.get("bracket2")), contract, "Suspended", entry));
    }
    return res;
  }

  private static JsonNode merged(JsonNode parent, JsonNode bracket) {
    ObjectNode m = ((ObjectNode) bracket).deepCopy();
    m.put("orderQty", parent.get("orderQty").asInt());
    return m;
  }

  private long order(JsonNode b, long contract, String status, Long parent) {
    long id = nextId++;
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("accountId", ACCOUNT_ID);
    o.put("contractId", contract);
    o.put("timestamp", "2025-06-02T14:29:00Z");
    o.put("action", b.get("action").asText());
    o.put("ordStatus", status);
    o.put("admin", false);
    if (parent != null) {
      o.put("parentId", parent);
    }
    orders.put(id, o);
    ObjectNode v = JSON.createObjectNode();
    v.put("id", id + 500_000);
    v.put("orderId", id);
    v.put("orderQty", b.get("orderQty").asInt());
    v.put("orderType", b.get("orderType").asText());
    if (b.has("price")) {
      v.set("price", b.get("price"));
    }
    if (b.has("stopPrice")) {
      v.set("stopPrice", b.get("stopPrice"));
    }
    v.put("text", b.path("text").asText(""));
    versions.put(id, v);
    return id;
  }

  private static String param(String query, String name) throws Bad {
    if (query != null) {
      for (String kv : query.split("&")) {
        String[] p = kv.split("=", 2);
        if (p[0].equals(name) && p.length == 2) {
          return p[1];
        }
      }
    }
    throw new Bad("missing query parameter " + name);
  }

  private static void require(HttpExchange ex, String method) throws Bad {
    if (!ex.getRequestMethod().equals(method)) {
      throw new Bad(ex.getRequestURI().getPath() + " needs " + method);
    }
  }

  private static JsonNode body(HttpExchange ex) throws IOException, Bad {
    if (!"application/json".equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
      throw new Bad("Content-Type must be application/json");
    }
    return JSON.readTree(ex.getRequestBody().readAllBytes());
  }

  private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static final class Bad extends Exception {
    Bad(String message) {
      super(message);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
