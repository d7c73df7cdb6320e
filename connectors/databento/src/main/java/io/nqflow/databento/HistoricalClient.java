package io.nqflow.databento;

import com.fasterxml.jackson.databind.JsonNode;
import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A client of Databento's historical HTTP API: {@code timeseries.get_range} streamed straight into
 * the DBN decoder, and {@code metadata.get_cost} / {@code metadata.get_billable_size} as a
 * pre-flight that refuses a request above the configured budget.
 *
 * <pre>{@code
 * HistoricalClient hist = HistoricalClient.builder()
 *     .apiKey(ApiKey.fromEnvironment())
 *     .budgetUsd(new BigDecimal("8.00"))
 *     .build();
 * RangeRequest req = RangeRequest.builder().dataset("GLBX.MDP3").schema(Schema.TRADES)
 *     .stypeIn(SType.PARENT).symbols("NQ.OPT").start(t0).end(t1).build();
 * long n = hist.getRange(req, record -> consume(record));   // BudgetExceededException if too dear
 * }</pre>
 *
 * <p>Errors: an error status raises {@link DatabentoHttpException} with Databento's {@code detail};
 * 429 and 5xx are retried with exponential backoff and jitter (honouring {@code Retry-After}), no
 * other status is. Network failures are not retried. Thread-safe.
 */
public final class HistoricalClient {
  /** Databento's historical API. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://hist.databento.com");

  /** How the data is compressed on the wire (the decoder detects it either way). */
  public enum Compression {
    NONE("none"),
    ZSTD("zstd");

    private final String wire;

    Compression(String wire) {
      this.wire = wire;
    }
  }

  private static final System.Logger LOG = System.getLogger(HistoricalClient.class.getName());
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final ApiKey key;
  private final URI baseUrl;
  private final BigDecimal budgetUsd;
  private final Compression compression;
  private final int maxRetries;
  private final Backoff backoff;
  private final Duration maxRetryWait;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final AtomicLong retries = new AtomicLong();

  private HistoricalClient(Builder b) {
    this.key = b.key;
    String base = b.baseUrl.toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
    this.budgetUsd = b.budgetUsd;
    this.compression = b.compression;
    this.maxRetries = b.maxRetries;
    this.backoff = new Backoff(b.initialBackoff, b.maxBackoff, b.random);
    this.maxRetryWait = b.maxRetryWait;
    this.requestTimeout = b.requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(b.connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The per-request budget in USD, or null when the client was built with {@code noBudget()}. */
  public BigDecimal budgetUsd() {
    return budgetUsd;
  }

  /** Requests retried so far (429 and 5xx answers). */
  public long retries() {
    return retries.get();
  }

  /** {@code metadata.get_cost}: the price of the request in USD (historical-streaming mode). */
  public BigDecimal getCost(RangeRequest request) throws IOException {
    Map<String, String> form = new LinkedHashMap<>(request.form());
    form.remove("stype_out");
    form.put("mode", "historical-streaming");
    JsonNode v = postJson("metadata.get_cost", form);
    if (v.isNumber()) {
      return v.decimalValue();
    }
    throw new DatabentoException(
        "metadata.get_cost answered " + ApiJson.write(v) + ", not a number of dollars");
  }

  /** {@code metadata.get_billable_size}: the uncompressed DBN bytes the request would bill. */
  public long getBillableSize(RangeRequest request) throws IOException {
    Map<String, String> form = new LinkedHashMap<>(request.form());
    form.remove("stype_out");
    JsonNode v = postJson("metadata.get_billable_size", form);
    if (v.isNumber()) {
      try {
        return v.decimalValue().longValueExact();
      } catch (ArithmeticException e) {
        // falls through to the error below
      }
    }
    throw new DatabentoException(
        "metadata.get_billable_size answered " + ApiJson.write(v) + ", not a byte count");
  }

  /**
   * Prices the request and refuses it if it costs more than the budget.
   *
   * @throws BudgetExceededException with the cost, the billable size and the budget
   */
  public CostEstimate preflight(RangeRequest request) throws IOException {
    BigDecimal cost = getCost(request);
    long size = getBillableSize(request);
    if (budgetUsd != null && cost.compareTo(budgetUsd) > 0) {
      throw new BudgetExceededException(request.describe(), cost, size, budgetUsd);
    }
    LOG.log(
        Level.INFO,
        "Databento pre-flight "
            + request.describe()
            + ": $"
            + cost.toPlainString()
            + ", "
            + size
            + " bytes");
    return new CostEstimate(cost, size);
  }

  /**
   * {@code timeseries.get_range} as a decoder over the HTTP body as it arrives (nothing is buffered
   * beyond the decoder's 64 KiB). Runs the budget pre-flight first when a budget is set. The caller
   * closes the decoder, which closes the connection.
   */
  public DbnDecoder openRange(RangeRequest request) throws IOException {
    if (budgetUsd != null) {
      preflight(request);
    }
    Map<String, String> form = new LinkedHashMap<>(request.form());
    form.put("encoding", "dbn");
    form.put("compression", compression.wire);
    InputStream body = post("timeseries.get_range", form);
    try {
      return DbnDecoder.open(body);
    } catch (IOException | RuntimeException e) {
      body.close();
      throw e;
    }
  }

  /**
   * {@code timeseries.get_range} delivered record by record to {@code handler} as the body streams
   * in: {@link RecordHandler#onMetadata} once (resumed = false), then {@link
   * RecordHandler#onRecord} per record; its other methods are not called. A failure mid-body is not
   * retried (records were already delivered).
   *
   * @return the number of records delivered
   */
  public long getRange(RangeRequest request, RecordHandler handler) throws IOException {
    try (DbnDecoder d = openRange(request)) {
      try {
        handler.onMetadata(d.metadata(), false);
        long n = 0;
        for (DbnRecord r = d.next(); r != null; r = d.next()) {
          handler.onRecord(r);
          n++;
        }
        return n;
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException("record handler failed: " + e.getMessage(), e);
      }
    }
  }

  // ---- HTTP ----

  private JsonNode postJson(String endpoint, Map<String, String> form) throws IOException {
    String text;
    try (InputStream in = post(endpoint, form)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      return ApiJson.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw new DatabentoException(
          endpoint + " answered something that is not JSON (" + e.getMessage() + ")");
    }
  }

  /** POSTs the form and returns the body of a 2xx answer; retries 429/5xx; throws on others. */
  private InputStream post(String endpoint, Map<String, String> form) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve("v0/" + endpoint))
            .timeout(requestTimeout)
            .header("Authorization", key.basicAuthorization())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/octet-stream, application/json")
            .header("User-Agent", "nqflow-databento/0.1")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
            .build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<InputStream> resp;
      try {
        resp = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted calling Databento " + endpoint);
      }
      int status = resp.statusCode();
      if (status >= 200 && status < 300) {
        return resp.body();
      }
      String detail;
      try (InputStream in = resp.body()) {
        detail = errorDetail(new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8));
      }
      boolean retryable = status == 429 || status >= 500;
      if (!retryable || attempt > maxRetries) {
        throw new DatabentoHttpException(endpoint, status, detail, attempt);
      }
      long wait = retryAfterMillis(resp).orElse(backoff.delayMillis(attempt));
      if (wait > maxRetryWait.toMillis()) {
        throw new DatabentoException(
            "Databento historical API "
                + endpoint
                + " failed with HTTP "
                + status
                + " and asks to retry after "
                + wait
                + " ms, longer than the configured maximum wait of "
                + maxRetryWait.toMillis()
                + " ms: "
                + detail);
      }
      LOG.log(
          Level.WARNING,
          "Databento "
              + endpoint
              + " HTTP "
              + status
              + " ("
              + detail
              + "); retry "
              + attempt
              + " of "
              + maxRetries
              + " in "
              + wait
              + " ms");
      retries.incrementAndGet();
      try {
        TimeUnit.MILLISECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting to retry Databento " + endpoint);
      }
    }
  }

  /** Databento's error bodies are JSON with a {@code detail} string (or structure). */
  private String errorDetail(String body) {
    String text = body.strip();
    String detail = text;
    try {
      JsonNode v = ApiJson.parse(text);
      if (v.isObject() && v.has("detail")) {
        JsonNode d = v.get("detail");
        detail = d.isTextual() ? d.asText() : ApiJson.write(d);
      }
    } catch (IllegalArgumentException notJson) {
      // an error page from a proxy: show its text
    }
    if (detail.isEmpty()) {
      detail = "(empty body)";
    }
    return LiveProtocol.clip(key, detail);
  }

  /** {@code Retry-After} as delta-seconds or an HTTP date. */
  static OptionalLong retryAfterMillis(HttpResponse<?> resp) {
    var h = resp.headers().firstValue("Retry-After");
    if (h.isEmpty()) {
      return OptionalLong.empty();
    }
    String v = h.get().strip();
    try {
      return OptionalLong.of(Math.max(0, Long.parseLong(v)) * 1000);
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime t = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        return OptionalLong.of(
            Math.max(0, Duration.between(Instant.now(), t.toInstant()).toMillis()));
      } catch (DateTimeParseException notDate) {
        return OptionalLong.empty();
      }
    }
  }

  private static String encode(Map<String, String> form) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : form.entrySet()) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /**
   * Builds a {@link HistoricalClient}; a budget (or an explicit {@code noBudget()}) is required.
   */
  public static final class Builder {
    private ApiKey key;
    private URI baseUrl = DEFAULT_BASE_URL;
    private BigDecimal budgetUsd;
    private boolean noBudget;
    private Compression compression = Compression.ZSTD;
    private int maxRetries = 4;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration maxRetryWait = Duration.ofSeconds(120);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofMinutes(10);
    private RandomGenerator random = RandomGenerator.getDefault();

    private Builder() {}

    /** The key; when not set, {@code build()} reads {@value ApiKey#ENV_VAR}. */
    public Builder apiKey(ApiKey key) {
      this.key = Objects.requireNonNull(key);
      return this;
    }

    /** Another base URL than https://hist.databento.com (a stand-in, a proxy). */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl);
      return this;
    }

    /** Refuse any get_range that Databento prices above this many USD. */
    public Builder budgetUsd(BigDecimal budget) {
      if (budget.signum() < 0) {
        throw new IllegalArgumentException("budget must be >= 0, not " + budget);
      }
      this.budgetUsd = budget;
      return this;
    }

    /** Run get_range without a pre-flight (the cost methods still work). */
    public Builder noBudget() {
      this.noBudget = true;
      return this;
    }

    /** Wire compression of get_range (default zstd; billing counts uncompressed bytes). */
    public Builder compression(Compression c) {
      this.compression = Objects.requireNonNull(c);
      return this;
    }

    /** Retries of a 429/5xx answer (default 4). */
    public Builder maxRetries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0");
      }
      this.maxRetries = n;
      return this;
    }

    /**
     * Backoff between retries when the server gives no Retry-After (default 1 s doubling to 30 s).
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** The longest Retry-After honoured; a longer one fails the call at once (default 120 s). */
    public Builder maxRetryWait(Duration d) {
      this.maxRetryWait = Objects.requireNonNull(d);
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** Time until the response headers arrive (default 10 min; the body may stream longer). */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Objects.requireNonNull(d);
      return this;
    }

    public Builder random(RandomGenerator r) {
      this.random = Objects.requireNonNull(r);
      return this;
    }

    public HistoricalClient build() {
      if (budgetUsd == null && !noBudget) {
        throw new IllegalStateException(
            "HistoricalClient: set budgetUsd(...) to refuse costly requests, or noBudget()");
      }
      if (budgetUsd != null && noBudget) {
        throw new IllegalStateException("HistoricalClient: budgetUsd(...) and noBudget() conflict");
      }
      if (key == null) {
        key = ApiKey.fromEnvironment();
      }
      return new HistoricalClient(this);
    }
  }
}
