package io.nqflow.execution.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nqflow.common.v1.OrderSide;
import io.nqflow.execution.ExecutionSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tradovate over its REST API. Authenticates with {@code POST /auth/accesstokenrequest} and renews
 * the token ({@code GET /auth/renewaccesstoken}) before it expires; places a limit entry with its
 * stop-loss ({@code bracket1}, Stop) and profit target ({@code bracket2}, Limit) through {@code
 * POST /order/placeOSO}, which links the two legs one-cancels-other; cancels with {@code POST
 * /order/cancelorder}; reads {@code /order/list}, {@code /order/item}, {@code /orderVersion/deps},
 * {@code /fill/list}, {@code /position/list}, {@code /contract/item} and {@code /account/list}.
 * Tradovate prices are decimal points; ours are 1e-9 fixed point. The Order entity does not echo
 * the client order id, so each order's {@code text} carries it and an order is found again through
 * its versions.
 */
public final class TradovateBroker implements Broker {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExecutionSettings.Tradovate cfg;
  private final HttpClient http;
  private final Clock clock;

  private String token;
  private Instant expiresAt = Instant.MIN;
  private Long accountId;
  private final Map<Long, String> textByOrderId = new HashMap<>();
  private final Map<Long, String> contractNames = new HashMap<>();

  public TradovateBroker(ExecutionSettings.Tradovate cfg) {
    this(
        cfg,
        HttpClient.newBuilder().connectTimeout(cfg.requestTimeout()).build(),
        Clock.systemUTC());
  }

  /** With a given HTTP client and clock (tests move the clock to force a renewal). */
  public TradovateBroker(ExecutionSettings.Tradovate cfg, HttpClient http, Clock clock) {
    this.cfg = cfg;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "tradovate";
  }

  @Override
  public synchronized Placement place(OrderRequest r) throws BrokerException {
    ObjectNode body = JSON.createObjectNode();
    body.put("accountSpec", cfg.accountSpec());
    body.put("accountId", accountId());
    body.put("clOrdId", r.clientOrderId());
    body.put("action", action(r.side()));
    body.put("symbol", r.symbol());
    body.put("orderQty", r.quantity());
    body.put("orderType", "Limit");
    body.put("price", points(r.limitPrice()));
    body.put("timeInForce", "Day");
    body.put("text", r.clientOrderId());
    body.put("isAutomated", true);
    String exit = action(r.side() == OrderSide.BUY ? OrderSide.SELL : OrderSide.BUY);
    if (r.bracketed()) {
      ObjectNode stop = body.putObject("bracket1");
      stop.put("action", exit);
      stop.put("orderType", "Stop");
      stop.put("stopPrice", points(r.stopLossPrice()));
      stop.put("timeInForce", "Day");
      stop.put("text", OrderRequest.legClientOrderId(r.clientOrderId(), OrderLeg.STOP_LOSS));
      ObjectNode target = body.putObject("bracket2");
      target.put("action", exit);
      target.put("orderType", "Limit");
      target.put("price", points(r.profitTargetPrice()));
      target.put("timeInForce", "Day");
      target.put("text", OrderRequest.legClientOrderId(r.clientOrderId(), OrderLeg.PROFIT_TARGET));
    }
    JsonNode res = post(r.bracketed() ? "/order/placeOSO" : "/order/placeorder", body);
    if (!res.hasNonNull("orderId")) {
      throw new BrokerException.Rejected(
          "tradovate refused "
              + r.clientOrderId()
              + ": "
              + res.path("failureReason").asText("no reason")
              + " "
              + res.path("failureText").asText(""));
    }
    long entryId = res.get("orderId").asLong();
    textByOrderId.put(entryId, r.clientOrderId());
    BrokerOrder entry =
        new BrokerOrder(Long.toString(entryId), r.clientOrderId(), BrokerOrderStatus.WORKING, "");
    Optional<BrokerOrder> sl = leg(res, "oso1Id", r.clientOrderId(), OrderLeg.STOP_LOSS);
    Optional<BrokerOrder> pt = leg(res, "oso2Id", r.clientOrderId(), OrderLeg.PROFIT_TARGET);
    return new Placement(entry, sl, pt);
  }

  private Optional<BrokerOrder> leg(JsonNode res, String field, String coid, OrderLeg leg) {
    if (!res.hasNonNull(field)) {
      return Optional.empty();
    }
    long id = res.get(field).asLong();
    String legCoid = OrderRequest.legClientOrderId(coid, leg);
    textByOrderId.put(id, legCoid);
    return Optional.of(new BrokerOrder(Long.toString(id), legCoid, BrokerOrderStatus.PENDING, ""));
  }

  @Override
  public synchronized void cancel(String brokerOrderId) throws BrokerException {
    ObjectNode body = JSON.createObjectNode();
    body.put("orderId", Long.parseLong(brokerOrderId));
    body.put("isAutomated", true);
    JsonNode res = post("/order/cancelorder", body);
    if (!res.hasNonNull("commandId")) {
      throw new BrokerException(
          "tradovate refused to cancel "
              + brokerOrderId
              + ": "
              + res.path("failureReason").asText("no reason")
              + " "
              + res.path("failureText").asText(""));
    }
  }

  @Override
  public synchronized Optional<Placement> findByClientOrderId(String clientOrderId)
      throws BrokerException {
    long account = accountId();
    Map<String, JsonNode> byText = new HashMap<>();
    for (JsonNode o : get("/order/list")) {
      if (o.path("accountId").asLong() != account) {
        continue;
      }
      long id = o.get("id").asLong();
      String text = textByOrderId.get(id);
      if (text == null) {
        JsonNode versions = get("/orderVersion/deps?masterid=" + id);
        text = versions.size() > 0 ? versions.get(0).path("text").asText("") : "";
        textByOrderId.put(id, text);
      }
      if (text.startsWith(clientOrderId)) {
        byText.put(text, o);
      }
    }
    JsonNode entry = byText.get(clientOrderId);
    if (entry == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Placement(
            view(entry, clientOrderId),
            legView(byText, clientOrderId, OrderLeg.STOP_LOSS),
            legView(byText, clientOrderId, OrderLeg.PROFIT_TARGET)));
  }

  private Optional<BrokerOrder> legView(Map<String, JsonNode> byText, String coid, OrderLeg leg)
      throws BrokerException {
    String legCoid = OrderRequest.legClientOrderId(coid, leg);
    JsonNode o = byText.get(legCoid);
    return o == null ? Optional.empty() : Optional.of(view(o, legCoid));
  }

  @Override
  public synchronized BrokerOrder order(String brokerOrderId) throws BrokerException {
    JsonNode o;
    try {
      o = get("/order/item?id=" + Long.parseLong(brokerOrderId));
    } catch (BrokerException.NotFound e) {
      throw new BrokerException.NotFound("tradovate has no order " + brokerOrderId);
    }
    if (o == null || o.isNull() || o.isMissingNode() || !o.hasNonNull("id")) {
      throw new BrokerException.NotFound("tradovate has no order " + brokerOrderId);
    }
    return view(o, textByOrderId.get(Long.parseLong(brokerOrderId)));
  }

  @Override
  public synchronized List<BrokerFill> fills(String brokerOrderId) throws BrokerException {
    long orderId = Long.parseLong(brokerOrderId);
    List<BrokerFill> out = new ArrayList<>();
    for (JsonNode f : get("/fill/list")) {
      if (f.path("orderId").asLong() != orderId || !f.path("active").asBoolean(true)) {
        continue;
      }
      out.add(
          new BrokerFill(
              "tv-" + f.get("id").asLong(),
              brokerOrderId,
              side(f.path("action").asText(), "fill " + f.path("id")),
              f.path("qty").asInt(),
              fixed(f.path("price").decimalValue()),
              nanos(f.path("timestamp").asText(), "fill " + f.path("id"))));
    }
    return out;
  }

  @Override
  public synchronized List<BrokerPosition> positions() throws BrokerException {
    long account = accountId();
    List<BrokerPosition> out = new ArrayList<>();
    for (JsonNode p : get("/position/list")) {
      if (p.path("accountId").asLong() != account || p.path("netPos").asInt() == 0) {
        continue;
      }
      out.add(
          new BrokerPosition(contractName(p.path("contractId").asLong()), p.get("netPos").asInt()));
    }
    return out;
  }

  private String contractName(long contractId) throws BrokerException {
    String name = contractNames.get(contractId);
    if (name == null) {
      name = get("/contract/item?id=" + contractId).path("name").asText(null);
      if (name == null) {
        throw new BrokerException("tradovate contract " + contractId + " has no name");
      }
      contractNames.put(contractId, name);
    }
    return name;
  }

  /** The account id of {@code accountSpec}, from {@code /account/list}. */
  synchronized long accountId() throws BrokerException {
    if (accountId == null) {
      for (JsonNode a : get("/account/list")) {
        if (cfg.accountSpec().equals(a.path("name").asText())) {
          accountId = a.get("id").asLong();
        }
      }
      if (accountId == null) {
        throw new BrokerException(
            "tradovate account " + cfg.accountSpec() + " is not in /account/list of " + cfg.name());
      }
    }
    return accountId;
  }

  // ---------------------------------------------------------------- mapping

  private BrokerOrder view(JsonNode o, String coid) throws BrokerException {
    String code = o.path("ordStatus").asText();
    BrokerOrderStatus status =
        switch (code) {
          case "PendingNew", "Working", "PendingCancel", "PendingReplace", "Unknown" ->
              BrokerOrderStatus.WORKING;
          case "Suspended" -> BrokerOrderStatus.PENDING;
          case "Filled", "Completed" -> BrokerOrderStatus.FILLED;
          case "Canceled", "Expired" -> BrokerOrderStatus.CANCELLED;
          case "Rejected" -> BrokerOrderStatus.REJECTED;
          default ->
              throw new BrokerException(
                  "tradovate order " + o.path("id") + ": unknown ordStatus '" + code + "'");
        };
    String reason = status == BrokerOrderStatus.WORKING ? "" : "tradovate " + code;
    return new BrokerOrder(o.path("id").asText(), coid, status, reason);
  }

  private static String action(OrderSide side) {
    return switch (side) {
      case BUY -> "Buy";
      case SELL -> "Sell";
    };
  }

  private static OrderSide side(String action, String where) throws BrokerException {
    return switch (action) {
      case "Buy" -> OrderSide.BUY;
      case "Sell" -> OrderSide.SELL;
      default ->
          throw new BrokerException("tradovate " + where + ": unknown action '" + action + "'");
    };
  }

  /** 1e-9 fixed point to Tradovate's decimal points. */
  static BigDecimal points(long fixed) {
    return BigDecimal.valueOf(fixed, 9).stripTrailingZeros();
  }

  /** Tradovate's decimal points to 1e-9 fixed point. */
  static long fixed(BigDecimal points) {
    return points.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  private static long nanos(String iso, String where) throws BrokerException {
    try {
      Instant t = Instant.parse(iso);
      return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    } catch (DateTimeParseException e) {
      throw new BrokerException("tradovate " + where + ": bad timestamp '" + iso + "'", e);
    }
  }

  // ---------------------------------------------------------------- HTTP and auth

  private void ensureToken() throws BrokerException {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(expiresAt)) {
      authenticate();
    } else if (!now.isBefore(expiresAt.minus(cfg.renewBefore()))) {
      try {
        readToken(send(authorized("/auth/renewaccesstoken").GET().build()), "renewal");
      } catch (BrokerException e) {
        authenticate();
      }
    }
  }

  private void authenticate() throws BrokerException {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", cfg.name());
    body.put("password", cfg.password());
    body.put("appId", cfg.appId());
    body.put("appVersion", cfg.appVersion());
    body.put("cid", cfg.cid());
    body.put("sec", cfg.sec());
    HttpRequest req =
        HttpRequest.newBuilder(uri("/auth/accesstokenrequest"))
            .timeout(cfg.requestTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    token = null;
    readToken(send(req), "access token request for " + cfg.name());
  }

  private void readToken(JsonNode res, String what) throws BrokerException {
    String error = res.path("errorText").asText("");
    if (!error.isEmpty() || !res.hasNonNull("accessToken")) {
      throw new BrokerException(
          "tradovate " + what + " refused: " + (error.isEmpty() ? "no accessToken" : error));
    }
    token = res.get("accessToken").asText();
    try {
      expiresAt = Instant.parse(res.path("expirationTime").asText());
    } catch (DateTimeParseException e) {
      throw new BrokerException(
          "tradovate " + what + ": bad expirationTime '" + res.path("expirationTime") + "'", e);
    }
  }

  private JsonNode get(String path) throws BrokerException {
    return call(path, null);
  }

  private JsonNode post(String path, JsonNode body) throws BrokerException {
    return call(path, body);
  }

  private JsonNode call(String path, JsonNode body) throws BrokerException {
    for (int attempt = 0; ; attempt++) {
      ensureToken();
      HttpRequest.Builder b = authorized(path);
      HttpRequest req =
          body == null
              ? b.GET().build()
              : b.header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build();
      try {
        return send(req);
      } catch (Unauthorized e) {
        token = null;
        if (attempt > 0) {
          throw new BrokerException("tradovate " + path + ": unauthorized after re-authentication");
        }
      }
    }
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(uri(path))
        .timeout(cfg.requestTimeout())
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + token);
  }

  private URI uri(String path) {
    String base = cfg.baseUrl().toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }

  private static final class Unauthorized extends BrokerException {
    Unauthorized(String message) {
      super(message);
    }
  }

  private JsonNode send(HttpRequest req) throws BrokerException {
    String what = req.method() + " " + req.uri().getPath();
    HttpResponse<String> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BrokerException("tradovate " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("tradovate " + what + ": interrupted", e);
    }
    int status = res.statusCode();
    if (status == 401) {
      throw new Unauthorized("tradovate " + what + ": HTTP 401");
    }
    if (status == 404) {
      throw new BrokerException.NotFound("tradovate " + what + ": HTTP 404");
    }
    if (status / 100 != 2) {
      String text = res.body() == null ? "" : res.body();
      throw new BrokerException(
          "tradovate "
              + what
              + ": HTTP "
              + status
              + " "
              + text.substring(0, Math.min(200, text.length())));
    }
    try {
      JsonNode node =
          JSON.readTree(res.body() == null || res.body().isEmpty() ? "null" : res.body());
      return node == null ? JSON.nullNode() : node;
    } catch (IOException e) {
      throw new BrokerException(
          "tradovate " + what + ": response is not JSON: " + e.getMessage(), e);
    }
  }
}
