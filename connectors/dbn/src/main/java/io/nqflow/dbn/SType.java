package io.nqflow.dbn;

/** A symbology type, with its wire code (u8) and Databento name. */
public enum SType {
  INSTRUMENT_ID(0, "instrument_id"),
  RAW_SYMBOL(1, "raw_symbol"),
  SMART(2, "smart"),
  CONTINUOUS(3, "continuous"),
  PARENT(4, "parent"),
  NASDAQ_SYMBOL(5, "nasdaq_symbol"),
  CMS_SYMBOL(6, "cms_symbol"),
  ISIN(7, "isin"),
  US_CODE(8, "us_code"),
  BBG_COMP_ID(9, "bbg_comp_id"),
  BBG_COMP_TICKER(10, "bbg_comp_ticker"),
  FIGI(11, "figi"),
  FIGI_TICKER(12, "figi_ticker");

  /** Wire value meaning "mixed or none". */
  public static final int MIXED_CODE = 0xFF;

  private static final SType[] BY_CODE = values();

  private final int code;
  private final String dbnName;

  SType(int code, String dbnName) {
    this.code = code;
    this.dbnName = dbnName;
  }

  public int code() {
    return code;
  }

  /** Databento's name, e.g. {@code "raw_symbol"}. */
  public String dbnName() {
    return dbnName;
  }

  /** The symbology type with this code, or null if there is none. */
  public static SType fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** The symbology type with this Databento name. */
  public static SType fromDbnName(String name) {
    for (SType s : BY_CODE) {
      if (s.dbnName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown stype '" + name + "'");
  }
}
