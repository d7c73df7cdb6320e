package io.nqflow.dbn;

import java.math.BigDecimal;

/** DBN constants (sentinels, sizes, versions) and fixed-point price helpers. */
public final class Dbn {
  private Dbn() {}

  /** The version this library encodes. */
  public static final int VERSION = 3;

  /** Highest version this library decodes. */
  public static final int MAX_VERSION = 3;

  /** Prices are signed 64-bit integers where 1 unit = 1e-9. */
  public static final long FIXED_PRICE_SCALE = 1_000_000_000L;

  /** Undefined price: i64::MAX. */
  public static final long UNDEF_PRICE = Long.MAX_VALUE;

  /** Undefined timestamp: u64::MAX (all bits set, -1 as a Java long). */
  public static final long UNDEF_TIMESTAMP = -1L;

  /** Undefined order size: u32::MAX. */
  public static final long UNDEF_ORDER_SIZE = 0xFFFF_FFFFL;

  /** Undefined statistic quantity in DBN v3: i64::MAX. */
  public static final long UNDEF_STAT_QUANTITY = Long.MAX_VALUE;

  /** Undefined statistic quantity in DBN v1 and v2: i32::MAX. */
  public static final int UNDEF_STAT_QUANTITY_V1 = Integer.MAX_VALUE;

  /** Length of symbol fields in DBN v1. */
  public static final int SYMBOL_CSTR_LEN_V1 = 22;

  /** Length of symbol fields in DBN v2 and v3. */
  public static final int SYMBOL_CSTR_LEN_V2 = 71;

  /** Record lengths are stored in 32-bit words. */
  public static final int LENGTH_MULTIPLIER = 4;

  /** Size of the common record header. */
  public static final int RECORD_HEADER_LEN = 16;

  /** Largest record a u8 word count can describe. */
  public static final int MAX_RECORD_LEN = 255 * LENGTH_MULTIPLIER;

  /** Symbol field length of the given version. */
  public static int symbolCstrLen(int version) {
    return version < 2 ? SYMBOL_CSTR_LEN_V1 : SYMBOL_CSTR_LEN_V2;
  }

  /** Converts a 1e-9 fixed-point price to a double; {@link #UNDEF_PRICE} becomes NaN. */
  public static double priceToDouble(long price) {
    return price == UNDEF_PRICE ? Double.NaN : price / (double) FIXED_PRICE_SCALE;
  }

  /** Converts a 1e-9 fixed-point price to an exact decimal; {@link #UNDEF_PRICE} becomes null. */
  public static BigDecimal priceToDecimal(long price) {
    return price == UNDEF_PRICE ? null : BigDecimal.valueOf(price, 9);
  }

  /** Converts a decimal price to 1e-9 fixed point, rounding half-even; NaN becomes UNDEF_PRICE. */
  public static long priceFromDouble(double price) {
    if (Double.isNaN(price)) {
      return UNDEF_PRICE;
    }
    return new BigDecimal(price)
        .movePointRight(9)
        .setScale(0, java.math.RoundingMode.HALF_EVEN)
        .longValueExact();
  }

  /** Converts an exact decimal price to 1e-9 fixed point; fails if it has more than 9 decimals. */
  public static long priceFromDecimal(BigDecimal price) {
    return price.movePointRight(9).longValueExact();
  }
}
