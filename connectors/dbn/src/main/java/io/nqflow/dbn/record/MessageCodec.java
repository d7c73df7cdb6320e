package io.nqflow.dbn.record;

import io.nqflow.dbn.Dbn;
import io.nqflow.dbn.Field;
import io.nqflow.dbn.Layouts;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.RecordLayout;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the Java records of this package against the v3 layouts. Each record component
 * is bound once, by name, to the layout field of the same (snake_case) name; the binding is checked
 * both ways when the class is loaded, so a record and its layout cannot drift apart.
 */
public final class MessageCodec {
  private MessageCodec() {}

  private record Binding(
      Class<?> type,
      RecordLayout layout,
      Constructor<?> ctor,
      Method[] accessors,
      Field[] fields) {}

  private static final Map<Class<?>, Binding> BY_CLASS = new HashMap<>();
  private static final Binding[] BY_RTYPE = new Binding[256];

  static {
    bind(MboMsg.class, RType.MBO);
    bind(TradeMsg.class, RType.MBP_0);
    bind(Mbp1Msg.class, RType.MBP_1);
    bind(Mbp10Msg.class, RType.MBP_10);
    bind(BboMsg.class, RType.BBO_1S, RType.BBO_1M);
    bind(CbboMsg.class, RType.CBBO_1S, RType.CBBO_1M);
    bind(Cmbp1Msg.class, RType.CMBP_1, RType.TCBBO);
    bind(
        OhlcvMsg.class,
        RType.OHLCV_DEPRECATED,
        RType.OHLCV_1S,
        RType.OHLCV_1M,
        RType.OHLCV_1H,
        RType.OHLCV_1D,
        RType.OHLCV_EOD);
    bind(StatusMsg.class, RType.STATUS);
    bind(InstrumentDefMsg.class, RType.INSTRUMENT_DEF);
    bind(ImbalanceMsg.class, RType.IMBALANCE);
    bind(StatMsg.class, RType.STATISTICS);
    bind(ErrorMsg.class, RType.ERROR);
    bind(SymbolMappingMsg.class, RType.SYMBOL_MAPPING);
    bind(SystemMsg.class, RType.SYSTEM);
  }

  private static void bind(Class<?> type, int... rtypes) {
    RecordLayout layout = Layouts.of(rtypes[0], Dbn.VERSION);
    RecordComponent[] comps = type.getRecordComponents();
    if (!comps[0].getName().equals("hd")) {
      throw new IllegalStateException(type + " must start with hd");
    }
    Method[] accessors = new Method[comps.length];
    Field[] fields = new Field[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      accessors[i] = comps[i].getAccessor();
      types[i] = comps[i].getType();
      if (i == 0) {
        continue;
      }
      Field f = layout.field(snake(comps[i].getName()));
      if (f == null || !javaType(f).equals(types[i])) {
        throw new IllegalStateException(
            type.getSimpleName() + "." + comps[i].getName() + " does not match " + layout);
      }
      fields[i] = f;
    }
    if (layout.fields().size() != comps.length - 1) {
      throw new IllegalStateException(type.getSimpleName() + " does not cover " + layout);
    }
    try {
      Binding b = new Binding(type, layout, type.getDeclaredConstructor(types), accessors, fields);
      BY_CLASS.put(type, b);
      for (int r : rtypes) {
        BY_RTYPE[r] = b;
      }
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  static String snake(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 8);
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static Class<?> javaType(Field f) {
    return switch (f.type()) {
      case U8, I8, U16, I16, I32 -> int.class;
      case U32, U64, I64 -> long.class;
      case CHAR -> char.class;
      case CSTR -> String.class;
      case BID_ASK_PAIRS, CONSOLIDATED_BID_ASK_PAIRS -> List.class;
    };
  }

  /** The v3 layout a message class is written with. */
  public static RecordLayout layoutOf(DbnMessage msg) {
    return BY_CLASS.get(msg.getClass()).layout();
  }

  /**
   * Materializes the v3-layout record at {@code off} of {@code bb} (little-endian).
   *
   * @throws IllegalArgumentException for an rtype without a message class
   */
  public static DbnMessage read(ByteBuffer bb, int off) {
    int rtype = bb.get(off + 1) & 0xFF;
    Binding b = BY_RTYPE[rtype];
    if (b == null) {
      throw new IllegalArgumentException("no message class for rtype " + RType.name(rtype));
    }
    Object[] args = new Object[b.fields().length];
    args[0] =
        new RecordHeader(
            bb.get(off) & 0xFF,
            rtype,
            bb.getShort(off + 2) & 0xFFFF,
            bb.getInt(off + 4) & 0xFFFF_FFFFL,
            bb.getLong(off + 8));
    for (int i = 1; i < args.length; i++) {
      args[i] = readField(bb, off, b.fields()[i]);
    }
    try {
      return (DbnMessage) b.ctor().newInstance(args);
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot construct " + b.type().getSimpleName(), e);
    }
  }

  private static Object readField(ByteBuffer bb, int off, Field f) {
    int p = off + f.offset();
    switch (f.type()) {
      case U8:
        return bb.get(p) & 0xFF;
      case I8:
        return (int) bb.get(p);
      case U16:
        return bb.getShort(p) & 0xFFFF;
      case I16:
        return (int) bb.getShort(p);
      case I32:
        return bb.getInt(p);
      case U32:
        return bb.getInt(p) & 0xFFFF_FFFFL;
      case U64:
      case I64:
        return bb.getLong(p);
      case CHAR:
        return (char) (bb.get(p) & 0xFF);
      case CSTR:
        {
          int n = 0;
          while (n < f.size() && bb.get(p + n) != 0) {
            n++;
          }
          byte[] s = new byte[n];
          bb.get(p, s);
          return new String(s, StandardCharsets.UTF_8);
        }
      case BID_ASK_PAIRS:
        {
          List<BidAskPair> out = new ArrayList<>(f.count());
          for (int i = 0; i < f.count(); i++) {
            int q = p + 32 * i;
            out.add(
                new BidAskPair(
                    bb.getLong(q),
                    bb.getLong(q + 8),
                    bb.getInt(q + 16) & 0xFFFF_FFFFL,
                    bb.getInt(q + 20) & 0xFFFF_FFFFL,
                    bb.getInt(q + 24) & 0xFFFF_FFFFL,
                    bb.getInt(q + 28) & 0xFFFF_FFFFL));
          }
          return out;
        }
      case CONSOLIDATED_BID_ASK_PAIRS:
        {
          List<ConsolidatedBidAskPair> out = new ArrayList<>(f.count());
          for (int i = 0; i < f.count(); i++) {
            int q = p + 32 * i;
            out.add(
                new ConsolidatedBidAskPair(
                    bb.getLong(q),
                    bb.getLong(q + 8),
                    bb.getInt(q + 16) & 0xFFFF_FFFFL,
                    bb.getInt(q + 20) & 0xFFFF_FFFFL,
                    bb.getShort(q + 24) & 0xFFFF,
                    bb.getShort(q + 28) & 0xFFFF));
          }
          return out;
        }
      default:
        throw new IllegalStateException(f.toString());
    }
  }

  /**
   * Writes {@code msg} in its v3 layout at the buffer's position (little-endian), followed by
   * {@code tsOut} when {@code withTsOut}; reserved bytes are zero and the header length is
   * computed. Returns the number of bytes written.
   *
   * @throws IllegalArgumentException if a string does not fit its field or a list has the wrong
   *     size
   */
  public static int write(DbnMessage msg, ByteBuffer dst, boolean withTsOut, long tsOut) {
    Binding b = BY_CLASS.get(msg.getClass());
    int size = b.layout().size() + (withTsOut ? 8 : 0);
    int off = dst.position();
    for (int i = 0; i < size; i++) {
      dst.put(off + i, (byte) 0);
    }
    RecordHeader hd = msg.hd();
    dst.put(off, (byte) (size / Dbn.LENGTH_MULTIPLIER));
    dst.put(off + 1, (byte) hd.rtype());
    dst.putShort(off + 2, (short) hd.publisherId());
    dst.putInt(off + 4, (int) hd.instrumentId());
    dst.putLong(off + 8, hd.tsEvent());
    try {
      for (int i = 1; i < b.fields().length; i++) {
        writeField(dst, off, b.fields()[i], b.accessors()[i].invoke(msg));
      }
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(e);
    }
    if (withTsOut) {
      dst.putLong(off + b.layout().size(), tsOut);
    }
    dst.position(off + size);
    return size;
  }

  private static void writeField(ByteBuffer bb, int off, Field f, Object v) {
    int p = off + f.offset();
    switch (f.type()) {
      case U8, I8 -> bb.put(p, (byte) (int) (Integer) v);
      case U16, I16 -> bb.putShort(p, (short) (int) (Integer) v);
      case I32 -> bb.putInt(p, (Integer) v);
      case U32 -> bb.putInt(p, (int) (long) (Long) v);
      case U64, I64 -> bb.putLong(p, (Long) v);
      case CHAR -> bb.put(p, (byte) (char) (Character) v);
      case CSTR -> {
        byte[] s = ((String) v).getBytes(StandardCharsets.UTF_8);
        if (s.length >= f.size()) {
          throw new IllegalArgumentException(
              f.name()
                  + " '"
                  + v
                  + "' is "
                  + s.length
                  + " bytes; at most "
                  + (f.size() - 1)
                  + " fit");
        }
        bb.put(p, s);
      }
      case BID_ASK_PAIRS -> {
        List<?> levels = levels(f, v);
        for (int i = 0; i < levels.size(); i++) {
          BidAskPair l = (BidAskPair) levels.get(i);
          int q = p + 32 * i;
          bb.putLong(q, l.bidPx()).putLong(q + 8, l.askPx());
          bb.putInt(q + 16, (int) l.bidSz()).putInt(q + 20, (int) l.askSz());
          bb.putInt(q + 24, (int) l.bidCt()).putInt(q + 28, (int) l.askCt());
        }
      }
      case CONSOLIDATED_BID_ASK_PAIRS -> {
        List<?> levels = levels(f, v);
        for (int i = 0; i < levels.size(); i++) {
          ConsolidatedBidAskPair l = (ConsolidatedBidAskPair) levels.get(i);
          int q = p + 32 * i;
          bb.putLong(q, l.bidPx()).putLong(q + 8, l.askPx());
          bb.putInt(q + 16, (int) l.bidSz()).putInt(q + 20, (int) l.askSz());
          bb.putShort(q + 24, (short) l.bidPb()).putShort(q + 28, (short) l.askPb());
        }
      }
      default -> throw new IllegalStateException(f.toString());
    }
  }

  private static List<?> levels(Field f, Object v) {
    List<?> levels = (List<?>) v;
    if (levels.size() != f.count()) {
      throw new IllegalArgumentException(
          f.name() + " has " + levels.size() + " levels, the layout has " + f.count());
    }
    return levels;
  }
}
