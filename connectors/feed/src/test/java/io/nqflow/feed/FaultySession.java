package io.nqflow.feed;

import io.nqflow.dbn.Dbn;
import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Field;
import io.nqflow.dbn.Metadata;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.Schema;
import io.nqflow.dbn.record.BboMsg;
import io.nqflow.dbn.record.BidAskPair;
import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.dbn.record.Mbp10Msg;
import io.nqflow.dbn.record.Mbp1Msg;
import io.nqflow.dbn.record.RecordHeader;
import io.nqflow.dbn.record.StatMsg;
import io.nqflow.dbn.record.StatusMsg;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.Simulator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A replay input that takes every path of the feed: a simulated session, Databento's sample files,
 * and files of faulty records made from the session's own records (duplicates near and far, prices
 * off the tick grid and outside the limits, crossed and one-sided quotes, sequence gaps, clock
 * skew, unknown codes, unknown instruments, a pause of the whole feed and stale instruments, torn
 * and unreadable files). Deterministic: the same arguments give the same bytes.
 */
final class FaultySession {
  private static final long SECOND = 1_000_000_000L;

  private FaultySession() {}

  /** Writes the input under {@code root}; returns the folder to replay. */
  static Path write(Path root, long seed, int minutes) throws IOException {
    Path sim = root.resolve("sim");
    // Without the decoys added with market regimes: the session the golden digests were taken on.
    Simulator.run(
        SimulationConfig.of(seed, 1, Scale.SMALL)
            .withSessionMinutes(minutes)
            .withExtendedDecoys(false),
        sim);
    Path day;
    try (Stream<Path> s = Files.walk(sim)) {
      day = s.filter(p -> p.getFileName().toString().equals("mbo.dbn")).findFirst().orElseThrow();
    }
    day = day.getParent();
    // The digests were taken before the simulator began each instrument's book with a clear (R):
    // the replay reads the session as it was then.
    Path mbo = day.resolve("mbo.dbn");
    Files.write(mbo, withoutClears(mbo, Files.readAllBytes(mbo)));
    // After the simulated files in the replay's (sorted) file order: its definitions replace
    // theirs.
    Path faults = Files.createDirectories(root.resolve("zfaults"));
    Random rnd = new Random(seed);
    Map<Long, long[]> defs =
        definitionFaults(day.resolve("definition.dbn"), traded(day.resolve("trades.dbn")), faults);
    long end = mboFaults(day.resolve("mbo.dbn"), faults.resolve("mbo-faults.dbn"));
    tradeAndQuoteFaults(day.resolve("trades.dbn"), faults, defs, rnd);
    pauseThenFewInstruments(faults.resolve("after-pause.mbp-1.dbn"), defs, end);
    samples(Files.createDirectories(root.resolve("samples")));
    return root;
  }

  /**
   * Copies of some definitions with changed fields (a later definition replaces an earlier one):
   * tight limits, an unknown instrument class. Returns tick, high and low limit per instrument.
   */
  private static Map<Long, long[]> definitionFaults(Path in, Set<Long> traded, Path faults)
      throws IOException {
    Map<Long, long[]> defs = new LinkedHashMap<>();
    try (DbnDecoder d = DbnDecoder.open(in);
        DbnEncoder w = encoder(faults.resolve("definition-faults.dbn"), Schema.DEFINITION)) {
      int i = 0;
      for (DbnRecord r = d.next(); r != null; r = d.next(), i++) {
        long tick = r.definition().minPriceIncrement();
        long hi = r.definition().highLimitPrice();
        long lo = r.definition().lowLimitPrice();
        if (i % 7 == 3 || (traded.contains(r.instrumentId()) && i % 2 == 0)) {
          // Limits narrow enough that the instrument's trades fall outside them.
          byte[] b = r.copyBytes();
          long mid = r.definition().strikePrice() == Dbn.UNDEF_PRICE ? 0 : 50 * tick;
          hi = mid + 2 * tick;
          lo = mid;
          put(r, b, "high_limit_price", hi);
          put(r, b, "low_limit_price", lo);
          w.writeRaw(b, 0, b.length);
        } else if (i % 11 == 5) {
          byte[] b = r.copyBytes();
          put(r, b, "instrument_class", 'Q');
          w.writeRaw(b, 0, b.length);
        } else if (i % 13 == 6) {
          byte[] b = r.copyBytes();
          put(r, b, "strike_price", Dbn.UNDEF_PRICE);
          put(r, b, "underlying_id", 0);
          w.writeRaw(b, 0, b.length);
        }
        defs.put(r.instrumentId(), new long[] {tick, hi, lo, r.publisherId()});
      }
    }
    return defs;
  }

  /** The instruments with records in {@code trades}. */
  private static Set<Long> traded(Path trades) throws IOException {
    Set<Long> ids = new TreeSet<>();
    try (DbnDecoder d = DbnDecoder.open(trades)) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        ids.add(r.instrumentId());
      }
    }
    return ids;
  }

  /**
   * Faulty copies of the session's MBO records, in file order (so mostly event-time order). Returns
   * the last ts_event seen.
   */
  private static long mboFaults(Path in, Path out) throws IOException {
    long last = 0;
    List<byte[]> first = new ArrayList<>();
    ArrayDeque<byte[]> recentRing = new ArrayDeque<>();
    try (DbnDecoder d = DbnDecoder.open(in);
        DbnEncoder w = encoder(out, Schema.MBO)) {
      long i = 0;
      for (DbnRecord r = d.next(); r != null; r = d.next(), i++) {
        last = Math.max(last, r.tsEvent());
        byte[] b = r.copyBytes();
        if (first.size() < 50) {
          first.add(b.clone());
        }
        recentRing.addLast(b.clone());
        if (recentRing.size() > 64) {
          recentRing.removeFirst();
        }
        if (i == 100_000) {
          // Far behind the duplicate window by now: published again.
          for (byte[] f : first) {
            w.writeRaw(f, 0, f.length);
          }
        }
        if (i % 5003 == 4000) {
          // A record from a few dozen back: a duplicate out of order.
          byte[] old = recentRing.peekFirst();
          w.writeRaw(old, 0, old.length);
        }
        if (i % 211 != 17) {
          continue;
        }
        long orderId = get(r, "order_id") + 7;
        switch ((int) ((i / 211) % 14)) {
          case 0 -> {}
          case 1 -> {
            put(r, b, "price", r.mbo().price() + 1);
            put(r, b, "order_id", orderId);
          }
          case 2 -> {
            put(r, b, "sequence", r.mbo().sequence() + 3);
            put(r, b, "order_id", orderId);
          }
          case 3 -> {
            put(r, b, "ts_recv", r.mbo().tsRecv() + 5 * SECOND);
            put(r, b, "order_id", orderId);
          }
          // Same key with only ts_recv changed: still a duplicate (and skewed).
          case 4 -> put(r, b, "ts_recv", r.mbo().tsRecv() - 5 * SECOND);
          case 5 -> put(r, b, "action", 'Z');
          case 6 -> put(r, b, "side", 'Q');
          case 7 -> {
            putHeaderId(b, 4_000_000_000L);
            put(r, b, "order_id", orderId);
          }
          case 8 -> {
            put(r, b, "flags", r.mbo().flags() | 8);
            put(r, b, "ts_recv", r.mbo().tsRecv() + 9 * SECOND);
            put(r, b, "order_id", orderId);
          }
          case 9 -> {
            put(r, b, "price", Dbn.UNDEF_PRICE);
            put(r, b, "order_id", orderId);
          }
          case 10 -> {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(8, r.tsEvent() - SECOND);
            put(r, b, "order_id", orderId);
          }
          case 11 -> {
            put(r, b, "channel_id", r.mbo().channelId() + 1);
            put(r, b, "order_id", orderId);
          }
          case 12 -> {
            put(r, b, "ts_recv", Dbn.UNDEF_TIMESTAMP);
            put(r, b, "order_id", orderId);
          }
          default -> {
            put(r, b, "action", 'F');
            put(r, b, "side", 'N');
          }
        }
        w.writeRaw(b, 0, b.length);
      }
      if (i <= 100_000) {
        for (byte[] f : first) {
          w.writeRaw(f, 0, f.length);
        }
      }
    }
    return last;
  }

  /** Faulty trades, and quotes, statistics and status records around the session's trades. */
  private static void tradeAndQuoteFaults(
      Path trades, Path faults, Map<Long, long[]> defs, Random rnd) throws IOException {
    try (DbnDecoder d = DbnDecoder.open(trades);
        DbnEncoder tw = encoder(faults.resolve("trades-faults.dbn"), Schema.TRADES);
        DbnEncoder q1 = encoder(faults.resolve("quotes.mbp-1.dbn"), Schema.MBP_1);
        DbnEncoder q10 = encoder(faults.resolve("quotes.mbp-10.dbn"), Schema.MBP_10);
        DbnEncoder bbo = encoder(faults.resolve("quotes.bbo-1s.dbn"), Schema.BBO_1S);
        DbnEncoder st = encoder(faults.resolve("stats.dbn"), Schema.STATISTICS);
        DbnEncoder su = encoder(faults.resolve("status.dbn"), Schema.STATUS)) {
      int i = 0;
      for (DbnRecord r = d.next(); r != null; r = d.next(), i++) {
        long id = r.instrumentId();
        long[] def = defs.getOrDefault(id, new long[] {1, Dbn.UNDEF_PRICE, Dbn.UNDEF_PRICE, 1});
        long tick = def[0];
        long px = r.mbp().price();
        long ts = r.tsEvent();
        long recv = r.mbp().tsRecv();
        int pub = r.publisherId();
        if (i % 7 == 2) {
          byte[] b = r.copyBytes();
          switch ((i / 7) % 6) {
            case 0 -> put(r, b, "price", px + 1);
            case 1 -> put(r, b, "price", px + 1000 * tick);
            case 2 -> put(r, b, "side", 'Q');
            case 3 -> put(r, b, "price", Dbn.UNDEF_PRICE);
            case 4 -> put(r, b, "depth", 3);
            default -> {}
          }
          tw.writeRaw(b, 0, b.length);
        }
        if (i % 3 == 0) {
          long bid = px - tick;
          long ask = px + tick;
          char action = 'A';
          char side = 'B';
          switch ((i / 3) % 8) {
            case 1 -> {
              bid = px + tick;
              ask = px - tick;
            }
            case 2 -> bid = px - tick + 1;
            case 3 -> ask = Dbn.UNDEF_PRICE;
            case 4 -> action = 'T';
            case 5 -> side = 'X';
            case 6 -> bid = Dbn.UNDEF_PRICE;
            default -> {}
          }
          write(
              q1,
              new Mbp1Msg(
                  RecordHeader.of(RType.MBP_1, pub, id, ts),
                  px,
                  1 + rnd.nextInt(20),
                  action,
                  side,
                  0,
                  0,
                  recv,
                  0,
                  i,
                  List.of(new BidAskPair(bid, ask, 5, 6, 1, 2))));
        }
        if (i % 5 == 1) {
          List<BidAskPair> levels = new ArrayList<>();
          for (int l = 0; l < 10; l++) {
            boolean undef = l >= 7 && (i / 5) % 2 == 0;
            levels.add(
                new BidAskPair(
                    undef ? Dbn.UNDEF_PRICE : px - (l + 1) * tick + ((i / 5) % 9 == 4 ? 1 : 0),
                    undef ? Dbn.UNDEF_PRICE : px + (l + 1) * tick,
                    rnd.nextInt(100),
                    rnd.nextInt(100),
                    rnd.nextInt(5),
                    rnd.nextInt(5)));
          }
          write(
              q10,
              new Mbp10Msg(
                  RecordHeader.of(RType.MBP_10, pub, id, ts),
                  px,
                  3,
                  'M',
                  'A',
                  128,
                  2,
                  recv,
                  0,
                  i,
                  levels));
        }
        if (i % 11 == 4) {
          boolean crossed = (i / 11) % 3 == 1;
          write(
              bbo,
              new BboMsg(
                  RecordHeader.of(RType.BBO_1S, pub, id, ts),
                  px,
                  2,
                  'N',
                  0,
                  recv,
                  i,
                  List.of(
                      new BidAskPair(crossed ? px + tick : px - tick, px + 2 * tick, 4, 4, 1, 1))));
        }
        if (i % 13 == 6) {
          boolean undef = (i / 13) % 2 == 0;
          write(
              st,
              new StatMsg(
                  RecordHeader.of(RType.STATISTICS, pub, id, ts),
                  recv,
                  undef ? Dbn.UNDEF_TIMESTAMP : ts - SECOND,
                  undef ? Dbn.UNDEF_PRICE : px,
                  undef ? Dbn.UNDEF_STAT_QUANTITY : 42,
                  i,
                  0,
                  1 + (i / 13) % 10,
                  0,
                  1,
                  0));
        }
        if (i % 17 == 8) {
          char[] tri = {'Y', 'N', '~', 0, 'X'};
          write(
              su,
              new StatusMsg(
                  RecordHeader.of(RType.STATUS, pub, id, ts),
                  recv,
                  7,
                  (i / 17) % 4,
                  1,
                  tri[(i / 17) % 5],
                  tri[(i / 17 + 1) % 4],
                  tri[(i / 17 + 2) % 4]));
        }
      }
    }
  }

  /**
   * A minute after the session's last event (a pause of the whole feed), quotes of three
   * instruments for a minute: the others go stale.
   */
  private static void pauseThenFewInstruments(Path out, Map<Long, long[]> defs, long end)
      throws IOException {
    List<Long> ids = new ArrayList<>(defs.keySet());
    try (DbnEncoder w = encoder(out, Schema.MBP_1)) {
      for (int s = 0; s < 60; s++) {
        for (int k = 0; k < 3; k++) {
          long id = ids.get(k * 5);
          long[] def = defs.get(id);
          long ts = end + 60 * SECOND + s * SECOND + k;
          long px = 100 * def[0];
          write(
              w,
              new Mbp1Msg(
                  RecordHeader.of(RType.MBP_1, (int) def[3], id, ts),
                  px,
                  1,
                  'A',
                  'B',
                  0,
                  0,
                  ts + 1000,
                  0,
                  s,
                  List.of(new BidAskPair(px - def[0], px + def[0], 1, 1, 1, 1))));
        }
      }
    }
  }

  /** Databento's sample files, a torn copy of one and a file that is not DBN at all. */
  private static void samples(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/dbn"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("test_data")).toList()) {
        Files.copy(p, dir.resolve(p.getFileName()));
      }
    }
    byte[] mbo = Files.readAllBytes(dir.resolve("test_data.mbo.v3.dbn"));
    Files.write(dir.resolve("torn.mbo.dbn"), Arrays.copyOf(mbo, mbo.length - 7));
    byte[] junk = new byte[300];
    new Random(3).nextBytes(junk);
    Files.write(dir.resolve("junk.dbn"), junk);
  }

  private static DbnEncoder encoder(Path p, Schema schema) throws IOException {
    OutputStream out = Files.newOutputStream(p);
    return new DbnEncoder(out, Metadata.builder().dataset("GLBX.MDP3").schema(schema).build());
  }

  private static void write(DbnEncoder w, DbnMessage m) throws IOException {
    w.write(m);
  }

  private static long get(DbnRecord r, String field) {
    return r.getInteger(field(r, field));
  }

  private static Field field(DbnRecord r, String name) {
    Field f = r.field(name);
    if (f == null) {
      throw new IllegalStateException("no field " + name + " in " + r.layout());
    }
    return f;
  }

  /** Overwrites one integer or char field of a record's bytes. */
  private static void put(DbnRecord r, byte[] b, String name, long v) {
    Field f = field(r, name);
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    switch (f.size()) {
      case 1 -> bb.put(f.offset(), (byte) v);
      case 2 -> bb.putShort(f.offset(), (short) v);
      case 4 -> bb.putInt(f.offset(), (int) v);
      case 8 -> bb.putLong(f.offset(), v);
      default -> throw new IllegalArgumentException(name + " is " + f.size() + " bytes");
    }
  }

  private static void putHeaderId(byte[] b, long id) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, (int) id);
  }

  /** The bytes of an uncompressed MBO file without its clear (R) records. */
  private static byte[] withoutClears(Path file, byte[] bytes) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length);
    int from = 0;
    try (io.nqflow.dbn.DbnDecoder d = io.nqflow.dbn.DbnDecoder.open(file)) {
      for (io.nqflow.dbn.DbnRecord r = d.next(); r != null; r = d.next()) {
        if (r.toMessage() instanceof io.nqflow.dbn.record.MboMsg m && m.action() == 'R') {
          int at = (int) r.streamOffset();
          out.write(bytes, from, at - from);
          from = at + r.length();
        }
      }
    }
    out.write(bytes, from, bytes.length - from);
    return out.toByteArray();
  }
}
