package io.nqflow.databento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Metadata;
import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The historical client against {@link TestingHistoricalApi} on loopback. */
class HistoricalClientITCase {
  private static final String KEY = "db-HistoricalTestKey0123456789ab";

  private TestingHistoricalApi api;

  private final RangeRequest request =
      RangeRequest.builder()
          .dataset("GLBX.MDP3")
          .schema(Schema.MBO)
          .stypeIn(SType.PARENT)
          .symbols("NQ.OPT")
          .start(1_609_160_400_000_000_000L)
          .end(1_609_200_000_000_000_000L)
          .build();

  @BeforeEach
  void setUp() throws Exception {
    api = new TestingHistoricalApi(KEY);
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  private HistoricalClient.Builder client() {
    return HistoricalClient.builder()
        .apiKey(ApiKey.of(KEY))
        .baseUrl(api.baseUrl())
        .compression(HistoricalClient.Compression.NONE)
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
        .random(new SplittableRandom(3));
  }

  @Test
  void getRangeDeliversRecordsWhileTheBodyIsStillArriving() throws Exception {
    byte[] body = LiveTestData.generatedMboSession(40_000, 4); // ~2.2 MB
    List<ByteBuffer> expected = LiveTestData.records(body);
    api.rangeBody = body;
    api.holdAfterBytes = 64 * 1024;
    HistoricalClient hist = client().budgetUsd(new BigDecimal("8.00")).build();

    List<ByteBuffer> got = new ArrayList<>();
    boolean[] bodyCompleteAtFirstRecord = new boolean[1];
    long n =
        hist.getRange(
            request,
            new RecordHandler() {
              @Override
              public void onRecord(DbnRecord r) {
                if (got.isEmpty()) {
                  bodyCompleteAtFirstRecord[0] = api.bodyComplete;
                  api.releaseRest.countDown();
                }
                got.add(ByteBuffer.wrap(r.copyBytes()));
              }
            });

    assertThat(api.releasedByClient).as("client delivered a record before the body ended").isTrue();
    assertThat(bodyCompleteAtFirstRecord[0]).isFalse();
    assertThat(n).isEqualTo(expected.size());
    assertThat(got).containsExactlyElementsOf(expected);
    assertThat(api.violations()).isEmpty();
    assertThat(api.requests())
        .extracting(TestingHistoricalApi.Request::endpoint)
        .containsExactly("metadata.get_cost", "metadata.get_billable_size", "timeseries.get_range");
    var form = api.requests().get(2).form();
    assertThat(form)
        .containsEntry("dataset", "GLBX.MDP3")
        .containsEntry("schema", "mbo")
        .containsEntry("symbols", "NQ.OPT")
        .containsEntry("stype_in", "parent")
        .containsEntry("stype_out", "instrument_id")
        .containsEntry("start", "1609160400000000000")
        .containsEntry("end", "1609200000000000000")
        .containsEntry("encoding", "dbn")
        .containsEntry("compression", "none");
    assertThat(api.requests().get(0).form()).containsEntry("mode", "historical-streaming");
  }

  @Test
  void getRangeDecodesAZstdBody() throws Exception {
    byte[] raw = LiveTestData.realMboSample();
    api.rangeBody = Zstd.compress(raw);
    HistoricalClient hist =
        client().compression(HistoricalClient.Compression.ZSTD).noBudget().build();
    List<ByteBuffer> got = new ArrayList<>();
    List<Metadata> md = new ArrayList<>();
    hist.getRange(
        request,
        new RecordHandler() {
          @Override
          public void onRecord(DbnRecord r) {
            got.add(ByteBuffer.wrap(r.copyBytes()));
          }

          @Override
          public void onMetadata(Metadata m, boolean resumed) {
            md.add(m);
          }
        });
    assertThat(got).containsExactlyElementsOf(LiveTestData.records(raw));
    assertThat(md).containsExactly(LiveTestData.metadata(raw));
    assertThat(api.requests()).hasSize(1); // no budget, no pre-flight
    assertThat(api.requests().get(0).form()).containsEntry("compression", "zstd");
  }

  @Test
  void preflightRefusesARequestAboveTheBudgetBeforeAskingForData() throws Exception {
    api.cost = "12.5";
    api.billableSize = 987_654_321L;
    HistoricalClient hist = client().budgetUsd(new BigDecimal("8.00")).build();

    assertThatThrownBy(() -> hist.getRange(request, r -> {}))
        .isInstanceOfSatisfying(
            BudgetExceededException.class,
            e -> {
              assertThat(e.costUsd()).isEqualByComparingTo("12.5");
              assertThat(e.budgetUsd()).isEqualByComparingTo("8.00");
              assertThat(e.billableBytes()).isEqualTo(987_654_321L);
            })
        .hasMessageContaining("$12.5")
        .hasMessageContaining("$8.00")
        .hasMessageContaining("987654321 billable bytes")
        .hasMessageContaining("GLBX.MDP3 mbo parent [NQ.OPT]");
    assertThat(api.requests())
        .extracting(TestingHistoricalApi.Request::endpoint)
        .doesNotContain("timeseries.get_range");
  }

  @Test
  void costAndBillableSizeAreReadFromTheApi() throws Exception {
    api.cost = "0.4213";
    api.billableSize = 5_000_000L;
    HistoricalClient hist = client().noBudget().build();
    assertThat(hist.getCost(request)).isEqualByComparingTo("0.4213");
    assertThat(hist.getBillableSize(request)).isEqualTo(5_000_000L);
    assertThat(hist.preflight(request))
        .isEqualTo(new CostEstimate(new BigDecimal("0.4213"), 5_000_000L));
  }

  @Test
  void aJsonErrorBodyBecomesAClearExceptionAndA400IsNotRetried() throws Exception {
    api.failNext(
        "timeseries.get_range",
        400,
        "{\"detail\":\"Invalid symbol 'NQ.OPTX' for stype_in parent.\"}",
        null);
    HistoricalClient hist = client().noBudget().build();

    assertThatThrownBy(() -> hist.getRange(request, r -> {}))
        .isInstanceOfSatisfying(
            DatabentoHttpException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.endpoint()).isEqualTo("timeseries.get_range");
              assertThat(e.detail()).isEqualTo("Invalid symbol 'NQ.OPTX' for stype_in parent.");
            })
        .hasMessage(
            "Databento historical API timeseries.get_range failed with HTTP 400: Invalid symbol"
                + " 'NQ.OPTX' for stype_in parent.");
    assertThat(api.requests()).hasSize(1);
    assertThat(hist.retries()).isZero();
  }

  @Test
  void a429IsRetriedAfterItsRetryAfterThenSucceeds() throws Exception {
    api.failNext("metadata.get_cost", 429, "{\"detail\":\"Too many requests, slow down.\"}", "1");
    api.cost = "1.5";
    HistoricalClient hist = client().noBudget().build();

    assertThat(hist.getCost(request)).isEqualByComparingTo("1.5");
    assertThat(api.requests()).hasSize(2);
    long gapMs =
        (api.requests().get(1).receivedNanos() - api.requests().get(0).receivedNanos()) / 1_000_000;
    assertThat(gapMs).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(900);
    assertThat(hist.retries()).isEqualTo(1);
  }

  @Test
  void serverErrorsAreRetriedWithBackoffUntilTheLimit() throws Exception {
    for (int i = 0; i < 3; i++) {
      api.failNext("metadata.get_billable_size", 503, "{\"detail\":\"Service unavailable\"}", null);
    }
    HistoricalClient hist = client().noBudget().maxRetries(2).build();

    assertThatThrownBy(() -> hist.getBillableSize(request))
        .isInstanceOf(DatabentoHttpException.class)
        .hasMessage(
            "Databento historical API metadata.get_billable_size failed with HTTP 503: Service"
                + " unavailable (after 3 attempts)");
    assertThat(api.requests()).hasSize(3);
  }

  @Test
  void aRetryAfterLongerThanTheMaximumWaitFailsAtOnce() throws Exception {
    api.failNext("metadata.get_cost", 429, "{\"detail\":\"Rate limited\"}", "3600");
    HistoricalClient hist = client().noBudget().maxRetryWait(Duration.ofSeconds(30)).build();
    assertThatThrownBy(() -> hist.getCost(request))
        .isInstanceOf(DatabentoException.class)
        .hasMessageContaining("HTTP 429")
        .hasMessageContaining("retry after 3600000 ms")
        .hasMessageContaining("Rate limited");
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void aWrongKeyIsA401WhoseMessageNeverShowsTheKey() throws Exception {
    String wrong = "db-NotTheRightKeyAtAll0123456789";
    HistoricalClient hist =
        HistoricalClient.builder()
            .apiKey(ApiKey.of(wrong))
            .baseUrl(api.baseUrl())
            .noBudget()
            .build();
    assertThatThrownBy(() -> hist.getCost(request))
        .isInstanceOfSatisfying(
            DatabentoHttpException.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("Invalid API key.")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
  }

  @Test
  void aKeyEchoedInAnErrorBodyIsRedacted() throws Exception {
    api.failNext(
        "metadata.get_cost", 422, "{\"detail\":{\"key\":\"" + KEY + "\",\"msg\":\"bad\"}}", null);
    HistoricalClient hist = client().noBudget().build();
    assertThatThrownBy(() -> hist.getCost(request))
        .isInstanceOf(DatabentoHttpException.class)
        .hasMessageContaining("HTTP 422: {\"key\":\"<api key>\",\"msg\":\"bad\"}")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
  }

  @Test
  void aClientNeedsABudgetOrAnExplicitNoBudget() {
    assertThatThrownBy(() -> HistoricalClient.builder().apiKey(ApiKey.of(KEY)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("budgetUsd");
  }
}
