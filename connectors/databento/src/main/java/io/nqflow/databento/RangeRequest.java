package io.nqflow.databento;

import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A historical time-series request: the parameters of {@code timeseries.get_range}, also priced by
 * {@code metadata.get_cost} and {@code metadata.get_billable_size}.
 *
 * @param dataset dataset code, e.g. {@code GLBX.MDP3}
 * @param schema record schema
 * @param symbols symbols (at most 2,000 per request, Databento's limit), or {@code ALL_SYMBOLS}
 * @param stypeIn symbology of {@code symbols}
 * @param stypeOut symbology of the output mappings
 * @param start inclusive start, ns since the UNIX epoch (Databento filters on ts_recv where the
 *     schema has it, else ts_event)
 * @param end exclusive end in ns, or null for Databento's forward-filled default
 * @param limit maximum number of records, 0 for none
 */
public record RangeRequest(
    String dataset,
    Schema schema,
    List<String> symbols,
    SType stypeIn,
    SType stypeOut,
    long start,
    Long end,
    long limit) {

  /** Databento's limit of symbols per request. */
  public static final int MAX_SYMBOLS = 2000;

  public RangeRequest {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(stypeIn, "stypeIn");
    Objects.requireNonNull(stypeOut, "stypeOut");
    symbols = List.copyOf(symbols);
    if (dataset.isBlank()) {
      throw new IllegalArgumentException("dataset is blank");
    }
    if (symbols.isEmpty() || symbols.size() > MAX_SYMBOLS) {
      throw new IllegalArgumentException(
          "a request takes 1 to " + MAX_SYMBOLS + " symbols, not " + symbols.size());
    }
    if (start < 0) {
      throw new IllegalArgumentException("start must be >= 0 ns, not " + start);
    }
    if (end != null && end <= start) {
      throw new IllegalArgumentException("end " + end + " is not after start " + start);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, not " + limit);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The request's form fields, as every pricing and data endpoint takes them. */
  Map<String, String> form() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("dataset", dataset);
    f.put("symbols", String.join(",", symbols));
    f.put("schema", schema.dbnName());
    f.put("start", Long.toString(start));
    if (end != null) {
      f.put("end", Long.toString(end));
    }
    f.put("stype_in", stypeIn.dbnName());
    f.put("stype_out", stypeOut.dbnName());
    if (limit > 0) {
      f.put("limit", Long.toString(limit));
    }
    return f;
  }

  /** A short description for messages. */
  String describe() {
    String syms =
        symbols.size() <= 5
            ? String.join(",", symbols)
            : String.join(",", symbols.subList(0, 5)) + ",... (" + symbols.size() + " symbols)";
    return dataset
        + " "
        + schema.dbnName()
        + " "
        + stypeIn.dbnName()
        + " ["
        + syms
        + "] "
        + start
        + ".."
        + (end == null ? "" : end);
  }

  /** Builds a {@link RangeRequest}; stype_in defaults to raw_symbol, stype_out to instrument_id. */
  public static final class Builder {
    private String dataset;
    private Schema schema;
    private List<String> symbols = List.of();
    private SType stypeIn = SType.RAW_SYMBOL;
    private SType stypeOut = SType.INSTRUMENT_ID;
    private Long start;
    private Long end;
    private long limit;

    private Builder() {}

    public Builder dataset(String v) {
      this.dataset = v;
      return this;
    }

    public Builder schema(Schema v) {
      this.schema = v;
      return this;
    }

    public Builder symbols(List<String> v) {
      this.symbols = v;
      return this;
    }

    public Builder symbols(String... v) {
      return symbols(List.of(v));
    }

    public Builder stypeIn(SType v) {
      this.stypeIn = v;
      return this;
    }

    public Builder stypeOut(SType v) {
      this.stypeOut = v;
      return this;
    }

    /** Inclusive start, ns since the UNIX epoch. */
    public Builder start(long nanos) {
      this.start = nanos;
      return this;
    }

    public Builder start(Instant t) {
      return start(nanos(t));
    }

    /** Exclusive end, ns since the UNIX epoch. */
    public Builder end(long nanos) {
      this.end = nanos;
      return this;
    }

    public Builder end(Instant t) {
      return end(nanos(t));
    }

    public Builder limit(long v) {
      this.limit = v;
      return this;
    }

    public RangeRequest build() {
      if (start == null) {
        throw new IllegalStateException("RangeRequest: start is required");
      }
      return new RangeRequest(dataset, schema, symbols, stypeIn, stypeOut, start, end, limit);
    }

    private static long nanos(Instant t) {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
  }
}
