package io.nqflow.dbn;

import java.util.Arrays;

/**
 * Rewrites a v1/v2 record into the v3 layout, field by field by name: widened integers keep their
 * value, i32::MAX stat quantities become i64::MAX, strings are re-padded, and fields new in v3 get
 * Databento's defaults (UNDEF_PRICE leg prices, leg_side 'N', unset stype and code bytes 255).
 */
final class Upgrader {
  private Upgrader() {}

  static final int MAX_UPGRADED_LEN = Layouts.DEFINITION_V3.size() + 8;

  private static final int UNSET = 0xFF;
  private static final int SYSTEM_CODE_HEARTBEAT = 0;

  /** Writes the v3 form of {@code src} into {@code dst} (zeroed first); returns its length. */
  static int upgrade(DbnRecord src, byte[] dst) {
    RecordLayout from = src.layout;
    RecordLayout to = Layouts.of(src.rtype(), 3);
    int len = to.size() + (src.tsOut ? 8 : 0);
    Arrays.fill(dst, 0, len, (byte) 0);
    dst[0] = (byte) (len / Dbn.LENGTH_MULTIPLIER);
    for (int i = 1; i < Dbn.RECORD_HEADER_LEN; i++) {
      dst[i] = src.bb.get(src.off + i);
    }
    for (Field nf : to.fields()) {
      Field of = from.field(nf.name());
      if (of == null) {
        writeInteger(dst, nf, defaultFor(src, to, nf));
      } else if (nf.type() == FieldType.CSTR) {
        int n = Math.min(of.size(), nf.size() - 1);
        for (int i = 0; i < n; i++) {
          dst[nf.offset() + i] = src.bb.get(src.off + of.offset() + i);
        }
      } else if (nf.type().isInteger() || nf.type() == FieldType.CHAR) {
        long v = src.getInteger(of);
        if (nf.name().equals("quantity")
            && of.type() == FieldType.I32
            && v == Dbn.UNDEF_STAT_QUANTITY_V1) {
          v = Dbn.UNDEF_STAT_QUANTITY;
        }
        writeInteger(dst, nf, v);
      } else {
        throw new IllegalStateException("cannot upgrade field " + nf);
      }
    }
    if (src.tsOut) {
      writeLong(dst, to.size(), src.tsOut());
    }
    return len;
  }

  private static long defaultFor(DbnRecord src, RecordLayout to, Field f) {
    switch (f.name()) {
      case "leg_price", "leg_delta":
        return Dbn.UNDEF_PRICE;
      case "leg_side":
        return 'N';
      case "stype_in", "stype_out", "is_last":
        return UNSET;
      case "code":
        if (to == Layouts.SYSTEM_V2) {
          return src.cstr(Dbn.RECORD_HEADER_LEN, 64).startsWith("Heartbeat")
              ? SYSTEM_CODE_HEARTBEAT
              : UNSET;
        }
        return UNSET;
      default:
        return 0;
    }
  }

  private static void writeInteger(byte[] dst, Field f, long v) {
    if (f.type() == FieldType.CSTR) {
      return; // new string fields stay empty
    }
    int w = f.type().width();
    for (int i = 0; i < w; i++) {
      dst[f.offset() + i] = (byte) (v >>> (8 * i));
    }
  }

  private static void writeLong(byte[] dst, int at, long v) {
    for (int i = 0; i < 8; i++) {
      dst[at + i] = (byte) (v >>> (8 * i));
    }
  }
}
