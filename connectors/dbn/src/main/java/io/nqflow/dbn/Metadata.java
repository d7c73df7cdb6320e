package io.nqflow.dbn;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The DBN metadata header.
 *
 * @param version DBN version (1..3)
 * @param dataset dataset code, e.g. {@code GLBX.MDP3}
 * @param schema schema of all records, or null when mixed
 * @param start start of the query range, ns since the UNIX epoch
 * @param end end of the query range (exclusive), ns; {@link Dbn#UNDEF_TIMESTAMP} when unset
 * @param limit record limit of the query, 0 for none
 * @param stypeIn input symbology, or null when mixed
 * @param stypeOut output symbology, or null when mixed
 * @param tsOut whether every record carries the 8-byte ts_out suffix
 * @param symbolCstrLen length of fixed-size symbol strings (22 in v1, 71 in v2/v3)
 * @param symbols the requested symbols
 * @param partial symbols that resolved for only part of the range
 * @param notFound symbols that did not resolve
 * @param mappings symbol mappings of the requested symbols
 */
public record Metadata(
    int version,
    String dataset,
    Schema schema,
    long start,
    long end,
    long limit,
    SType stypeIn,
    SType stypeOut,
    boolean tsOut,
    int symbolCstrLen,
    List<String> symbols,
    List<String> partial,
    List<String> notFound,
    List<SymbolMapping> mappings) {

  public Metadata {
    Objects.requireNonNull(dataset, "dataset");
    symbols = List.copyOf(symbols);
    partial = List.copyOf(partial);
    notFound = List.copyOf(notFound);
    mappings = List.copyOf(mappings);
  }

  /** One requested symbol and its resolution intervals. */
  public record SymbolMapping(String rawSymbol, List<MappingInterval> intervals) {
    public SymbolMapping {
      Objects.requireNonNull(rawSymbol, "rawSymbol");
      intervals = List.copyOf(intervals);
    }
  }

  /** The symbol a raw symbol resolved to on [startDate, endDate). */
  public record MappingInterval(LocalDate startDate, LocalDate endDate, String symbol) {
    public MappingInterval {
      Objects.requireNonNull(startDate, "startDate");
      Objects.requireNonNull(endDate, "endDate");
      Objects.requireNonNull(symbol, "symbol");
    }
  }

  /** This metadata as a version-3 header (what the encoder writes). */
  public Metadata asV3() {
    return version == 3 && symbolCstrLen == Dbn.SYMBOL_CSTR_LEN_V2
        ? this
        : new Metadata(
            3,
            dataset,
            schema,
            start,
            end,
            limit,
            stypeIn,
            stypeOut,
            tsOut,
            Dbn.SYMBOL_CSTR_LEN_V2,
            symbols,
            partial,
            notFound,
            mappings);
  }

  /** A builder with v3 defaults: no end, no limit, raw_symbol to instrument_id, no ts_out. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link Metadata}. */
  public static final class Builder {
    private String dataset = "";
    private Schema schema;
    private long start;
    private long end = Dbn.UNDEF_TIMESTAMP;
    private long limit;
    private SType stypeIn = SType.RAW_SYMBOL;
    private SType stypeOut = SType.INSTRUMENT_ID;
    private boolean tsOut;
    private final List<String> symbols = new ArrayList<>();
    private final List<String> partial = new ArrayList<>();
    private final List<String> notFound = new ArrayList<>();
    private final List<SymbolMapping> mappings = new ArrayList<>();

    public Builder dataset(String v) {
      dataset = v;
      return this;
    }

    public Builder schema(Schema v) {
      schema = v;
      return this;
    }

    public Builder start(long v) {
      start = v;
      return this;
    }

    public Builder end(long v) {
      end = v;
      return this;
    }

    public Builder limit(long v) {
      limit = v;
      return this;
    }

    public Builder stypeIn(SType v) {
      stypeIn = v;
      return this;
    }

    public Builder stypeOut(SType v) {
      stypeOut = v;
      return this;
    }

    public Builder tsOut(boolean v) {
      tsOut = v;
      return this;
    }

    public Builder symbols(List<String> v) {
      symbols.addAll(v);
      return this;
    }

    public Builder partial(List<String> v) {
      partial.addAll(v);
      return this;
    }

    public Builder notFound(List<String> v) {
      notFound.addAll(v);
      return this;
    }

    public Builder mapping(
        String rawSymbol, LocalDate startDate, LocalDate endDate, String symbol) {
      mappings.add(
          new SymbolMapping(rawSymbol, List.of(new MappingInterval(startDate, endDate, symbol))));
      return this;
    }

    public Builder mappings(List<SymbolMapping> v) {
      mappings.addAll(v);
      return this;
    }

    public Metadata build() {
      return new Metadata(
          3,
          dataset,
          schema,
          start,
          end,
          limit,
          stypeIn,
          stypeOut,
          tsOut,
          Dbn.SYMBOL_CSTR_LEN_V2,
          symbols,
          partial,
          notFound,
          mappings);
    }
  }
}
