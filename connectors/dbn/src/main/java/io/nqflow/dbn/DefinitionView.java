package io.nqflow.dbn;

/**
 * Accessors of InstrumentDefMsg over the v1, v2 and v3 layouts. Fields absent from the record's
 * version return their v3 default ({@link Dbn#UNDEF_PRICE} for leg prices, 0 or "" otherwise).
 */
public final class DefinitionView {
  private final DbnRecord r;

  DefinitionView(DbnRecord r) {
    this.r = r;
  }

  private long num(String name, long absent) {
    Field f = r.layout.field(name);
    return f == null ? absent : r.getInteger(f);
  }

  private String str(String name) {
    Field f = r.layout.field(name);
    return f == null ? "" : r.getString(f);
  }

  private char chr(String name, char absent) {
    Field f = r.layout.field(name);
    return f == null ? absent : r.getChar(f);
  }

  public long tsRecv() {
    return num("ts_recv", 0);
  }

  public String rawSymbol() {
    return str("raw_symbol");
  }

  /** C(all), P(ut), F(uture), K (stock), S/T/M (spreads), ... */
  public char instrumentClass() {
    return chr("instrument_class", '\0');
  }

  /** Strike, 1e-9 units; UNDEF_PRICE when not an option. */
  public long strikePrice() {
    return num("strike_price", Dbn.UNDEF_PRICE);
  }

  public String strikePriceCurrency() {
    return str("strike_price_currency");
  }

  /** Last eligible trade time, ns since the UNIX epoch. */
  public long expiration() {
    return num("expiration", Dbn.UNDEF_TIMESTAMP);
  }

  public long activation() {
    return num("activation", Dbn.UNDEF_TIMESTAMP);
  }

  public String underlying() {
    return str("underlying");
  }

  public long underlyingId() {
    return num("underlying_id", 0);
  }

  /** Venue instrument id: u32 in v1/v2, u64 in v3. */
  public long rawInstrumentId() {
    return num("raw_instrument_id", 0);
  }

  public String asset() {
    return str("asset");
  }

  public String securityType() {
    return str("security_type");
  }

  public String cfi() {
    return str("cfi");
  }

  public String group() {
    return str("group");
  }

  public String exchange() {
    return str("exchange");
  }

  public String currency() {
    return str("currency");
  }

  public String unitOfMeasure() {
    return str("unit_of_measure");
  }

  /** Contract size in units of {@link #unitOfMeasure()}, 1e-9 fixed point. */
  public long unitOfMeasureQty() {
    return num("unit_of_measure_qty", Dbn.UNDEF_PRICE);
  }

  /** Tick size, 1e-9 units. */
  public long minPriceIncrement() {
    return num("min_price_increment", Dbn.UNDEF_PRICE);
  }

  public long displayFactor() {
    return num("display_factor", Dbn.UNDEF_PRICE);
  }

  public long highLimitPrice() {
    return num("high_limit_price", Dbn.UNDEF_PRICE);
  }

  public long lowLimitPrice() {
    return num("low_limit_price", Dbn.UNDEF_PRICE);
  }

  public int contractMultiplier() {
    return (int) num("contract_multiplier", 0);
  }

  public int channelId() {
    return (int) num("channel_id", 0);
  }

  public int maturityYear() {
    return (int) num("maturity_year", 0);
  }

  public int maturityMonth() {
    return (int) num("maturity_month", 0);
  }

  public int maturityDay() {
    return (int) num("maturity_day", 0);
  }

  /** A(dd), M(odify), D(elete). */
  public char securityUpdateAction() {
    return chr("security_update_action", 'A');
  }

  public int legCount() {
    return (int) num("leg_count", 0);
  }
}
