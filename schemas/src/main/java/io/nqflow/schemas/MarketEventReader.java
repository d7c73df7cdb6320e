package io.nqflow.schemas;

import io.nqflow.common.v1.Side;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.Statistic;
import io.nqflow.md.v1.Status;
import io.nqflow.md.v1.Trade;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Reads the Avro binary body of a {@link MarketEvent} straight from its bytes, field by field in
 * the schema's order. Avro's own reader goes through a resolving parser and reflective record
 * construction even when writer and reader schema are the same, and every consumer of md.events
 * (flow detection, the risk gate's marks, the paper broker's book) decodes every event: that was
 * the largest single cost of replaying a session. The reader knows one exact schema, named by its
 * parsing fingerprint; {@link #supports} is false for any other, and the codec then keeps Avro's
 * generic reader, so a changed schema costs speed, never correctness.
 *
 * <p>Lengths and counts are checked against the bytes left before anything is allocated, so a
 * corrupt record fails with {@link MessageFormatException} rather than a large allocation.
 */
final class MarketEventReader {
  /**
   * Parsing fingerprint (CRC-64-AVRO) of the MarketEvent schema this reader was written for. When
   * MarketEvent.avsc changes, update {@link #read} to the new fields and this value
   * (MarketEventReaderTest prints the new one).
   */
  static final long KNOWN_FINGERPRINT = 0x863b1130ea3f9c7cL;

  private static final Action[] ACTIONS = Action.values();
  private static final Side[] SIDES = Side.values();

  /** The last {@code source} string and its bytes: a feed sends the same one on every event. */
  private byte[] lastSourceBytes = new byte[0];

  private String lastSource = "";

  private byte[] buf;
  private int pos;
  private int end;

  /** Whether {@code schema} is the one this reader decodes. */
  static boolean supports(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema) == KNOWN_FINGERPRINT;
  }

  /**
   * Decodes the body at {@code bytes[offset, offset + length)}; the whole range must be consumed.
   * Not thread-safe: one reader per thread.
   */
  MarketEvent read(byte[] bytes, int offset, int length) {
    buf = bytes;
    pos = offset;
    end = offset + length;
    MarketEvent e = new MarketEvent();
    e.setSource(source());
    e.setInstrumentId(readLong());
    e.setPublisherId(readInt());
    e.setTsEvent(readLong());
    e.setTsRecv(readLong());
    e.setSequence(readLong());
    e.setFlags(readInt());
    int branch = readInt();
    e.setPayload(
        switch (branch) {
          case 0 -> mbo();
          case 1 -> trade();
          case 2 -> quote();
          case 3 -> statistic();
          case 4 -> status();
          default -> throw bad("payload union index " + branch);
        });
    if (pos != end) {
      throw bad((end - pos) + " bytes left after the record");
    }
    buf = null;
    return e;
  }

  private Mbo mbo() {
    Mbo m = new Mbo();
    m.setOrderId(readLong());
    m.setAction(symbol(ACTIONS, readInt(), "Action"));
    m.setSide(symbol(SIDES, readInt(), "Side"));
    m.setPrice(readLong());
    m.setSize(readLong());
    m.setChannelId(readInt());
    return m;
  }

  private Trade trade() {
    Trade t = new Trade();
    t.setPrice(readLong());
    t.setSize(readLong());
    t.setSide(symbol(SIDES, readInt(), "Side"));
    t.setDepth(readInt());
    return t;
  }

  private Quote quote() {
    List<BookLevel> levels = new ArrayList<>();
    for (long block = readLong(); block != 0; block = readLong()) {
      if (block < 0) {
        block = -block;
        readLong(); // the block's size in bytes, which a reader may use to skip it
      }
      // A level takes at least 6 bytes: a count above what is left cannot be real.
      if (block > (end - pos) / 6 + 1) {
        throw bad("array block of " + block + " levels in " + (end - pos) + " bytes");
      }
      for (long i = 0; i < block; i++) {
        BookLevel l = new BookLevel();
        l.setBidPx(nullableLong());
        l.setAskPx(nullableLong());
        l.setBidSz(readLong());
        l.setAskSz(readLong());
        l.setBidCt(readInt());
        l.setAskCt(readInt());
        levels.add(l);
      }
    }
    Quote q = new Quote();
    q.setLevels(levels);
    return q;
  }

  private Statistic statistic() {
    Statistic s = new Statistic();
    s.setStatType(readInt());
    s.setPrice(nullableLong());
    s.setQuantity(nullableLong());
    s.setTsRef(nullableLong());
    s.setUpdateAction(readInt());
    s.setStatFlags(readInt());
    return s;
  }

  private Status status() {
    Status s = new Status();
    s.setAction(readInt());
    s.setReason(readInt());
    s.setTradingEvent(readInt());
    s.setIsTrading(nullableBoolean());
    s.setIsQuoting(nullableBoolean());
    s.setIsShortSellRestricted(nullableBoolean());
    return s;
  }

  private String source() {
    long n = readLong();
    if (n < 0 || n > end - pos) {
      throw bad("string of " + n + " bytes with " + (end - pos) + " left");
    }
    int len = (int) n;
    byte[] last = lastSourceBytes;
    if (len == last.length && java.util.Arrays.equals(buf, pos, pos + len, last, 0, len)) {
      pos += len;
      return lastSource;
    }
    String s = new String(buf, pos, len, StandardCharsets.UTF_8);
    lastSourceBytes = java.util.Arrays.copyOfRange(buf, pos, pos + len);
    lastSource = s;
    pos += len;
    return s;
  }

  private Long nullableLong() {
    int branch = readInt();
    return switch (branch) {
      case 0 -> null;
      case 1 -> readLong();
      default -> throw bad("nullable long union index " + branch);
    };
  }

  private Boolean nullableBoolean() {
    int branch = readInt();
    return switch (branch) {
      case 0 -> null;
      case 1 -> {
        if (pos >= end) {
          throw bad("truncated boolean");
        }
        int b = buf[pos++];
        if (b != 0 && b != 1) {
          throw bad("boolean byte " + b);
        }
        yield b == 1;
      }
      default -> throw bad("nullable boolean union index " + branch);
    };
  }

  private static <T> T symbol(T[] symbols, int index, String type) {
    if (index < 0 || index >= symbols.length) {
      throw new MessageFormatException(type + " symbol index " + index + " out of range", null);
    }
    return symbols[index];
  }

  private int readInt() {
    long v = readLong();
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw bad("int out of range: " + v);
    }
    return (int) v;
  }

  /** A zig-zag varint of at most 10 bytes. */
  private long readLong() {
    long raw = 0;
    int shift = 0;
    while (true) {
      if (pos >= end) {
        throw bad("truncated varint");
      }
      int b = buf[pos++];
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
      shift += 7;
      if (shift > 63) {
        throw bad("varint longer than 10 bytes");
      }
    }
  }

  private MessageFormatException bad(String what) {
    return new MessageFormatException("MarketEvent: " + what + " at byte " + pos, null);
  }
}
