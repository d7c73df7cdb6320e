package io.nqflow.core.security;

import io.nqflow.orders.v1.OrderIntent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Signs and verifies {@link OrderIntent}s so that only the risk gate can make an order.
 *
 * <p>The signature is the lower-case hex HMAC-SHA256, keyed by the UTF-8 bytes of the signing key,
 * of the <em>canonical bytes</em> of an intent: the Avro binary encoding (schema {@code
 * io.nqflow.orders.v1.OrderIntent}) of a copy of the intent whose {@code signature} is null. Every
 * other field, {@code key_id} included (and any field added later), is thus covered. Instances are
 * immutable and serializable (the key travels with a Flink operator); {@link #toString()} never
 * shows the key.
 */
public final class IntentSigner implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String ALGORITHM = "HmacSHA256";

  /** Shortest accepted key, in characters. */
  public static final int MIN_KEY_LENGTH = 16;

  private final String key;
  private final String keyId;

  /**
   * A signer with {@code key} (at least {@value #MIN_KEY_LENGTH} characters) named {@code keyId}.
   *
   * @throws IllegalArgumentException if the key is too short or the id blank
   */
  public IntentSigner(String key, String keyId) {
    if (key == null || key.length() < MIN_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "intent signing key must have at least " + MIN_KEY_LENGTH + " characters");
    }
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("intent signing key id must not be blank");
    }
    this.key = key;
    this.keyId = keyId;
  }

  /** The id written into {@code key_id} of every intent this signer signs. */
  public String keyId() {
    return keyId;
  }

  /** A copy of {@code intent} with this signer's {@code key_id} and its signature. */
  public OrderIntent sign(OrderIntent intent) {
    OrderIntent out = OrderIntent.newBuilder(intent).setKeyId(keyId).setSignature(null).build();
    out.setSignature(hex(mac(canonicalBytes(out))));
    return out;
  }

  /**
   * True when {@code intent} carries this signer's key id and a signature that matches its
   * canonical bytes (compared in constant time).
   */
  public boolean verify(OrderIntent intent) {
    if (intent.getSignature() == null || !keyId.equals(intent.getKeyId())) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(intent.getSignature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, mac(canonicalBytes(intent)));
  }

  /** The bytes a signature covers: the Avro binary encoding of the intent with signature null. */
  public static byte[] canonicalBytes(OrderIntent intent) {
    OrderIntent unsigned = OrderIntent.newBuilder(intent).setSignature(null).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new SpecificDatumWriter<>(OrderIntent.class).write(unsigned, enc);
      enc.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode order intent " + intent.getClientOrderId(), e);
    }
    return out.toByteArray();
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

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Override
  public String toString() {
    return "IntentSigner[keyId=" + keyId + ", key=****]";
  }
}
