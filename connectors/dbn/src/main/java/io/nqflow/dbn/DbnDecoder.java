package io.nqflow.dbn;

import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Streaming DBN decoder for versions 1-3, raw or zstd-compressed (detected by magic; concatenated
 * frames are read), from a file, any {@link InputStream} (socket, HTTP body) or a metadata-less
 * fragment of a stated version.
 *
 * <p>Records are returned as a reused flyweight {@link DbnRecord} over an internal buffer: reading
 * fields copies nothing. Memory use is bounded by the buffer (64 KiB) plus the metadata actually
 * present; no allocation is ever sized by a length read from the input. Every malformed input ends
 * in a {@link DbnFormatException} naming the byte offset (in the decompressed stream).
 *
 * <p>Not thread-safe.
 */
public final class DbnDecoder implements Closeable {
  /** Metadata larger than this is refused (real headers are kilobytes to a few megabytes). */
  public static final long MAX_METADATA_LEN = 256L << 20;

  private static final int BUFFER_LEN = 1 << 16;
  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};

  private final InputStream in;
  private final byte[] buf = new byte[BUFFER_LEN];
  private final ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
  private int pos;
  private int lim;
  private long base;
  private boolean eof;

  private final int fileVersion;
  private final boolean tsOut;
  private final Metadata metadata;
  private boolean upgrade;

  private final DbnRecord rec = new DbnRecord();
  private final byte[] scratch = new byte[Upgrader.MAX_UPGRADED_LEN];
  private final ByteBuffer scratchBb = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
  private long records;
  private long skipped;

  private DbnDecoder(InputStream in, int fragmentVersion, boolean fragmentTsOut)
      throws IOException {
    this.in = in;
    if (fragmentVersion > 0) {
      this.fileVersion = fragmentVersion;
      this.tsOut = fragmentTsOut;
      this.metadata = null;
    } else {
      this.metadata = readMetadata();
      this.fileVersion = metadata.version();
      this.tsOut = metadata.tsOut();
    }
  }

  /** Opens a DBN stream with a metadata header; zstd compression is detected. */
  public static DbnDecoder open(InputStream in) throws IOException {
    return new DbnDecoder(detectCompression(in), 0, false);
  }

  /** Opens a DBN file (.dbn or .dbn.zst; the content decides, not the name). */
  public static DbnDecoder open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      return open(new java.io.BufferedInputStream(in, BUFFER_LEN));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Opens a fragment: records of the given version with no metadata header and no ts_out. */
  public static DbnDecoder fragment(InputStream in, int version) throws IOException {
    return fragment(in, version, false);
  }

  /** Opens a fragment of the given version whose records do or do not carry ts_out. */
  public static DbnDecoder fragment(InputStream in, int version, boolean tsOut) throws IOException {
    if (version < 1 || version > Dbn.MAX_VERSION) {
      throw new IllegalArgumentException("fragment version must be 1, 2 or 3, not " + version);
    }
    return new DbnDecoder(detectCompression(in), version, tsOut);
  }

  /** Opens a fragment file of the given version. */
  public static DbnDecoder fragment(Path file, int version) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      return fragment(new java.io.BufferedInputStream(in, BUFFER_LEN), version);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Upgrades v1/v2 records (and the reported metadata) to the v3 layout. Off by default. */
  public DbnDecoder upgradeToV3(boolean upgrade) {
    this.upgrade = upgrade;
    return this;
  }

  /** The metadata header (as v3 when upgrading), or null for a fragment. */
  public Metadata metadata() {
    if (metadata == null) {
      return null;
    }
    return upgrade ? metadata.asV3() : metadata;
  }

  /** The version of the records returned: the input's, or 3 when upgrading. */
  public int version() {
    return upgrade ? Dbn.VERSION : fileVersion;
  }

  /** The version the input was written in. */
  public int inputVersion() {
    return fileVersion;
  }

  /** Whether records carry the ts_out suffix. */
  public boolean tsOut() {
    return tsOut;
  }

  /** Bytes of the decompressed stream consumed so far (metadata and returned records). */
  public long position() {
    return base + pos;
  }

  /** Records returned so far. */
  public long recordCount() {
    return records;
  }

  /** Records of unknown rtypes skipped so far (skipped by their length, never misread). */
  public long skippedCount() {
    return skipped;
  }

  /**
   * The next record, or null at the end of the stream. The returned view is reused: it is valid
   * until the next call.
   */
  public DbnRecord next() throws IOException {
    while (true) {
      if (lim - pos < 1 && !fill(1)) {
        return null;
      }
      long at = base + pos;
      int size = (buf[pos] & 0xFF) * Dbn.LENGTH_MULTIPLIER;
      if (size == 0) {
        throw new DbnFormatException(at, "record length is 0");
      }
      if (size < Dbn.RECORD_HEADER_LEN) {
        throw new DbnFormatException(
            at, "record length " + size + " bytes is shorter than the 16-byte record header");
      }
      if (lim - pos < size && !fill(size)) {
        throw new DbnFormatException(
            at,
            "truncated record: its header says "
                + size
                + " bytes, the stream ends after "
                + (lim - pos));
      }
      int rtype = buf[pos + 1] & 0xFF;
      RecordLayout layout = Layouts.of(rtype, fileVersion);
      if (layout == null) {
        pos += size;
        skipped++;
        continue;
      }
      int need = layout.size() + (tsOut ? 8 : 0);
      if (size < need) {
        throw new DbnFormatException(
            at,
            RType.name(rtype)
                + " record is "
                + size
                + " bytes; its v"
                + fileVersion
                + " layout "
                + layout.structName()
                + (tsOut ? " with ts_out" : "")
                + " needs "
                + need);
      }
      rec.set(bb, pos, size, fileVersion, tsOut, layout, at);
      pos += size;
      records++;
      if (upgrade && fileVersion < Dbn.VERSION) {
        if (Layouts.changesInV3(rtype, fileVersion)) {
          int n = Upgrader.upgrade(rec, scratch);
          rec.set(scratchBb, 0, n, Dbn.VERSION, tsOut, Layouts.of(rtype, Dbn.VERSION), at);
        } else {
          rec.version = Dbn.VERSION;
        }
      }
      return rec;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  // ---- input ----

  /** Ensures {@code need} bytes are buffered; false if the stream ends first. */
  private boolean fill(int need) throws IOException {
    if (buf.length - pos < need) {
      int n = lim - pos;
      System.arraycopy(buf, pos, buf, 0, n);
      base += pos;
      lim = n;
      pos = 0;
    }
    while (lim - pos < need && !eof) {
      int n = read(buf, lim, buf.length - lim);
      if (n < 0) {
        eof = true;
      } else {
        lim += n;
      }
    }
    return lim - pos >= need;
  }

  private int read(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (ZstdIOException | ZstdException e) {
      throw new DbnFormatException(base + lim, "bad zstd data: " + e.getMessage(), e);
    }
  }

  private Metadata readMetadata() throws IOException {
    if (!fill(MetadataCodec.PREFIX_LEN)) {
      throw new DbnFormatException(
          lim, "truncated metadata: " + lim + " of the 8 prefix bytes present");
    }
    if (buf[0] != 'D' || buf[1] != 'B' || buf[2] != 'N') {
      throw new DbnFormatException(
          0,
          String.format("bad magic: expected 'DBN', found %02x %02x %02x", buf[0], buf[1], buf[2]));
    }
    int version = buf[3] & 0xFF;
    if (version < 1 || version > Dbn.MAX_VERSION) {
      throw new DbnFormatException(3, "unsupported DBN version " + version + " (1-3 supported)");
    }
    long len = bb.getInt(4) & 0xFFFF_FFFFL;
    if (len < MetadataCodec.FIXED_LEN) {
      throw new DbnFormatException(
          4, "metadata length " + len + " is shorter than its 100-byte fixed part");
    }
    if (len > MAX_METADATA_LEN) {
      throw new DbnFormatException(
          4, "metadata length " + len + " exceeds the " + MAX_METADATA_LEN + "-byte limit");
    }
    pos = MetadataCodec.PREFIX_LEN;
    // Grow with the bytes actually read, so a lying length cannot force a huge allocation.
    byte[] body = new byte[(int) Math.min(len, BUFFER_LEN)];
    int have = 0;
    while (have < len) {
      if (lim - pos == 0 && !fill(1)) {
        throw new DbnFormatException(
            MetadataCodec.PREFIX_LEN + have,
            "truncated metadata: header says " + len + " bytes, the stream ends after " + have);
      }
      int n = (int) Math.min(len - have, lim - pos);
      if (have + n > body.length) {
        body = Arrays.copyOf(body, (int) Math.min(len, Math.max(body.length * 2L, have + n)));
      }
      System.arraycopy(buf, pos, body, have, n);
      pos += n;
      have += n;
    }
    return MetadataCodec.read(body, have, version, MetadataCodec.PREFIX_LEN);
  }

  private static InputStream detectCompression(InputStream raw) throws IOException {
    PushbackInputStream in = new PushbackInputStream(raw, 16);
    byte[] head = new byte[12];
    int n = 0;
    while (n < head.length) {
      int r = in.read(head, n, head.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    in.unread(head, 0, n);
    if (n >= 4 && Arrays.equals(head, 0, 4, ZSTD_MAGIC, 0, 4)) {
      return zstd(in);
    }
    boolean skippable =
        n >= 4 && (head[0] & 0xF0) == 0x50 && head[1] == 0x2A && head[2] == 0x4D && head[3] == 0x18;
    if (skippable) {
      if (n >= 11 && head[8] == 'D' && head[9] == 'B' && head[10] == 'Z') {
        throw new DbnFormatException(
            0,
            "legacy DBZ file (the pre-DBN format) is not supported; convert it to DBN with"
                + " Databento's dbn CLI first");
      }
      return zstd(in);
    }
    return in;
  }

  private static InputStream zstd(InputStream in) throws IOException {
    try {
      return new ZstdInputStream(in);
    } catch (ZstdIOException | ZstdException e) {
      throw new DbnFormatException(0, "bad zstd data: " + e.getMessage(), e);
    }
  }
}
