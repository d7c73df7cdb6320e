package io.nqflow.simulator.dbn;

import static io.nqflow.simulator.dbn.DbnConstants.*;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Minimal uncompressed DBN version 3 encoder: the metadata header and the four record types the
 * simulator writes. The layouts follow Databento's v3 structs (little-endian, naturally aligned,
 * lengths in the header counted in 4-byte words).
 */
public final class DbnV3Writer implements Closeable {
  private static final int BUFFER = 1 << 16;

  private final OutputStream out;
  private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
  private long recordCount;

  /** Writes the metadata header at once; records follow with the write methods. */
  public DbnV3Writer(OutputStream out, DbnMetadata metadata) throws IOException {
    this.out = out;
    out.write(encodeMetadata(metadata));
  }

  /** Number of records written so far. */
  public long recordCount() {
    return recordCount;
  }

  static byte[] encodeMetadata(DbnMetadata m) {
    int symbolsLen = 4 + m.symbols().size() * SYMBOL_CSTR_LEN;
    // dataset..symbol_cstr_len, reserved, schema_definition_length, symbols, partial, not_found,
    // mappings (empty: definitions carry the symbology).
    int body =
        16 + 2 + 8 + 8 + 8 + 1 + 1 + 1 + 2 + METADATA_RESERVED_LEN + 4 + symbolsLen + 4 + 4 + 4;
    int padded = ((8 + body + 7) / 8) * 8 - 8;
    ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'D').put((byte) 'B').put((byte) 'N').put((byte) VERSION);
    b.putInt(padded);
    putCStr(b, m.dataset(), 16, "dataset");
    b.putShort((short) m.schema());
    b.putLong(m.start());
    b.putLong(m.end());
    b.putLong(0L); // limit: none
    b.put((byte) m.stypeIn());
    b.put((byte) m.stypeOut());
    b.put((byte) 0); // ts_out
    b.putShort((short) SYMBOL_CSTR_LEN);
    b.position(b.position() + METADATA_RESERVED_LEN);
    b.putInt(0); // schema_definition_length
    b.putInt(m.symbols().size());
    for (String s : m.symbols()) {
      putCStr(b, s, SYMBOL_CSTR_LEN, "symbol");
    }
    b.putInt(0); // partial
    b.putInt(0); // not_found
    b.putInt(0); // mappings
    return b.array();
  }

  /** Writes one instrument definition (520 bytes). */
  public void writeDefinition(InstrumentDefMsg d) throws IOException {
    ByteBuffer b = reserve(LEN_DEFINITION);
    int base = b.position();
    header(b, LEN_DEFINITION, RTYPE_INSTRUMENT_DEF, d.publisherId(), d.instrumentId(), d.tsEvent());
    b.putLong(d.tsRecv());
    b.putLong(d.minPriceIncrement());
    b.putLong(d.displayFactor());
    b.putLong(d.expiration());
    b.putLong(d.activation());
    b.putLong(d.highLimitPrice());
    b.putLong(d.lowLimitPrice());
    b.putLong(UNDEF_PRICE); // max_price_variation
    b.putLong(d.unitOfMeasureQty());
    b.putLong(UNDEF_PRICE); // min_price_increment_amount
    b.putLong(UNDEF_PRICE); // price_ratio
    b.putLong(d.strikePrice());
    b.putLong(d.instrumentId()); // raw_instrument_id
    b.putLong(UNDEF_PRICE); // leg_price
    b.putLong(UNDEF_PRICE); // leg_delta
    b.putInt(0); // inst_attrib_value
    b.putInt((int) d.underlyingId());
    b.putInt(0); // market_depth_implied
    b.putInt(d.marketDepth());
    b.putInt(0); // market_segment_id
    b.putInt(UNDEF_ORDER_SIZE); // max_trade_vol
    b.putInt(d.minLotSize());
    b.putInt(UNDEF_ORDER_SIZE); // min_lot_size_block
    b.putInt(UNDEF_ORDER_SIZE); // min_lot_size_round_lot
    b.putInt(1); // min_trade_vol
    b.putInt(UNDEF_ORDER_SIZE); // contract_multiplier
    b.putInt(UNDEF_ORDER_SIZE); // decay_quantity
    b.putInt(UNDEF_ORDER_SIZE); // original_contract_size
    b.putInt(0); // leg_instrument_id
    b.putInt(0).putInt(0).putInt(0).putInt(0); // leg ratios
    b.putInt(0); // leg_underlying_id
    b.putShort((short) 0); // appl_id
    b.putShort((short) d.maturityYear());
    b.putShort((short) 0xFFFF); // decay_start_date
    b.putShort((short) d.channelId());
    b.putShort((short) 0); // leg_count
    b.putShort((short) 0); // leg_index
    putCStr(b, d.currency(), 4, "currency");
    putCStr(b, "", 4, "settl_currency");
    putCStr(b, "", 6, "secsubtype");
    putCStr(b, d.rawSymbol(), SYMBOL_CSTR_LEN, "raw_symbol");
    putCStr(b, d.group(), 21, "group");
    putCStr(b, d.exchange(), 5, "exchange");
    putCStr(b, d.asset(), 11, "asset");
    putCStr(b, d.cfi(), 7, "cfi");
    putCStr(b, d.securityType(), 7, "security_type");
    putCStr(b, d.unitOfMeasure(), 31, "unit_of_measure");
    putCStr(b, d.underlying(), 21, "underlying");
    putCStr(b, d.strikePriceCurrency(), 4, "strike_price_currency");
    putCStr(b, "", SYMBOL_CSTR_LEN, "leg_raw_symbol");
    b.put((byte) d.instrumentClass());
    b.put((byte) d.matchAlgorithm());
    b.put((byte) 0xFF); // main_fraction
    b.put((byte) 0xFF); // price_display_format
    b.put((byte) 0xFF); // sub_fraction
    b.put((byte) d.underlyingProduct());
    b.put((byte) d.securityUpdateAction());
    b.put((byte) d.maturityMonth());
    b.put((byte) d.maturityDay());
    b.put((byte) 0xFF); // maturity_week
    b.put((byte) 'N'); // user_defined_instrument
    b.put((byte) 0x7F); // contract_multiplier_unit
    b.put((byte) 0x7F); // flow_schedule_type
    b.put((byte) d.tickRule());
    b.put((byte) 0); // leg_instrument_class
    b.put((byte) 'N'); // leg_side
    b.position(base + LEN_DEFINITION); // 17 reserved bytes, already zero
    recordCount++;
  }

  /** Writes one MBO record (56 bytes). */
  public void writeMbo(MboMsg m) throws IOException {
    ByteBuffer b = reserve(LEN_MBO);
    header(b, LEN_MBO, RTYPE_MBO, m.publisherId(), m.instrumentId(), m.tsEvent());
    b.putLong(m.orderId());
    b.putLong(m.price());
    b.putInt(m.size());
    b.put((byte) m.flags());
    b.put((byte) m.channelId());
    b.put((byte) m.action());
    b.put((byte) m.side());
    b.putLong(m.tsRecv());
    b.putInt(m.tsInDelta());
    b.putInt((int) m.sequence());
    recordCount++;
  }

  /** Writes one trades-schema record (48 bytes). */
  public void writeTrade(TradeMsg t) throws IOException {
    ByteBuffer b = reserve(LEN_TRADE);
    header(b, LEN_TRADE, RTYPE_MBP0, t.publisherId(), t.instrumentId(), t.tsEvent());
    b.putLong(t.price());
    b.putInt(t.size());
    b.put((byte) t.action());
    b.put((byte) t.side());
    b.put((byte) t.flags());
    b.put((byte) t.depth());
    b.putLong(t.tsRecv());
    b.putInt(t.tsInDelta());
    b.putInt((int) t.sequence());
    recordCount++;
  }

  /** Writes one v3 statistics record (80 bytes). */
  public void writeStat(StatMsg s) throws IOException {
    ByteBuffer b = reserve(LEN_STAT);
    int base = b.position();
    header(b, LEN_STAT, RTYPE_STATISTICS, s.publisherId(), s.instrumentId(), s.tsEvent());
    b.putLong(s.tsRecv());
    b.putLong(s.tsRef());
    b.putLong(s.price());
    b.putLong(s.quantity());
    b.putInt((int) s.sequence());
    b.putInt(s.tsInDelta());
    b.putShort((short) s.statType());
    b.putShort((short) s.channelId());
    b.put((byte) s.updateAction());
    b.put((byte) s.statFlags());
    b.position(base + LEN_STAT); // 18 reserved bytes
    recordCount++;
  }

  private ByteBuffer reserve(int len) throws IOException {
    if (buf.remaining() < len) {
      flushBuffer();
    }
    // Reserved bytes and unset char arrays must be zero.
    int p = buf.position();
    java.util.Arrays.fill(buf.array(), p, p + len, (byte) 0);
    return buf;
  }

  private static void header(
      ByteBuffer b, int len, int rtype, int publisherId, int instrumentId, long tsEvent) {
    b.put((byte) (len / 4));
    b.put((byte) rtype);
    b.putShort((short) publisherId);
    b.putInt(instrumentId);
    b.putLong(tsEvent);
  }

  private static void putCStr(ByteBuffer b, String s, int len, String field) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length >= len) {
      throw new IllegalArgumentException(
          "DBN field " + field + " holds at most " + (len - 1) + " characters: '" + s + "'");
    }
    int p = b.position();
    b.put(bytes);
    // Zero the rest: the buffer may hold bytes of an earlier record.
    for (int i = bytes.length; i < len; i++) {
      b.put((byte) 0);
    }
    b.position(p + len);
  }

  private void flushBuffer() throws IOException {
    out.write(buf.array(), 0, buf.position());
    buf.clear();
  }

  /** Flushes buffered records to the stream without closing it. */
  public void flush() throws IOException {
    flushBuffer();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }
}
