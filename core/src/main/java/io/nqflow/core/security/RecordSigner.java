package io.nqflow.core.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Signs and verifies Avro records that carry a {@code key_id} (string) and a {@code signature}
 * field: an {@code OrderIntent} of the risk gate, a {@code ControlCommand} of an operator.
 *
 * <p>The signature is the HMAC-SHA256, keyed by the UTF-8 bytes of the key, of the <em>canonical
 * bytes</em> of a record: the Avro binary encoding (the record's own schema) of a copy whose {@code
 * signature} is null. Every other field, {@code key_id} included (and any field added later), is
 * thus covered. The signature field holds the 32 MAC bytes when its type is {@code bytes}, their
 * lower-case hex when it is {@code string}. Instances are immutable and serializable (the key
 * travels with a Flink operator); {@link #toString()} never shows the key.
 *
 * @param <T> the record type
 */
public class RecordSigner<T extends SpecificRecord> implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String ALGORITHM = "HmacSHA256";

  /** Name of the field that names the key. */
  public static final String KEY_ID_FIELD = "key_id";

  /** Name of the field that holds the signature. */
  public static final String SIGNATURE_FIELD = "signature";

  /** Shortest accepted key, in characters. */
  public static final int MIN_KEY_LENGTH = 16;

  private final Class<T> type;
  private final String key;
  private final String keyId;

  /**
   * A signer of {@code type} records with {@code key} (at least {@value #MIN_KEY_LENGTH}
   * characters) named {@code keyId}.
   *
   * @throws IllegalArgumentException if the key is too short, the id blank, or the type has no
   *     {@code key_id} or {@code signature} field
   */
  public RecordSigner(Class<T> type, String key, String keyId) {
    if (key == null || key.length() < MIN_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "signing key must have at least " + MIN_KEY_LENGTH + " characters");
    }
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("signing key id must not be blank");
    }
    Schema schema = SpecificData.get().getSchema(type);
    for (String f : new String[] {KEY_ID_FIELD, SIGNATURE_FIELD}) {
      if (schema.getField(f) == null) {
        throw new IllegalArgumentException(
            schema.getFullName() + " has no field " + f + ": it cannot be signed");
      }
    }
    this.type = type;
    this.key = key;
    this.keyId = keyId;
  }

  /** The id written into {@code key_id} of every record this signer signs. */
  public String keyId() {
    return keyId;
  }

  /** A copy of {@code record} with this signer's {@code key_id} and its signature. */
  public T sign(T record) {
    T out = copy(record);
    put(out, KEY_ID_FIELD, keyId);
    put(out, SIGNATURE_FIELD, null);
    byte[] mac = mac(canonicalBytes(out));
    put(
        out,
        SIGNATURE_FIELD,
        bytesField(out) ? ByteBuffer.wrap(mac) : HexFormat.of().formatHex(mac));
    return out;
  }

  /**
   * True when {@code record} carries this signer's key id and a signature that matches its
   * canonical bytes (compared in constant time).
   */
  public boolean verify(T record) {
    if (!keyId.equals(keyIdOf(record))) {
      return false;
    }
    byte[] given = signatureOf(record);
    return given != null && MessageDigest.isEqual(given, mac(canonicalBytes(record)));
  }

  /** The {@code key_id} a record claims (null when none). */
  public static String keyIdOf(SpecificRecord record) {
    Object v = get(record, KEY_ID_FIELD);
    return v == null ? null : v.toString();
  }

  /** Whether a record carries a signature at all (valid or not). */
  public static boolean isSigned(SpecificRecord record) {
    return get(record, SIGNATURE_FIELD) != null;
  }

  /** The bytes a signature covers: the Avro binary encoding of the record with signature null. */
  public static <R extends SpecificRecord> byte[] canonicalBytes(R record) {
    R unsigned = copy(record);
    put(unsigned, SIGNATURE_FIELD, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new SpecificDatumWriter<R>(unsigned.getSchema()).write(unsigned, enc);
      enc.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot encode " + record.getSchema().getFullName() + " for its signature", e);
    }
    return out.toByteArray();
  }

  /** The signature's MAC bytes, or null when unsigned or not decodable (e.g. bad hex). */
  private static byte[] signatureOf(SpecificRecord record) {
    Object v = get(record, SIGNATURE_FIELD);
    if (v == null) {
      return null;
    }
    if (v instanceof ByteBuffer b) {
      ByteBuffer d = b.duplicate();
      byte[] out = new byte[d.remaining()];
      d.get(out);
      return out;
    }
    try {
      return HexFormat.of().parseHex(v.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean bytesField(SpecificRecord record) {
    Schema s = record.getSchema().getField(SIGNATURE_FIELD).schema();
    if (s.getType() == Schema.Type.UNION) {
      for (Schema branch : s.getTypes()) {
        if (branch.getType() != Schema.Type.NULL) {
          return branch.getType() == Schema.Type.BYTES;
        }
      }
    }
    return s.getType() == Schema.Type.BYTES;
  }

  private static <R extends SpecificRecord> R copy(R record) {
    return SpecificData.get().deepCopy(record.getSchema(), record);
  }

  private static Object get(SpecificRecord record, String field) {
    Schema.Field f = record.getSchema().getField(field);
    if (f == null) {
      throw new IllegalArgumentException(
          record.getSchema().getFullName() + " has no field " + field);
    }
    return record.get(f.pos());
  }

  private static void put(SpecificRecord record, String field, Object value) {
    record.put(record.getSchema().getField(field).pos(), value);
  }

  private byte[] mac(byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "["
        + type.getSimpleName()
        + ", keyId="
        + keyId
        + ", key=****]";
  }
}
