package io.nqflow.dbn;

/** Record type ids ({@code hd.rtype}) and their names. */
public final class RType {
  private RType() {}

  public static final int MBP_0 = 0x00;
  public static final int MBP_1 = 0x01;
  public static final int MBP_10 = 0x0A;
  public static final int OHLCV_DEPRECATED = 0x11;
  public static final int STATUS = 0x12;
  public static final int INSTRUMENT_DEF = 0x13;
  public static final int IMBALANCE = 0x14;
  public static final int ERROR = 0x15;
  public static final int SYMBOL_MAPPING = 0x16;
  public static final int SYSTEM = 0x17;
  public static final int STATISTICS = 0x18;
  public static final int OHLCV_1S = 0x20;
  public static final int OHLCV_1M = 0x21;
  public static final int OHLCV_1H = 0x22;
  public static final int OHLCV_1D = 0x23;
  public static final int OHLCV_EOD = 0x24;
  public static final int MBO = 0xA0;
  public static final int CMBP_1 = 0xB1;
  public static final int CBBO_1S = 0xC0;
  public static final int CBBO_1M = 0xC1;
  public static final int TCBBO = 0xC2;
  public static final int BBO_1S = 0xC3;
  public static final int BBO_1M = 0xC4;

  /** Databento's name of an rtype, or {@code "0x.."} for an unknown one. */
  public static String name(int rtype) {
    return switch (rtype) {
      case MBP_0 -> "mbp-0";
      case MBP_1 -> "mbp-1";
      case MBP_10 -> "mbp-10";
      case OHLCV_DEPRECATED -> "ohlcv-deprecated";
      case STATUS -> "status";
      case INSTRUMENT_DEF -> "instrument-def";
      case IMBALANCE -> "imbalance";
      case ERROR -> "error";
      case SYMBOL_MAPPING -> "symbol-mapping";
      case SYSTEM -> "system";
      case STATISTICS -> "statistics";
      case OHLCV_1S -> "ohlcv-1s";
      case OHLCV_1M -> "ohlcv-1m";
      case OHLCV_1H -> "ohlcv-1h";
      case OHLCV_1D -> "ohlcv-1d";
      case OHLCV_EOD -> "ohlcv-eod";
      case MBO -> "mbo";
      case CMBP_1 -> "cmbp-1";
      case CBBO_1S -> "cbbo-1s";
      case CBBO_1M -> "cbbo-1m";
      case TCBBO -> "tcbbo";
      case BBO_1S -> "bbo-1s";
      case BBO_1M -> "bbo-1m";
      default -> String.format("0x%02x", rtype);
    };
  }
}
