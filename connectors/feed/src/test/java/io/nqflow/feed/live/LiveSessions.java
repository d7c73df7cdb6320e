package io.nqflow.feed.live;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Metadata;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.record.MboMsg;
import io.nqflow.dbn.record.RecordHeader;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.md.v1.MarketEvent;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Live sessions for the gateway stand-in, derived from Databento's MBO sample. */
public final class LiveSessions {
  public static final String KEY = "db-TestKeyThatIsThirtyTwoChars12";
  public static final String DATASET = "GLBX.MDP3";

  private LiveSessions() {}

  /**
   * An MBO session of {@code n} records, two per ts_event {@code stepNanos} apart (they share the
   * sequence, like the records of one venue message), order ids ascending.
   */
  public static byte[] mbo(int n, long stepNanos) throws Exception {
    Path sample = Path.of("src/test/resources/dbn/test_data.mbo.v3.dbn");
    Metadata md;
    List<MboMsg> base = new ArrayList<>();
    try (DbnDecoder d = DbnDecoder.open(sample)) {
      md = d.metadata();
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        if (r.rtype() == RType.MBO) {
          base.add((MboMsg) r.toMessage());
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DbnEncoder e = new DbnEncoder(out, md)) {
      long t0 = base.get(0).hd().tsEvent();
      for (int i = 0; i < n; i++) {
        MboMsg b = base.get(i % base.size());
        long ts = t0 + (i / 2) * stepNanos;
        RecordHeader hd =
            new RecordHeader(
                b.hd().length(), b.hd().rtype(), b.hd().publisherId(), b.hd().instrumentId(), ts);
        e.write(
            new MboMsg(
                hd,
                b.orderId() + i,
                b.price(),
                b.size(),
                b.flags(),
                b.channelId(),
                b.action(),
                b.side(),
                ts + 500,
                b.tsInDelta(),
                b.sequence() + i / 2));
      }
    }
    return out.toByteArray();
  }

  /** The events of a session file as the normalizer makes them, stamped with source "any". */
  public static List<MarketEvent> events(Path file) throws Exception {
    List<MarketEvent> out = new ArrayList<>();
    DbnNormalizer normalizer = new DbnNormalizer("any");
    try (DbnDecoder d = DbnDecoder.open(file)) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        out.add(normalizer.event(r));
      }
    }
    return out;
  }

  public static MarketEvent anySource(MarketEvent e) {
    return MarketEvent.newBuilder(e).setSource("any").build();
  }

  public static byte[] write(Path file, byte[] session) throws Exception {
    Files.write(file, session);
    return session;
  }
}
