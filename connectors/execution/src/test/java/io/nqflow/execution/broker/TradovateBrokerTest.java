package io.nqflow.execution.broker;

import static io.nqflow.execution.TestData.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.nqflow.common.v1.OrderSide;
import io.nqflow.execution.ExecutionSettings;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TradovateBrokerTest {
  private TestingTradovateServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestingTradovateServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TradovateBroker broker(String password, Clock clock) {
    ExecutionSettings.Tradovate cfg =
        new ExecutionSettings.Tradovate(
            server.baseUrl(),
            TestingTradovateServer.NAME,
            password,
            "nqflow",
            "0.1",
            8,
            TestingTradovateServer.SEC,
            TestingTradovateServer.ACCOUNT,
            Duration.ofMinutes(15),
            Duration.ofSeconds(5));
    return new TradovateBroker(cfg, HttpClient.newHttpClient(), clock);
  }

  private TradovateBroker broker() {
    return broker(TestingTradovateServer.PASSWORD, Clock.systemUTC());
  }

  private static OrderRequest request(String coid) {
    return new OrderRequest(
        coid, 11, "NQM5 C20000", OrderSide.BUY, 1, px(105.25), px(95.0), px(125.5));
  }

  @Test
  void authenticatesOnceAndResolvesTheAccount() throws Exception {
    TradovateBroker b = broker();
    assertThat(b.accountId()).isEqualTo(TestingTradovateServer.ACCOUNT_ID);
    assertThat(b.positions()).isEmpty();
    assertThat(server.tokensIssued()).isEqualTo(1);
    assertThat(server.log).first().isEqualTo("POST /auth/accesstokenrequest");
  }

  @Test
  void wrongCredentialsAreReportedWithoutTheSecret() {
    TradovateBroker b = broker("wrong-password", Clock.systemUTC());
    assertThatThrownBy(b::positions)
        .isInstanceOf(BrokerException.class)
        .hasMessageContaining("Incorrect username or password")
        .hasMessageNotContaining("wrong-password");
  }

  @Test
  void renewsTheTokenBeforeItExpiresAndReauthenticatesAfterA401() throws Exception {
    server.tokenExpiry = Instant.parse("2025-06-02T15:00:00Z");
    Clock early = Clock.fixed(Instant.parse("2025-06-02T14:00:00Z"), ZoneOffset.UTC);
    TradovateBroker b = broker(TestingTradovateServer.PASSWORD, early);
    b.positions();
    assertThat(server.log).doesNotContain("GET /auth/renewaccesstoken");

    Clock late = Clock.fixed(Instant.parse("2025-06-02T14:50:00Z"), ZoneOffset.UTC);
    TradovateBroker renewing = broker(TestingTradovateServer.PASSWORD, late);
    renewing.positions();
    renewing.positions();
    assertThat(server.log).contains("GET /auth/renewaccesstoken");

    server.expireToken();
    TradovateBroker fresh = broker();
    fresh.positions();
    server.expireToken();
    assertThat(fresh.positions()).isEmpty();
  }

  @Test
  void placesABracketWithPlaceOsoAndFindsItAgainByClientOrderId() throws Exception {
    TradovateBroker b = broker();
    Placement p = b.place(request("ord-abc"));

    JsonNode body = server.placeBodies.get(0);
    assertThat(body.get("accountSpec").asText()).isEqualTo(TestingTradovateServer.ACCOUNT);
    assertThat(body.get("accountId").asLong()).isEqualTo(TestingTradovateServer.ACCOUNT_ID);
    assertThat(body.get("action").asText()).isEqualTo("Buy");
    assertThat(body.get("orderType").asText()).isEqualTo("Limit");
    assertThat(body.get("price").decimalValue()).isEqualByComparingTo(new BigDecimal("105.25"));
    assertThat(body.get("isAutomated").asBoolean()).isTrue();
    assertThat(body.get("bracket1").get("orderType").asText()).isEqualTo("Stop");
    assertThat(body.get("bracket1").get("action").asText()).isEqualTo("Sell");
    assertThat(body.get("bracket1").get("stopPrice").decimalValue())
        .isEqualByComparingTo(new BigDecimal("95"));
    assertThat(body.get("bracket2").get("orderType").asText()).isEqualTo("Limit");
    assertThat(body.get("bracket2").get("price").decimalValue())
        .isEqualByComparingTo(new BigDecimal("125.5"));

    assertThat(p.stopLoss()).isPresent();
    assertThat(p.profitTarget()).isPresent();
    assertThat(b.order(p.stopLoss().get().brokerOrderId()).status())
        .isEqualTo(BrokerOrderStatus.PENDING);

    // A new session (as after a restart) finds the order through its versions' text.
    Placement found = broker().findByClientOrderId("ord-abc").orElseThrow();
    assertThat(found.order().brokerOrderId()).isEqualTo(p.order().brokerOrderId());
    assertThat(found.stopLoss().orElseThrow().brokerOrderId())
        .isEqualTo(p.stopLoss().get().brokerOrderId());
    assertThat(broker().findByClientOrderId("ord-none")).isEmpty();
  }

  @Test
  void readsFillsAndPositionsInFixedPoint() throws Exception {
    TradovateBroker b = broker();
    Placement p = b.place(request("ord-fill"));
    long id = Long.parseLong(p.order().brokerOrderId());
    server.fill(id, 1, 105.25);

    List<BrokerFill> fills = b.fills(p.order().brokerOrderId());
    assertThat(fills)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.price()).isEqualTo(px(105.25));
              assertThat(f.quantity()).isEqualTo(1);
              assertThat(f.side()).isEqualTo(OrderSide.BUY);
              assertThat(f.executionId()).startsWith("tv-");
              assertThat(f.tsEvent())
                  .isEqualTo(Instant.parse("2025-06-02T14:30:00.123Z").toEpochMilli() * 1_000_000L);
            });
    assertThat(b.order(p.order().brokerOrderId()).status()).isEqualTo(BrokerOrderStatus.FILLED);
    assertThat(b.order(p.stopLoss().get().brokerOrderId()).status())
        .isEqualTo(BrokerOrderStatus.WORKING);
    assertThat(b.positions()).containsExactly(new BrokerPosition("NQM5 C20000", 1));
  }

  @Test
  void cancelsAndReportsUnknownOrders() throws Exception {
    TradovateBroker b = broker();
    Placement p = b.place(request("ord-cancel"));
    b.cancel(p.order().brokerOrderId());
    assertThat(b.order(p.order().brokerOrderId()).status()).isEqualTo(BrokerOrderStatus.CANCELLED);
    assertThatThrownBy(() -> b.cancel("424242")).isInstanceOf(BrokerException.class);
    assertThatThrownBy(() -> b.order("424242")).isInstanceOf(BrokerException.NotFound.class);
  }

  @Test
  void aRefusedOrderIsARejection() {
    TradovateBroker b = broker();
    OrderRequest zero =
        new OrderRequest("ord-zero", 11, "NQM5 C20000", OrderSide.BUY, 0, px(1), px(0.5), px(2));
    assertThatThrownBy(() -> b.place(zero))
        .isInstanceOf(BrokerException.Rejected.class)
        .hasMessageContaining("InvalidQty");
  }

  @Test
  void pricesConvertExactly() {
    assertThat(TradovateBroker.points(px(4150.25))).isEqualByComparingTo("4150.25");
    assertThat(TradovateBroker.fixed(new BigDecimal("0.05"))).isEqualTo(50_000_000L);
  }
}
