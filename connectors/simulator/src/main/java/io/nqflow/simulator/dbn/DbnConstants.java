package io.nqflow.simulator.dbn;

/** Wire constants of DBN version 3 used by the simulator's encoder and reader. */
public final class DbnConstants {
  public static final int VERSION = 3;
  public static final int SYMBOL_CSTR_LEN = 71;
  public static final int METADATA_RESERVED_LEN = 53;

  public static final int RTYPE_MBP0 = 0x00;
  public static final int RTYPE_INSTRUMENT_DEF = 0x13;
  public static final int RTYPE_STATISTICS = 0x18;
  public static final int RTYPE_MBO = 0xA0;

  public static final int LEN_MBO = 56;
  public static final int LEN_TRADE = 48;
  public static final int LEN_STAT = 80;
  public static final int LEN_DEFINITION = 520;

  public static final int SCHEMA_MBO = 0;
  public static final int SCHEMA_TRADES = 4;
  public static final int SCHEMA_DEFINITION = 9;
  public static final int SCHEMA_STATISTICS = 10;

  public static final int STYPE_INSTRUMENT_ID = 0;
  public static final int STYPE_RAW_SYMBOL = 1;
  public static final int STYPE_PARENT = 4;

  /** Databento publisher GLBX.MDP3 (CME Globex). */
  public static final int PUBLISHER_GLBX_MDP3 = 1;

  /** Last record of an event for an instrument. */
  public static final int F_LAST = 0x80;

  public static final long UNDEF_PRICE = Long.MAX_VALUE;
  public static final long UNDEF_TIMESTAMP = -1L; // u64::MAX
  public static final long UNDEF_STAT_QUANTITY = Long.MAX_VALUE;
  public static final int UNDEF_ORDER_SIZE = Integer.MAX_VALUE; // as stored in i32 fields

  /** Statistic types (Databento StatType). */
  public static final int STAT_SETTLEMENT_PRICE = 3;

  public static final int STAT_CLEARED_VOLUME = 6;
  public static final int STAT_OPEN_INTEREST = 9;

  /** StatUpdateAction New. */
  public static final int STAT_UPDATE_NEW = 1;

  private DbnConstants() {}
}
