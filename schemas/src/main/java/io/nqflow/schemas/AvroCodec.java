package io.nqflow.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (2-byte marker {@code C3 01}, 8-byte little-endian CRC-64-AVRO
 * fingerprint of the writer schema, then the Avro binary body) for one generated message class. Any
 * Avro library can read it with the {@code .avsc} files alone; no schema registry is needed.
 */
public final class AvroCodec<V extends SpecificRecord> {
  private final Class<V> type;
  private final Schema schema;
  private final BinaryMessageEncoder<V> encoder;
  private final BinaryMessageDecoder<V> decoder;

  public AvroCodec(Class<V> type) {
    this.type = type;
    this.schema = SpecificData.get().getSchema(type);
    SpecificData model = new SpecificData(type.getClassLoader());
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
  }

  public Class<V> type() {
    return type;
  }

  public Schema schema() {
    return schema;
  }

  /** Encodes one message; never returns a shared buffer. */
  public byte[] encode(V value) {
    try {
      ByteBuffer buffer = encoder.encode(value);
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
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
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new MessageFormatException(
          "cannot decode " + type.getSimpleName() + " from " + bytes.length + " bytes: " + e, e);
    }
  }
}
