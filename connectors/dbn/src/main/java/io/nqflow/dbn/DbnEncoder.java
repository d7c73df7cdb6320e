package io.nqflow.dbn;

import com.github.luben.zstd.ZstdOutputStream;
import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.dbn.record.MessageCodec;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes DBN version 3: the metadata header, then records, raw or zstd-compressed. Records of older
 * versions are upgraded to v3 on the way out. Not thread-safe.
 */
public final class DbnEncoder implements Closeable, Flushable {
  private final OutputStream out;
  private final boolean tsOut;
  private final byte[] scratch = new byte[Upgrader.MAX_UPGRADED_LEN];
  private final ByteBuffer scratchBb = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
  private long records;

  /** Writes the v3 metadata header of {@code md} to {@code out} at once. */
  public DbnEncoder(OutputStream out, Metadata md) throws IOException {
    this.out = out;
    this.tsOut = md.tsOut();
    out.write(MetadataCodec.writeV3(md));
  }

  private DbnEncoder(OutputStream out, boolean tsOut) {
    this.out = out;
    this.tsOut = tsOut;
  }

  /** An encoder that writes a zstd-compressed DBN v3 stream (one frame, closed by close()). */
  public static DbnEncoder zstd(OutputStream out, Metadata md) throws IOException {
    return new DbnEncoder(new ZstdOutputStream(new BufferedOutputStream(out, 1 << 16)), md);
  }

  /** An encoder of a metadata-less v3 fragment (records only). */
  public static DbnEncoder fragment(OutputStream out, boolean tsOut) {
    return new DbnEncoder(out, tsOut);
  }

  /** Whether records are written with the ts_out suffix. */
  public boolean tsOut() {
    return tsOut;
  }

  /** Records written so far. */
  public long recordCount() {
    return records;
  }

  /**
   * Writes a decoded record: its bytes as they are for v3 (or unchanged layouts), upgraded for
   * v1/v2 definitions, statistics, errors, system and symbol-mapping records.
   *
   * @throws IllegalArgumentException if the record's ts_out presence differs from this stream's
   */
  public void write(DbnRecord rec) throws IOException {
    if (rec.hasTsOut() != tsOut) {
      throw new IllegalArgumentException(
          "record "
              + (rec.hasTsOut() ? "has" : "lacks")
              + " ts_out but the stream's ts_out is "
              + tsOut);
    }
    if (rec.version() < Dbn.VERSION && Layouts.changesInV3(rec.rtype(), rec.version())) {
      int n = Upgrader.upgrade(rec, scratch);
      out.write(scratch, 0, n);
    } else {
      if (rec.bb.hasArray()) {
        out.write(rec.bb.array(), rec.bb.arrayOffset() + rec.off, rec.len);
      } else {
        out.write(rec.copyBytes());
      }
    }
    records++;
  }

  /** Writes a message without ts_out (the stream must not have ts_out). */
  public void write(DbnMessage msg) throws IOException {
    if (tsOut) {
      throw new IllegalArgumentException("this stream has ts_out: use write(msg, tsOut)");
    }
    scratchBb.clear();
    int n = MessageCodec.write(msg, scratchBb, false, 0);
    out.write(scratch, 0, n);
    records++;
  }

  /** Writes a message with its ts_out suffix (the stream must have ts_out). */
  public void write(DbnMessage msg, long tsOutNanos) throws IOException {
    if (!tsOut) {
      throw new IllegalArgumentException("this stream has no ts_out: use write(msg)");
    }
    scratchBb.clear();
    int n = MessageCodec.write(msg, scratchBb, true, tsOutNanos);
    out.write(scratch, 0, n);
    records++;
  }

  /**
   * Writes the bytes of one complete v3 record as they are.
   *
   * @throws IllegalArgumentException if the header's length word does not match {@code len}
   */
  public void writeRaw(byte[] b, int off, int len) throws IOException {
    if (len < Dbn.RECORD_HEADER_LEN || (b[off] & 0xFF) * Dbn.LENGTH_MULTIPLIER != len) {
      throw new IllegalArgumentException(
          "not one record: "
              + len
              + " bytes, header length word "
              + (len > 0 ? b[off] & 0xFF : -1));
    }
    out.write(b, off, len);
    records++;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Finishes the stream (and the zstd frame) and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    out.close();
  }
}
