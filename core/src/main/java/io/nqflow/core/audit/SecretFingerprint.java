package io.nqflow.core.audit;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The printed form of a secret in a configuration audit record: {@code ****#} followed by 8 hex
 * digits (32 bits) of PBKDF2-HMAC-SHA256 over the secret with a random 16-byte salt and {@value
 * #ITERATIONS} iterations.
 *
 * <p>The salt is stored in the record and carried from one start of a component instance to the
 * next, so an unchanged secret prints the same and a rotated one shows as a change. The fingerprint
 * does not reveal a high-entropy key (API keys, HMAC keys). A reader of ops.audit could still test
 * guesses of a low-entropy password against it; the iterations make each guess cost about as much
 * as 100,000 HMACs and the 32-bit truncation leaves many candidates of a large dictionary matching,
 * but ops.audit should be readable only by those who may see the configuration.
 */
public final class SecretFingerprint {
  /** PBKDF2 iterations per fingerprint. */
  public static final int ITERATIONS = 100_000;

  /** Salt length, bytes. */
  public static final int SALT_BYTES = 16;

  /** The prefix of every printed secret. */
  public static final String MASK = "****#";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] salt;
  private final int iterations;

  private SecretFingerprint(byte[] salt, int iterations) {
    this.salt = salt.clone();
    this.iterations = iterations;
  }

  /** Fingerprints with a fresh random salt (the first start of an instance). */
  public static SecretFingerprint randomSalt() {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new SecretFingerprint(salt, ITERATIONS);
  }

  /**
   * Fingerprints with the salt a previous record stored.
   *
   * @throws IllegalArgumentException when {@code hexSalt} is not {@value #SALT_BYTES} bytes of hex
   */
  public static SecretFingerprint withSalt(String hexSalt) {
    byte[] salt;
    try {
      salt = HEX.parseHex(hexSalt);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config salt '" + hexSalt + "' is not hex", e);
    }
    if (salt.length != SALT_BYTES) {
      throw new IllegalArgumentException(
          "config salt has " + salt.length + " bytes, expected " + SALT_BYTES);
    }
    return new SecretFingerprint(salt, ITERATIONS);
  }

  /** For tests: a given salt and iteration count. */
  static SecretFingerprint of(byte[] salt, int iterations) {
    return new SecretFingerprint(salt, iterations);
  }

  /** The salt as lower-case hex, for the record. */
  public String saltHex() {
    return HEX.formatHex(salt);
  }

  /** The printed form of {@code secret}: {@code ****#} and 8 hex digits. */
  public String mask(String secret) {
    char[] chars = secret.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, 32);
    try {
      byte[] dk =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      return MASK + HEX.formatHex(dk);
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }
}
