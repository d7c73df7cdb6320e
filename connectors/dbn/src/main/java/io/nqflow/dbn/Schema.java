package io.nqflow.dbn;

/** A DBN data schema, with its wire code (u16) and Databento name. */
public enum Schema {
  MBO(0, "mbo"),
  MBP_1(1, "mbp-1"),
  MBP_10(2, "mbp-10"),
  TBBO(3, "tbbo"),
  TRADES(4, "trades"),
  OHLCV_1S(5, "ohlcv-1s"),
  OHLCV_1M(6, "ohlcv-1m"),
  OHLCV_1H(7, "ohlcv-1h"),
  OHLCV_1D(8, "ohlcv-1d"),
  DEFINITION(9, "definition"),
  STATISTICS(10, "statistics"),
  STATUS(11, "status"),
  IMBALANCE(12, "imbalance"),
  OHLCV_EOD(13, "ohlcv-eod"),
  CMBP_1(14, "cmbp-1"),
  CBBO_1S(15, "cbbo-1s"),
  CBBO_1M(16, "cbbo-1m"),
  TCBBO(17, "tcbbo"),
  BBO_1S(18, "bbo-1s"),
  BBO_1M(19, "bbo-1m");

  /** Wire value meaning "mixed or no schema". */
  public static final int MIXED_CODE = 0xFFFF;

  private static final Schema[] BY_CODE = values();

  private final int code;
  private final String dbnName;

  Schema(int code, String dbnName) {
    this.code = code;
    this.dbnName = dbnName;
  }

  public int code() {
    return code;
  }

  /** Databento's name, e.g. {@code "mbp-1"}. */
  public String dbnName() {
    return dbnName;
  }

  /** The schema with this code, or null if there is none. */
  public static Schema fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** The schema with this Databento name. */
  public static Schema fromDbnName(String name) {
    for (Schema s : BY_CODE) {
      if (s.dbnName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown schema '" + name + "'");
  }
}
