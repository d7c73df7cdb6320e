package io.nqflow.databento;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Metadata;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.dbn.record.ErrorMsg;
import io.nqflow.dbn.record.MboMsg;
import io.nqflow.dbn.record.RecordHeader;
import io.nqflow.dbn.record.SystemMsg;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * DBN streams for the stand-ins: Databento's real MBO sample, and longer sessions built from it.
 */
final class LiveTestData {
  static final String SAMPLE = "/databento/test_data.mbo.v3.dbn";

  private LiveTestData() {}

  /** The bytes of Databento's v3 MBO sample file (metadata + records), as stored. */
  static byte[] realMboSample() {
    try (InputStream in = LiveTestData.class.getResourceAsStream(SAMPLE)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Metadata metadata(byte[] dbn) {
    try (DbnDecoder d = DbnDecoder.open(new ByteArrayInputStream(dbn))) {
      return d.metadata();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every record of a DBN stream, as detached byte buffers (equal iff the bytes are equal). */
  static List<ByteBuffer> records(byte[] dbn) {
    List<ByteBuffer> out = new ArrayList<>();
    try (DbnDecoder d = DbnDecoder.open(new ByteArrayInputStream(dbn))) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        out.add(ByteBuffer.wrap(r.copyBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * A longer MBO session: the sample's metadata, then {@code n} records derived from the sample's
   * MBO records, {@code perTimestamp} records sharing each ts_event (as in a sweep), sequences and
   * order ids ascending.
   */
  static byte[] generatedMboSession(int n, int perTimestamp) {
    byte[] sample = realMboSample();
    Metadata md = metadata(sample);
    List<MboMsg> base = new ArrayList<>();
    try (DbnDecoder d = DbnDecoder.open(new ByteArrayInputStream(sample))) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        if (r.rtype() == RType.MBO) {
          base.add((MboMsg) r.toMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DbnEncoder e = new DbnEncoder(out, md)) {
      long t0 = base.get(0).hd().tsEvent();
      for (int i = 0; i < n; i++) {
        MboMsg b = base.get(i % base.size());
        long ts = t0 + (i / perTimestamp) * 1_000L;
        RecordHeader hd =
            new RecordHeader(
                b.hd().length(), b.hd().rtype(), b.hd().publisherId(), b.hd().instrumentId(), ts);
        e.write(
            new MboMsg(
                hd,
                b.orderId() + i,
                b.price() + (i % 7) * 250_000_000L,
                b.size(),
                b.flags(),
                b.channelId(),
                b.action(),
                b.side(),
                ts + 500,
                b.tsInDelta(),
                b.sequence() + i));
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  /** A v3 heartbeat record. */
  static byte[] heartbeat(long tsNanos) {
    return encode(new SystemMsg(RecordHeader.of(RType.SYSTEM, 0, 0, tsNanos), "Heartbeat", 0));
  }

  /** A v3 SystemMsg. */
  static byte[] system(String msg, int code, long tsNanos) {
    return encode(new SystemMsg(RecordHeader.of(RType.SYSTEM, 0, 0, tsNanos), msg, code));
  }

  /** A v3 ErrorMsg. */
  static byte[] error(String msg, int code, long tsNanos) {
    return encode(new ErrorMsg(RecordHeader.of(RType.ERROR, 0, 0, tsNanos), msg, code, 1));
  }

  private static byte[] encode(DbnMessage m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DbnEncoder e = DbnEncoder.fragment(out, false)) {
      e.write(m);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }
}
