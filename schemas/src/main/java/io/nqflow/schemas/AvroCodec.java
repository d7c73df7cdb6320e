package io.nqflow.schemas;

import io.nqflow.md.v1.MarketEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (2-byte marker {@code C3 01}, 8-byte little-endian CRC-64-AVRO
 * fingerprint of the writer schema, then the Avro binary body) for one generated message class. Any
 * Avro library can read it with the {@code .avsc} files alone; no schema registry is needed.
 *
 * <p>Encoding writes the precomputed header and the body through one {@link SpecificDatumWriter}
 * per codec into a buffer and binary encoder reused per thread, so a record costs one copy of its
 * bytes (the feed encodes hundreds of thousands per second). Market events with an MBO or trade
 * payload skip even that: {@link MarketEventWriter#encode} writes them into an array of their exact
 * size.
 */
public final class AvroCodec<V extends SpecificRecord> {
  private final Class<V> type;
  private final Schema schema;
  private final byte[] header;
  private final DatumWriter<V> writer;

  /** The typed writer of market events, which also writes most of them whole; else null. */
  private final MarketEventWriter events;

  /** Reads the body after the header, through a {@link BoundedBinaryDecoder}. */
  private final DatumReader<V> reader;

  /** Each thread's direct MarketEvent reader, when this codec is MarketEvent's and knows it. */
  private final ThreadLocal<MarketEventReader> fastReaders;

  /** Each thread's output buffer and binary encoder, reused by every codec on that thread. */
  private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

  /**
   * The buffer this codec used last: nearly always the caller's (one feed thread encodes a topic),
   * and checking its owner is cheaper than a thread-local lookup per record.
   */
  private Buffer last;

  public AvroCodec(Class<V> type) {
    this.type = type;
    this.schema = SpecificData.get().getSchema(type);
    SpecificData model = new SpecificData(type.getClassLoader());
    this.header = header(schema);
    this.writer = writer(type, schema, model);
    this.events = writer instanceof MarketEventWriter w ? w : null;
    this.reader = new SpecificDatumReader<>(schema, schema, model);
    this.fastReaders =
        type == MarketEvent.class && MarketEventReader.supports(schema)
            ? ThreadLocal.withInitial(MarketEventReader::new)
            : null;
  }

  public Class<V> type() {
    return type;
  }

  public Schema schema() {
    return schema;
  }

  /** Encodes one message; never returns a shared buffer. */
  public byte[] encode(V value) {
    if (events != null) {
      byte[] direct = events.encode(header, (MarketEvent) value);
      if (direct != null) {
        return direct;
      }
    }
    Buffer b = last;
    if (b == null || b.owner != Thread.currentThread()) {
      b = BUFFERS.get();
      last = b;
    }
    b.size = 0;
    b.write(header, 0, header.length);
    try {
      b.encoder = EncoderFactory.get().directBinaryEncoder(b, b.encoder);
      writer.write(value, b.encoder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
    }
    return Arrays.copyOf(b.bytes, b.size);
  }

  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> DatumWriter<V> writer(
      Class<V> type, Schema schema, SpecificData model) {
    if (type == MarketEvent.class && MarketEventWriter.supports(schema)) {
      return (DatumWriter<V>) new MarketEventWriter(schema);
    }
    return new SpecificDatumWriter<>(schema, model);
  }

  /**
   * The single-object header: marker {@code C3 01}, then the schema's CRC-64-AVRO parsing
   * fingerprint, little-endian (as Avro's {@code BinaryMessageEncoder} writes it).
   */
  static byte[] header(Schema schema) {
    long fp = SchemaNormalization.parsingFingerprint64(schema);
    byte[] h = new byte[10];
    h[0] = (byte) 0xC3;
    h[1] = (byte) 0x01;
    for (int i = 0; i < 8; i++) {
      h[2 + i] = (byte) (fp >>> (8 * i));
    }
    return h;
  }

  /** A growable byte buffer without the locking of {@code ByteArrayOutputStream}. */
  private static final class Buffer extends OutputStream {
    final Thread owner = Thread.currentThread();
    byte[] bytes = new byte[256];
    int size;
    BinaryEncoder encoder;

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }

  /**
   * Decodes one message.
   *
   * @throws MessageFormatException when the bytes are not a single-object encoded message of this
   *     schema (wrong marker, unknown fingerprint, truncated body)
   */
  public V decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      if (!hasHeader(bytes)) {
        throw new MessageFormatException(headerProblem(bytes), null);
      }
      if (fastReaders != null) {
        @SuppressWarnings("unchecked")
        V v = (V) fastReaders.get().read(bytes, header.length, bytes.length - header.length);
        return v;
      }
      return reader.read(
          null, new BoundedBinaryDecoder(bytes, header.length, bytes.length - header.length));
    } catch (MessageFormatException e) {
      throw new MessageFormatException(
          "cannot decode "
              + type.getSimpleName()
              + " from "
              + bytes.length
              + " bytes: "
              + e.getMessage(),
          e);
    } catch (IOException | RuntimeException e) {
      throw new MessageFormatException(
          "cannot decode " + type.getSimpleName() + " from " + bytes.length + " bytes: " + e, e);
    }
  }

  /** Why {@code bytes} do not start with this codec's single-object header. */
  private String headerProblem(byte[] bytes) {
    if (bytes.length < 2 || bytes[0] != header[0] || bytes[1] != header[1]) {
      return "not Avro single-object encoding (no C3 01 marker)";
    }
    if (bytes.length < header.length) {
      return "truncated single-object header";
    }
    long fp = 0;
    for (int i = 0; i < 8; i++) {
      fp |= (bytes[2 + i] & 0xFFL) << (8 * i);
    }
    return "unknown writer schema fingerprint " + Long.toHexString(fp);
  }

  private boolean hasHeader(byte[] bytes) {
    if (bytes.length < header.length) {
      return false;
    }
    for (int i = 0; i < header.length; i++) {
      if (bytes[i] != header[i]) {
        return false;
      }
    }
    return true;
  }
}
