package io.nqflow.runner;

import io.nqflow.dbn.Dbn;
import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.Metadata;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.dbn.record.InstrumentDefMsg;
import io.nqflow.dbn.record.RecordHeader;
import io.nqflow.dbn.record.TradeMsg;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Hand-written DBN files for tests: a GLBX.MDP3 file of records, trades and NQ definitions. */
public final class DbnFiles {
  private static final long E9 = 1_000_000_000L;

  private DbnFiles() {}

  /** Writes {@code records} as one DBN file of {@code schema} starting at {@code start} (ns). */
  public static void write(Path file, Schema schema, long start, DbnMessage... records)
      throws IOException {
    Metadata md =
        Metadata.builder()
            .dataset("GLBX.MDP3")
            .schema(schema)
            .start(start)
            .end(start + 390 * 60 * E9)
            .stypeIn(SType.PARENT)
            .stypeOut(SType.INSTRUMENT_ID)
            .symbols(List.of("NQ.FUT", "NQ.OPT"))
            .build();
    try (OutputStream out = Files.newOutputStream(file);
        DbnEncoder enc = new DbnEncoder(out, md)) {
      for (DbnMessage m : records) {
        enc.write(m);
      }
    }
  }

  /** A trade print of instrument {@code id}. */
  public static TradeMsg trade(long id, long ts, long price, long size, char side) {
    return new TradeMsg(
        RecordHeader.of(RType.MBP_0, 1, id, ts), price, size, 'T', side, 0, 0, ts, 0, 1);
  }

  /** An NQ definition: {@code cls} C, P or F; $20 per point; the given expiration (ns). */
  public static InstrumentDefMsg def(
      long id, char cls, String symbol, String underlying, long strike, long ts, long expiry) {
    boolean opt = cls != 'F';
    return new InstrumentDefMsg(
        RecordHeader.of(RType.INSTRUMENT_DEF, 1, id, ts),
        ts,
        opt ? 50_000_000L : 250_000_000L,
        E9,
        expiry,
        ts,
        Dbn.UNDEF_PRICE,
        Dbn.UNDEF_PRICE,
        Dbn.UNDEF_PRICE,
        20 * E9, // unit_of_measure_qty: $20 per point
        Dbn.UNDEF_PRICE,
        Dbn.UNDEF_PRICE,
        strike,
        id,
        Dbn.UNDEF_PRICE,
        Dbn.UNDEF_PRICE,
        0,
        opt ? 1 : 0,
        0,
        10,
        0,
        Dbn.UNDEF_ORDER_SIZE,
        1,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE,
        1,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        2026,
        0xFFFF,
        0,
        0,
        0,
        "USD",
        "",
        "",
        symbol,
        "NQ",
        "XCME",
        "NQ",
        "",
        opt ? "OOF" : "FUT",
        "IPNT",
        underlying,
        "",
        "",
        cls,
        'F',
        0xFF,
        0xFF,
        0xFF,
        5,
        'A',
        3,
        20,
        0xFF,
        'N',
        127,
        127,
        255,
        (char) 0,
        'N');
  }
}
