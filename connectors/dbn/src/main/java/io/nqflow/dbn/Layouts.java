package io.nqflow.dbn;

import java.util.List;

/**
 * Every record layout of DBN v1, v2 and v3, per rtype. Structs that did not change across versions
 * share one layout; InstrumentDefMsg, StatMsg, ErrorMsg, SystemMsg and SymbolMappingMsg differ.
 */
public final class Layouts {
  private Layouts() {}

  public static final RecordLayout MBO =
      b("MboMsg", 1)
          .u64("order_id")
          .i64("price")
          .u32("size")
          .u8("flags")
          .u8("channel_id")
          .chr("action")
          .chr("side")
          .u64("ts_recv")
          .i32("ts_in_delta")
          .u32("sequence")
          .build(56);

  public static final RecordLayout TRADE = mbp("TradeMsg", 0, 48);
  public static final RecordLayout MBP1 = mbp("Mbp1Msg", 1, 80);
  public static final RecordLayout MBP10 = mbp("Mbp10Msg", 10, 368);

  public static final RecordLayout BBO =
      b("BboMsg", 1)
          .i64("price")
          .u32("size")
          .reserved(1)
          .chr("side")
          .u8("flags")
          .reserved(1)
          .u64("ts_recv")
          .reserved(4)
          .u32("sequence")
          .levels("levels", FieldType.BID_ASK_PAIRS, 1)
          .build(80);

  public static final RecordLayout CMBP1 =
      b("Cmbp1Msg", 1)
          .i64("price")
          .u32("size")
          .chr("action")
          .chr("side")
          .u8("flags")
          .reserved(1)
          .u64("ts_recv")
          .i32("ts_in_delta")
          .reserved(4)
          .levels("levels", FieldType.CONSOLIDATED_BID_ASK_PAIRS, 1)
          .build(80);

  public static final RecordLayout CBBO =
      b("CbboMsg", 1)
          .i64("price")
          .u32("size")
          .reserved(1)
          .chr("side")
          .u8("flags")
          .reserved(1)
          .u64("ts_recv")
          .reserved(8)
          .levels("levels", FieldType.CONSOLIDATED_BID_ASK_PAIRS, 1)
          .build(80);

  public static final RecordLayout OHLCV =
      b("OhlcvMsg", 1).i64("open").i64("high").i64("low").i64("close").u64("volume").build(56);

  public static final RecordLayout STATUS =
      b("StatusMsg", 1)
          .u64("ts_recv")
          .u16("action")
          .u16("reason")
          .u16("trading_event")
          .chr("is_trading")
          .chr("is_quoting")
          .chr("is_short_sell_restricted")
          .reserved(7)
          .build(40);

  public static final RecordLayout IMBALANCE =
      b("ImbalanceMsg", 1)
          .u64("ts_recv")
          .i64("ref_price")
          .u64("auction_time")
          .i64("cont_book_clr_price")
          .i64("auct_interest_clr_price")
          .i64("ssr_filling_price")
          .i64("ind_match_price")
          .i64("upper_collar")
          .i64("lower_collar")
          .u32("paired_qty")
          .u32("total_imbalance_qty")
          .u32("market_imbalance_qty")
          .u32("unpaired_qty")
          .chr("auction_type")
          .chr("side")
          .u8("auction_status")
          .u8("freeze_status")
          .u8("num_extensions")
          .chr("unpaired_side")
          .chr("significant_imbalance")
          .reserved(1)
          .build(112);

  /** StatMsg of v1 and v2: quantity is i32. */
  public static final RecordLayout STAT_V1 = stat(1, FieldType.I32, 64);

  /** StatMsg of v3: quantity is i64. */
  public static final RecordLayout STAT_V3 = stat(3, FieldType.I64, 80);

  public static final RecordLayout ERROR_V1 = b("ErrorMsg", 1).cstr("err", 64).build(80);

  public static final RecordLayout ERROR_V2 =
      b("ErrorMsg", 2).cstr("err", 302).u8("code").u8("is_last").build(320);

  public static final RecordLayout SYSTEM_V1 = b("SystemMsg", 1).cstr("msg", 64).build(80);

  public static final RecordLayout SYSTEM_V2 =
      b("SystemMsg", 2).cstr("msg", 303).u8("code").build(320);

  public static final RecordLayout SYMBOL_MAPPING_V1 =
      b("SymbolMappingMsg", 1)
          .cstr("stype_in_symbol", 22)
          .cstr("stype_out_symbol", 22)
          .reserved(4)
          .u64("start_ts")
          .u64("end_ts")
          .build(80);

  public static final RecordLayout SYMBOL_MAPPING_V2 =
      b("SymbolMappingMsg", 2)
          .u8("stype_in")
          .cstr("stype_in_symbol", 71)
          .u8("stype_out")
          .cstr("stype_out_symbol", 71)
          .u64("start_ts")
          .u64("end_ts")
          .build(176);

  public static final RecordLayout DEFINITION_V1 =
      b("InstrumentDefMsg", 1)
          .u64("ts_recv")
          .i64("min_price_increment")
          .i64("display_factor")
          .u64("expiration")
          .u64("activation")
          .i64("high_limit_price")
          .i64("low_limit_price")
          .i64("max_price_variation")
          .i64("trading_reference_price")
          .i64("unit_of_measure_qty")
          .i64("min_price_increment_amount")
          .i64("price_ratio")
          .i32("inst_attrib_value")
          .u32("underlying_id")
          .u32("raw_instrument_id")
          .i32("market_depth_implied")
          .i32("market_depth")
          .u32("market_segment_id")
          .u32("max_trade_vol")
          .i32("min_lot_size")
          .i32("min_lot_size_block")
          .i32("min_lot_size_round_lot")
          .u32("min_trade_vol")
          .reserved(4)
          .i32("contract_multiplier")
          .i32("decay_quantity")
          .i32("original_contract_size")
          .reserved(4)
          .u16("trading_reference_date")
          .i16("appl_id")
          .u16("maturity_year")
          .u16("decay_start_date")
          .u16("channel_id")
          .cstr("currency", 4)
          .cstr("settl_currency", 4)
          .cstr("secsubtype", 6)
          .cstr("raw_symbol", 22)
          .cstr("group", 21)
          .cstr("exchange", 5)
          .cstr("asset", 7)
          .cstr("cfi", 7)
          .cstr("security_type", 7)
          .cstr("unit_of_measure", 31)
          .cstr("underlying", 21)
          .cstr("strike_price_currency", 4)
          .chr("instrument_class")
          .reserved(2)
          .i64("strike_price")
          .reserved(6)
          .chr("match_algorithm")
          .u8("md_security_trading_status")
          .u8("main_fraction")
          .u8("price_display_format")
          .u8("settl_price_type")
          .u8("sub_fraction")
          .u8("underlying_product")
          .chr("security_update_action")
          .u8("maturity_month")
          .u8("maturity_day")
          .u8("maturity_week")
          .chr("user_defined_instrument")
          .i8("contract_multiplier_unit")
          .i8("flow_schedule_type")
          .u8("tick_rule")
          .reserved(3)
          .build(360);

  public static final RecordLayout DEFINITION_V2 =
      b("InstrumentDefMsg", 2)
          .u64("ts_recv")
          .i64("min_price_increment")
          .i64("display_factor")
          .u64("expiration")
          .u64("activation")
          .i64("high_limit_price")
          .i64("low_limit_price")
          .i64("max_price_variation")
          .i64("trading_reference_price")
          .i64("unit_of_measure_qty")
          .i64("min_price_increment_amount")
          .i64("price_ratio")
          .i64("strike_price")
          .i32("inst_attrib_value")
          .u32("underlying_id")
          .u32("raw_instrument_id")
          .i32("market_depth_implied")
          .i32("market_depth")
          .u32("market_segment_id")
          .u32("max_trade_vol")
          .i32("min_lot_size")
          .i32("min_lot_size_block")
          .i32("min_lot_size_round_lot")
          .u32("min_trade_vol")
          .i32("contract_multiplier")
          .i32("decay_quantity")
          .i32("original_contract_size")
          .u16("trading_reference_date")
          .i16("appl_id")
          .u16("maturity_year")
          .u16("decay_start_date")
          .u16("channel_id")
          .cstr("currency", 4)
          .cstr("settl_currency", 4)
          .cstr("secsubtype", 6)
          .cstr("raw_symbol", 71)
          .cstr("group", 21)
          .cstr("exchange", 5)
          .cstr("asset", 7)
          .cstr("cfi", 7)
          .cstr("security_type", 7)
          .cstr("unit_of_measure", 31)
          .cstr("underlying", 21)
          .cstr("strike_price_currency", 4)
          .chr("instrument_class")
          .chr("match_algorithm")
          .u8("md_security_trading_status")
          .u8("main_fraction")
          .u8("price_display_format")
          .u8("settl_price_type")
          .u8("sub_fraction")
          .u8("underlying_product")
          .chr("security_update_action")
          .u8("maturity_month")
          .u8("maturity_day")
          .u8("maturity_week")
          .chr("user_defined_instrument")
          .i8("contract_multiplier_unit")
          .i8("flow_schedule_type")
          .u8("tick_rule")
          .reserved(10)
          .build(400);

  public static final RecordLayout DEFINITION_V3 =
      b("InstrumentDefMsg", 3)
          .u64("ts_recv")
          .i64("min_price_increment")
          .i64("display_factor")
          .u64("expiration")
          .u64("activation")
          .i64("high_limit_price")
          .i64("low_limit_price")
          .i64("max_price_variation")
          .i64("unit_of_measure_qty")
          .i64("min_price_increment_amount")
          .i64("price_ratio")
          .i64("strike_price")
          .u64("raw_instrument_id")
          .i64("leg_price")
          .i64("leg_delta")
          .i32("inst_attrib_value")
          .u32("underlying_id")
          .i32("market_depth_implied")
          .i32("market_depth")
          .u32("market_segment_id")
          .u32("max_trade_vol")
          .i32("min_lot_size")
          .i32("min_lot_size_block")
          .i32("min_lot_size_round_lot")
          .u32("min_trade_vol")
          .i32("contract_multiplier")
          .i32("decay_quantity")
          .i32("original_contract_size")
          .u32("leg_instrument_id")
          .i32("leg_ratio_price_numerator")
          .i32("leg_ratio_price_denominator")
          .i32("leg_ratio_qty_numerator")
          .i32("leg_ratio_qty_denominator")
          .u32("leg_underlying_id")
          .i16("appl_id")
          .u16("maturity_year")
          .u16("decay_start_date")
          .u16("channel_id")
          .u16("leg_count")
          .u16("leg_index")
          .cstr("currency", 4)
          .cstr("settl_currency", 4)
          .cstr("secsubtype", 6)
          .cstr("raw_symbol", 71)
          .cstr("group", 21)
          .cstr("exchange", 5)
          .cstr("asset", 11)
          .cstr("cfi", 7)
          .cstr("security_type", 7)
          .cstr("unit_of_measure", 31)
          .cstr("underlying", 21)
          .cstr("strike_price_currency", 4)
          .cstr("leg_raw_symbol", 71)
          .chr("instrument_class")
          .chr("match_algorithm")
          .u8("main_fraction")
          .u8("price_display_format")
          .u8("sub_fraction")
          .u8("underlying_product")
          .chr("security_update_action")
          .u8("maturity_month")
          .u8("maturity_day")
          .u8("maturity_week")
          .chr("user_defined_instrument")
          .i8("contract_multiplier_unit")
          .i8("flow_schedule_type")
          .u8("tick_rule")
          .chr("leg_instrument_class")
          .chr("leg_side")
          .reserved(17)
          .build(520);

  private static final RecordLayout[][] BY_VERSION = new RecordLayout[4][256];

  static {
    for (int v = 1; v <= 3; v++) {
      RecordLayout[] t = BY_VERSION[v];
      t[RType.MBO] = MBO;
      t[RType.MBP_0] = TRADE;
      t[RType.MBP_1] = MBP1;
      t[RType.MBP_10] = MBP10;
      t[RType.BBO_1S] = BBO;
      t[RType.BBO_1M] = BBO;
      t[RType.CMBP_1] = CMBP1;
      t[RType.TCBBO] = CMBP1;
      t[RType.CBBO_1S] = CBBO;
      t[RType.CBBO_1M] = CBBO;
      for (int r :
          List.of(
              RType.OHLCV_DEPRECATED,
              RType.OHLCV_1S,
              RType.OHLCV_1M,
              RType.OHLCV_1H,
              RType.OHLCV_1D,
              RType.OHLCV_EOD)) {
        t[r] = OHLCV;
      }
      t[RType.STATUS] = STATUS;
      t[RType.IMBALANCE] = IMBALANCE;
      t[RType.STATISTICS] = v < 3 ? STAT_V1 : STAT_V3;
      t[RType.ERROR] = v < 2 ? ERROR_V1 : ERROR_V2;
      t[RType.SYSTEM] = v < 2 ? SYSTEM_V1 : SYSTEM_V2;
      t[RType.SYMBOL_MAPPING] = v < 2 ? SYMBOL_MAPPING_V1 : SYMBOL_MAPPING_V2;
      t[RType.INSTRUMENT_DEF] = v == 1 ? DEFINITION_V1 : v == 2 ? DEFINITION_V2 : DEFINITION_V3;
    }
  }

  /** The layout of an rtype in a DBN version (1..3), or null for an unknown rtype. */
  public static RecordLayout of(int rtype, int version) {
    if (version < 1 || version > 3) {
      throw new IllegalArgumentException("DBN version " + version + " is not 1, 2 or 3");
    }
    return BY_VERSION[version][rtype & 0xFF];
  }

  /** True if the layout of this rtype differs between {@code version} and v3. */
  public static boolean changesInV3(int rtype, int version) {
    RecordLayout l = of(rtype, version);
    return l != null && l != of(rtype, 3);
  }

  private static RecordLayout mbp(String name, int depth, int size) {
    RecordLayout.Builder bl =
        b(name, 1)
            .i64("price")
            .u32("size")
            .chr("action")
            .chr("side")
            .u8("flags")
            .u8("depth")
            .u64("ts_recv")
            .i32("ts_in_delta")
            .u32("sequence");
    if (depth > 0) {
      bl.levels("levels", FieldType.BID_ASK_PAIRS, depth);
    }
    return bl.build(size);
  }

  private static RecordLayout stat(int version, FieldType quantity, int size) {
    return b("StatMsg", version)
        .u64("ts_recv")
        .u64("ts_ref")
        .i64("price")
        .add("quantity", quantity)
        .u32("sequence")
        .i32("ts_in_delta")
        .u16("stat_type")
        .u16("channel_id")
        .u8("update_action")
        .u8("stat_flags")
        .reserved(size == 80 ? 18 : 6)
        .build(size);
  }

  private static RecordLayout.Builder b(String name, int version) {
    return new RecordLayout.Builder(name, version);
  }
}
