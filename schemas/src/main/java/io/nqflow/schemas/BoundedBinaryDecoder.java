package io.nqflow.schemas;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding over one byte array that never allocates by a length or count it has not
 * checked against the bytes left. Avro's own {@code BinaryDecoder} sizes the string, bytes and
 * collection it creates by the declared length before reading it, so a corrupt record of a few
 * hundred bytes could make a consumer allocate hundreds of megabytes (found by fuzzing,
 * TopicRecordFuzzTest). Here a string or bytes longer than what is left, or an array or map block
 * with more items than bytes left, fails with an {@link EOFException} naming the byte offset: every
 * item of the project's schemas takes at least one byte (AvroCodecBoundsTest checks it).
 *
 * <p>Not thread-safe; one instance per record.
 */
final class BoundedBinaryDecoder extends Decoder {
  private final byte[] buf;
  private int pos;
  private final int end;

  BoundedBinaryDecoder(byte[] bytes, int offset, int length) {
    this.buf = bytes;
    this.pos = offset;
    this.end = offset + length;
  }

  /** Bytes not read yet. */
  int remaining() {
    return end - pos;
  }

  @Override
  public void readNull() {}

  @Override
  public boolean readBoolean() throws IOException {
    need(1, "boolean");
    int b = buf[pos++];
    if (b != 0 && b != 1) {
      throw new IOException("boolean byte " + b + " at byte " + (pos - 1));
    }
    return b == 1;
  }

  @Override
  public int readInt() throws IOException {
    long v = readLong();
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IOException("int out of range: " + v + " before byte " + pos);
    }
    return (int) v;
  }

  @Override
  public long readLong() throws IOException {
    long raw = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1, "varint");
      int b = buf[pos++];
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new IOException("varint longer than 10 bytes before byte " + pos);
  }

  @Override
  public float readFloat() throws IOException {
    need(4, "float");
    return Float.intBitsToFloat((int) littleEndian(4));
  }

  @Override
  public double readDouble() throws IOException {
    need(8, "double");
    return Double.longBitsToDouble(littleEndian(8));
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int n = length("string");
    Utf8 s = old != null ? old : new Utf8();
    s.setByteLength(n);
    System.arraycopy(buf, pos, s.getBytes(), 0, n);
    pos += n;
    return s;
  }

  @Override
  public String readString() throws IOException {
    int n = length("string");
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  @Override
  public void skipString() throws IOException {
    pos += length("string");
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int n = length("bytes");
    ByteBuffer b;
    if (old != null && old.capacity() >= n) {
      b = old;
      b.clear();
    } else {
      b = ByteBuffer.allocate(n);
    }
    b.put(buf, pos, n);
    b.flip();
    pos += n;
    return b;
  }

  @Override
  public void skipBytes() throws IOException {
    pos += length("bytes");
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    need(length, "fixed");
    System.arraycopy(buf, pos, bytes, start, length);
    pos += length;
  }

  @Override
  public void skipFixed(int length) throws IOException {
    need(length, "fixed");
    pos += length;
  }

  @Override
  public int readEnum() throws IOException {
    return readInt();
  }

  @Override
  public long readArrayStart() throws IOException {
    return blockCount("array");
  }

  @Override
  public long arrayNext() throws IOException {
    return blockCount("array");
  }

  @Override
  public long skipArray() throws IOException {
    return skipBlocks("array");
  }

  @Override
  public long readMapStart() throws IOException {
    return blockCount("map");
  }

  @Override
  public long mapNext() throws IOException {
    return blockCount("map");
  }

  @Override
  public long skipMap() throws IOException {
    return skipBlocks("map");
  }

  @Override
  public int readIndex() throws IOException {
    return readInt();
  }

  /** A block's item count (its byte size, when given, is read and dropped); 0 ends the items. */
  private long blockCount(String what) throws IOException {
    long n = readLong();
    if (n < 0) {
      if (n == Long.MIN_VALUE) {
        throw new IOException(what + " block count " + n + " before byte " + pos);
      }
      n = -n;
      readLong();
    }
    if (n > remaining()) {
      throw new EOFException(
          what + " block of " + n + " items with " + remaining() + " bytes left at byte " + pos);
    }
    return n;
  }

  /**
   * Skips the blocks that carry their byte size; returns the count of the next one that does not.
   */
  private long skipBlocks(String what) throws IOException {
    while (true) {
      long n = readLong();
      if (n >= 0) {
        if (n > remaining()) {
          throw new EOFException(
              what
                  + " block of "
                  + n
                  + " items with "
                  + remaining()
                  + " bytes left at byte "
                  + pos);
        }
        return n;
      }
      long size = readLong();
      if (size < 0 || size > remaining()) {
        throw new EOFException(
            what + " block of " + size + " bytes with " + remaining() + " left at byte " + pos);
      }
      pos += (int) size;
    }
  }

  /** A string or bytes length, checked against the bytes left. */
  private int length(String what) throws IOException {
    long n = readLong();
    if (n < 0 || n > remaining()) {
      throw new EOFException(
          what + " of " + n + " bytes with " + remaining() + " bytes left at byte " + pos);
    }
    return (int) n;
  }

  /** The next {@code n} bytes (checked by the caller) as a little-endian number. */
  private long littleEndian(int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (buf[pos + i] & 0xFFL) << (8 * i);
    }
    pos += n;
    return v;
  }

  private void need(int n, String what) throws EOFException {
    if (end - pos < n) {
      throw new EOFException(
          "truncated "
              + what
              + ": "
              + n
              + " bytes needed, "
              + (end - pos)
              + " left at byte "
              + pos);
    }
  }
}
